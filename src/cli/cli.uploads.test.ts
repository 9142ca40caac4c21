import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cliDatabase } from '../test/cli.ts';
import { ROOT } from '../test/app.ts';
import { testDialect } from '../test/db.ts';
import { makeArticle, makeCategory } from '../test/factories.ts';

const DAY = 86400_000;

/** Writes `rel` under `dir`, dated `days` ago. */
function oldFile(dir: string, rel: string, bytes: number, days = 3): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(bytes, 1));
  const at = new Date(Date.now() - days * DAY);
  fs.utimesSync(file, at, at);
}

test('zixun uploads sweep --dry-run counts and changes nothing; the real sweep removes old orphans, adopts unrecorded files for later, touches nothing else, is audited', async (t) => {
  const db = await cliDatabase(t);
  const z = await db.app();
  const dir = z.storage.root;
  try {
    await makeCategory(z, { slug: 'local', name: '本地' });
    await makeArticle(z, { category: 'local' });
    await z.storage.put('covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg', Buffer.alloc(3000, 1)); // recorded, made old below
    await z.storage.put('images/2026/11/bbbbbbbbbbbbbbbbbb.jpg', Buffer.alloc(500, 1)); // recorded, fresh
  } finally {
    await z.close();
  }
  oldFile(dir, 'images/2019/01/legacy.png', 1000); // on disk before the table
  // Not files storage hands out: never looked at, however old.
  const foreign = ['zixun.db', 'notes.txt', 'outbox/x.eml', 'backup/covers/a.jpg', 'site/readme.png'];
  for (const f of foreign) oldFile(dir, f, 2000, 30);
  const old = new Date(Date.now() - 3 * DAY);
  const h = db.open();
  try {
    await h.db.updateTable('uploads').set({ created_at: old.toISOString() }).where('key', '=', 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg').execute();
    const rows = async () => (await h.db.selectFrom('uploads').select('key').orderBy('key').execute()).map((r) => r.key);
    const before = await rows();

    const dry = await db.run(['uploads', 'sweep', '--dry-run', '--dir', dir]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /可清理 1 个未使用附件，共 2\.9 KB；未登记的文件 1 个/);
    assert.deepEqual(await rows(), before, 'no row added or removed');
    assert.ok(fs.existsSync(path.join(dir, 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg')));
    const audited = () => h.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'uploads.sweep').execute();
    assert.equal((await audited()).length, 0, 'a dry run is not audited');

    const real = await db.run(['uploads', 'sweep', '--dir', dir]);
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /已清理 1 个未使用附件，释放 2\.9 KB；新登记早期文件 1 个/);
    assert.ok(!fs.existsSync(path.join(dir, 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg')));
    assert.ok(fs.existsSync(path.join(dir, 'images/2019/01/legacy.png')), 'an unrecorded file gets 24 hours from now');
    assert.ok(fs.existsSync(path.join(dir, 'images/2026/11/bbbbbbbbbbbbbbbbbb.jpg')), 'a fresh file stays');
    for (const f of foreign) assert.ok(fs.existsSync(path.join(dir, f)), `${f} is never touched`);
    assert.deepEqual(await rows(), ['images/2019/01/legacy.png', 'images/2026/11/bbbbbbbbbbbbbbbbbb.jpg']);
    const log = await audited();
    assert.equal(log.length, 1);
    assert.deepEqual(JSON.parse(log[0]!.detail as string), { count: 1, bytes: 3000, via: 'cli' });

    const missing = await db.run(['uploads', 'sweep', '--dir', path.join(dir, 'nope')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /上传目录不存在/);
  } finally {
    await h.close();
  }
});

test('zixun uploads sweep refuses (exit 1, nothing removed, audited) on a database without articles, unless --force', async (t) => {
  const db = await cliDatabase(t);
  const z = await db.app();
  const dir = z.storage.root;
  try {
    await z.storage.put('covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg', Buffer.alloc(3000, 1));
  } finally {
    await z.close();
  }
  const h = db.open();
  try {
    await h.db
      .updateTable('uploads')
      .set({ created_at: new Date(Date.now() - 3 * DAY).toISOString() })
      .execute();
    const refused = await db.run(['uploads', 'sweep', '--dir', dir]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /已拒绝清理：数据库中没有任何文章/);
    assert.match(refused.stderr, /Sweep refused: the database has no articles/);
    assert.match(refused.stderr, /--force/);
    assert.ok(fs.existsSync(path.join(dir, 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg')));
    const refusals = await h.db.selectFrom('audit_log').select('detail').where('action', '=', 'uploads.sweep_refused').execute();
    assert.equal(refusals.length, 1);

    const forced = await db.run(['uploads', 'sweep', '--force', '--dir', dir]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /已清理 1 个未使用附件/);
    assert.ok(!fs.existsSync(path.join(dir, 'covers/2026/11/aaaaaaaaaaaaaaaaaa.jpg')));
  } finally {
    await h.close();
  }
});

test('zixun uploads sweep refuses a folder holding the working directory’s data folder or the SQLite database, and ZIXUN_UPLOADS_DIR=./data', async (t) => {
  const db = await cliDatabase(t);
  await (await db.app()).close();
  const cwdRun = await db.run(['uploads', 'sweep', '--dir', ROOT]); // the CLI runs in ROOT: `--dir .`
  assert.equal(cwdRun.code, 1);
  assert.match(cwdRun.stderr, /不能把 .* 当作上传目录/);
  assert.match(cwdRun.stderr, /--dir: .*data folder/);
  assert.ok(fs.existsSync(path.join(ROOT, 'package.json')));
  if (testDialect() === 'sqlite') {
    const dbFile = db.url.slice('sqlite:'.length);
    const withDb = await db.run(['uploads', 'sweep', '--dir', path.dirname(dbFile)]);
    assert.equal(withDb.code, 1);
    assert.match(withDb.stderr, /holds the SQLite database/);
    assert.ok(fs.existsSync(dbFile));
  }
  const env = await db.run(['uploads', 'sweep'], { env: { ZIXUN_UPLOADS_DIR: './data' } });
  assert.equal(env.code, 1);
  assert.match(env.stderr, /ZIXUN_UPLOADS_DIR: .*data folder/);
});
