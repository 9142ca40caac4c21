import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cliDatabase } from '../test/cli.ts';

test('zixun uploads sweep --dry-run counts and changes nothing; the real sweep removes old orphans and is audited', async (t) => {
  const db = await cliDatabase(t);
  const z = await db.app();
  const dir = z.storage.root;
  try {
    await z.storage.put('covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg', Buffer.alloc(3000, 1)); // recorded, made old below
    await z.storage.put('images/2026/11/bbbbbbbbbbbbbbbbbb.jpg', Buffer.alloc(500, 1)); // recorded, fresh
  } finally {
    await z.close();
  }
  fs.writeFileSync(path.join(dir, 'legacy.png'), Buffer.alloc(1000, 1)); // on disk before the table
  const old = new Date(Date.now() - 3 * 86400_000);
  fs.utimesSync(path.join(dir, 'legacy.png'), old, old);
  const h = db.open();
  try {
    await h.db.updateTable('uploads').set({ created_at: old.toISOString() }).where('key', '=', 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg').execute();
    const rows = async () => (await h.db.selectFrom('uploads').select('key').orderBy('key').execute()).map((r) => r.key);
    const before = await rows();

    const dry = await db.run(['uploads', 'sweep', '--dry-run', '--dir', dir]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /可清理 2 个未使用附件，共 3\.9 KB；未登记的文件 1 个/);
    assert.deepEqual(await rows(), before, 'no row added or removed');
    assert.ok(fs.existsSync(path.join(dir, 'legacy.png')) && fs.existsSync(path.join(dir, 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg')));
    const audited = () => h.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'uploads.sweep').execute();
    assert.equal((await audited()).length, 0, 'a dry run is not audited');

    const real = await db.run(['uploads', 'sweep', '--dir', dir]);
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /已清理 2 个未使用附件，释放 3\.9 KB/);
    assert.ok(!fs.existsSync(path.join(dir, 'legacy.png')));
    assert.ok(!fs.existsSync(path.join(dir, 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg')));
    assert.ok(fs.existsSync(path.join(dir, 'images/2026/11/bbbbbbbbbbbbbbbbbb.jpg')), 'a fresh file stays');
    assert.deepEqual(await rows(), ['images/2026/11/bbbbbbbbbbbbbbbbbb.jpg']);
    const log = await audited();
    assert.equal(log.length, 1);
    assert.deepEqual(JSON.parse(log[0]!.detail as string), { count: 2, bytes: 4000, via: 'cli' });

    const missing = await db.run(['uploads', 'sweep', '--dir', path.join(dir, 'nope')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /上传目录不存在/);
  } finally {
    await h.close();
  }
});
