import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMembers, verifyPassword } from '../features/members/index.ts';
import { systemClock } from '../platform/clock.ts';
import { cliDatabase, countRows, runCli } from '../test/cli.ts';

test('zixun user create makes a member with the password from a file', async (t) => {
  const db = await cliDatabase(t);
  const pwFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-pw-')), 'pw');
  t.after(() => fs.rmSync(path.dirname(pwFile), { recursive: true, force: true }));
  fs.writeFileSync(pwFile, '青川-secret-2026\n');

  const ok = await db.run(['user', 'create', '--username', 'bianji01', '--role', 'editor', '--password-file', pwFile]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '');
  const h = db.open();
  try {
    const row = await h.db.selectFrom('members').select(['role', 'password_hash']).where('username', '=', 'bianji01').executeTakeFirstOrThrow();
    assert.equal(row.role, 'editor');
    assert.ok(await verifyPassword('青川-secret-2026', row.password_hash), 'the trailing newline is not part of the password');
    const log = await h.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail', 'ip']).execute();
    assert.deepEqual(
      log.map((e) => [e.action, e.actor_id, e.ip, JSON.parse(e.detail)]),
      [['member.create', null, 'cli', { role: 'editor', via: 'cli' }]],
      '操作日志 shows the account created on the command line',
    );
  } finally {
    await h.close();
  }

  const again = await db.run(['user', 'create', '--username', 'bianji01', '--role', 'editor', '--password-file', pwFile]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /用户名「bianji01」已被注册/);
});

test('zixun user create refuses bad input and a missing password without creating anyone', async (t) => {
  const db = await cliDatabase(t);
  assert.equal((await db.run(['migrate'])).code, 0);
  const noPassword = await db.run(['user', 'create', '--username', 'bianji02', '--role', 'admin']);
  assert.equal(noPassword.code, 2, 'stdin is not a terminal and there is no --password-file');
  assert.match(noPassword.stderr, /--password-file/);
  const badRole = await db.run(['user', 'create', '--username', 'bianji02', '--role', 'boss', '--password-file', '/nonexistent']);
  assert.equal(badRole.code, 2);
  assert.match(badRole.stderr, /--role/);
  const noFile = await db.run(['user', 'create', '--username', 'bianji02', '--role', 'admin', '--password-file', '/nonexistent/pw']);
  assert.equal(noFile.code, 1);
  assert.match(noFile.stderr, /无法读取密码文件/);
  assert.equal(await countRows(db, 'members'), 0);
});

test('zixun token create prints only the token, and the token works', async (t) => {
  const db = await cliDatabase(t);
  assert.equal((await db.run(['migrate'])).code, 0);
  const h = db.open();
  await createMembers({ db: h.db, clock: systemClock }).create({ username: 'robot', role: 'editor' });

  const res = await db.run(['token', 'create', '--user', 'robot']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^zx_[A-Za-z0-9_-]{20,}\n$/);
  const member = await createMembers({ db: h.db, clock: systemClock }).memberForToken(res.stdout.trim());
  await h.close();
  assert.equal(member?.username, 'robot');

  const unknown = await db.run(['token', 'create', '--user', 'nobody']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /用户不存在/);
});

test('usage errors exit with 2 and say what is wrong', async () => {
  const env = { DATABASE_URL: 'sqlite::memory:' };
  const cases: Array<[string[], RegExp]> = [
    [[], /用法/],
    [['frobnicate'], /未知命令/],
    [['user'], /子命令/],
    [['token', 'create'], /--user/],
    [['token', 'create', '--user', 'x', '--colour', 'red'], /colour/],
    [['seed', '--articles', 'many'], /--articles/],
    [['import'], /文件/],
  ];
  const results = await Promise.all(cases.map(([args]) => runCli(args, env)));
  for (const [i, [args, pattern]] of cases.entries()) {
    assert.equal(results[i]?.code, 2, args.join(' '));
    assert.match(results[i]?.stderr ?? '', pattern, args.join(' '));
  }
  const help = await runCli(['help'], env);
  assert.equal(help.code, 0);
  for (const c of ['serve', 'migrate', 'seed', 'user create', 'token create', 'export', 'import']) assert.ok(help.stdout.includes(c), c);
});
