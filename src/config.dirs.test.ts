// Where uploads and the mail outbox live: ZIXUN_UPLOADS_DIR and ZIXUN_OUTBOX_DIR, so instances of one
// site can share a mount and two sites started from one install keep their files apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig, type Config } from './config.ts';
import { createZixun } from './main.ts';
import { createFakeClock } from './platform/clock.ts';
import { createOutboxMailer } from './platform/mail/index.ts';
import { openTestDatabase } from './test/db.ts';
import type { TestApp } from './test/app.ts';
import { loginAs } from './test/session.ts';

const base = (): Config => ({ ...loadConfig({ ZIXUN_LOG: 'silent' }), demo: false, hitFlushMs: 3_600_000 });

function tempDir(t: { after(fn: () => void): void }): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-dirs-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  return tmp;
}

/** The app as `zixun serve` builds it (its own file storage), started in `cwd`. */
async function start(t: { after(fn: () => Promise<void>): void }, cwd: string, overrides: Partial<Config>, withMailer = true): Promise<TestApp> {
  const clock = createFakeClock('2026-11-27T08:00:00.000Z');
  const dbh = await openTestDatabase();
  t.after(() => dbh.close());
  const z = await createZixun({ ...base(), ...overrides }, { clock, dbh, rootDir: cwd, ...(withMailer ? { mailer: createOutboxMailer(undefined) } : {}) });
  t.after(() => z.close());
  return { ...z, clock, tmp: cwd, close: z.close };
}

test('both folders default to ./data and can be set', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.uploadsDir, './data/uploads');
  assert.equal(defaults.outboxDir, './data/outbox');
  const set = loadConfig({ ZIXUN_UPLOADS_DIR: '/srv/shared/site-a/uploads', ZIXUN_OUTBOX_DIR: 'mail' });
  assert.equal(set.uploadsDir, '/srv/shared/site-a/uploads');
  assert.equal(set.outboxDir, 'mail');
  assert.throws(() => loadConfig({ ZIXUN_UPLOADS_DIR: '  ' }), /ZIXUN_UPLOADS_DIR/);
});

test('an upload is stored in ZIXUN_UPLOADS_DIR (relative to the working directory, created) and served from /uploads/', async (t) => {
  const cwd = tempDir(t);
  const z = await start(t, cwd, { uploadsDir: 'site-a/files' });
  const dir = path.join(cwd, 'site-a', 'files');
  assert.equal(z.storage.root, dir);
  assert.ok(fs.statSync(dir).isDirectory(), 'the folder is created at start-up');

  const admin = await loginAs(z, 'boss', 'admin');
  const boundary = '----zxdirs';
  const logo = await sharp({ create: { width: 120, height: 40, channels: 3, background: { r: 10, g: 90, b: 200 } } })
    .png()
    .toBuffer();
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="logoFile"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`;
  const res = await z.app.inject({
    method: 'POST',
    url: `/admin/settings/logo?_csrf=${encodeURIComponent(admin.csrf)}`,
    headers: { cookie: admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), logo, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const url = (await z.settings.get()).logoUrl;
  assert.match(url, /^\/uploads\//);
  const file = path.join(dir, url.slice('/uploads/'.length));
  assert.ok(fs.existsSync(file), `stored under the configured folder: ${file}`);
  assert.ok(!fs.existsSync(path.join(cwd, 'data')), 'nothing under ./data');

  const served = await z.app.inject(url);
  assert.equal(served.statusCode, 200);
  assert.deepEqual(served.rawPayload, fs.readFileSync(file));
});

test('without SMTP, mail goes to ZIXUN_OUTBOX_DIR', async (t) => {
  const cwd = tempDir(t);
  const outbox = path.join(cwd, 'shared', 'outbox');
  const z = await start(t, cwd, { uploadsDir: 'uploads', outboxDir: outbox, smtpUrl: undefined }, false);
  assert.equal(z.outboxDir, outbox);
  assert.ok(fs.statSync(outbox).isDirectory());
});

test('a folder that cannot be created stops start-up with a message naming the setting', async (t) => {
  const cwd = tempDir(t);
  fs.writeFileSync(path.join(cwd, 'a-file'), 'not a folder');
  await assert.rejects(
    start(t, cwd, { uploadsDir: 'a-file/uploads' }),
    (e: Error) => /ZIXUN_UPLOADS_DIR/.test(e.message) && e.message.includes(path.join(cwd, 'a-file', 'uploads')),
  );
  await assert.rejects(start(t, cwd, { uploadsDir: 'uploads', outboxDir: 'a-file' }, false), /ZIXUN_OUTBOX_DIR/);
});
