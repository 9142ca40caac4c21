import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliDatabase, countRows, runCli } from '../test/cli.ts';

function tmpDir(t: { after(fn: () => unknown): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-msg-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ASCII_ENGLISH = /\b(Unknown|option|argument|ambiguous|EISDIR|illegal)\b/;

// Its own SQLite file whatever the test database is (the rule is about SQLite files).
test('commands that only read refuse a SQLite file that is not there, creating nothing', async (t) => {
  const dir = tmpDir(t);
  const target = path.join(dir, 'nonexistent', 'dir', 'x.db');
  const env = { DATABASE_URL: `sqlite:${target}` };
  for (const args of [
    ['export'],
    ['token', 'list', '--user', 'admin'],
    ['token', 'create', '--user', 'admin'],
    ['token', 'revoke', '1'],
    ['reindex'],
    ['ledger', 'verify'],
  ]) {
    const r = await runCli(args, env);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, /数据库文件不存在：.*x\.db/, args.join(' '));
    assert.doesNotMatch(r.stderr, /已导出/);
  }
  assert.equal(fs.existsSync(path.join(dir, 'nonexistent')), false, 'no folder and no empty database were made');
  // Commands that write may still start a new site.
  const migrated = await runCli(['migrate'], env);
  assert.equal(migrated.code, 0, migrated.stderr);
  const exported = await runCli(['export'], env);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /已导出 0 篇文章/);
});

test('an empty password file is called empty', async (t) => {
  const db = await cliDatabase(t);
  const pw = path.join(tmpDir(t), 'pw');
  for (const content of ['', '\n', '  \n']) {
    fs.writeFileSync(pw, content);
    const r = await db.run(['user', 'create', '--username', 'bianji03', '--role', 'editor', '--password-file', pw]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /密码文件是空的/, JSON.stringify(content));
  }
  fs.writeFileSync(pw, 'one-line-pass-1\nsecond line\n');
  const two = await db.run(['user', 'create', '--username', 'bianji03', '--role', 'editor', '--password-file', pw]);
  assert.match(two.stderr, /密码文件应只包含一行密码/);
});

test('usage errors from the option parser are said in Chinese, with exit code 2', async () => {
  const env = { DATABASE_URL: 'sqlite::memory:' };
  const cases: Array<[string[], RegExp]> = [
    [['token', 'create', '--user', 'x', '--colour', 'red'], /未知选项：--colour/],
    [['export', '-x'], /未知选项：-x/],
    [['seed', '--articles', '-5'], /--articles 不能小于1/],
    [['seed', '--articles'], /选项 --articles 需要一个值/],
    [['import', 'x.jsonl', '--dry-run=yes'], /选项 --dry-run 不需要值/],
    [['token', 'create', '--user', '--name', 'x'], /选项 --user 的值不能以“-”开头/],
  ];
  const results = await Promise.all(cases.map(([args]) => runCli(args, env)));
  for (const [i, [args, pattern]] of cases.entries()) {
    assert.equal(results[i]?.code, 2, args.join(' '));
    assert.match(results[i]?.stderr ?? '', pattern, args.join(' '));
    assert.doesNotMatch(results[i]?.stderr ?? '', ASCII_ENGLISH, args.join(' '));
  }
});

test('importing a folder says it is a folder; nothing is imported', async (t) => {
  const db = await cliDatabase(t);
  assert.equal((await db.run(['migrate'])).code, 0);
  const dir = tmpDir(t);
  const r = await db.run(['import', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /是一个目录：请指定要导入的 JSON Lines 文件/);
  assert.doesNotMatch(r.stderr, ASCII_ENGLISH);
  assert.equal(await countRows(db, 'articles'), 0);
});

test('zixun <command> --help prints that command’s usage and exits 0; an unknown subcommand is named as such', async () => {
  const env = { DATABASE_URL: 'sqlite::memory:' };
  for (const [args, usage] of [
    [['export', '--help'], /zixun export \[--out 文件\]/],
    [['import', '-h'], /zixun import 文件/],
    [['token', 'list', '--help'], /zixun token list --user 用户名/],
    [['user', 'create', '--help'], /zixun user create --username/],
  ] as Array<[string[], RegExp]>) {
    const r = await runCli(args, env);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, usage, args.join(' '));
    assert.doesNotMatch(r.stderr, /未知选项/);
  }
  const unknown = await runCli(['user', 'delete', 'bianji03'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /未知子命令：zixun user delete；可用的子命令：create/);
  assert.doesNotMatch(unknown.stderr, /需要子命令/);
  const tokenVerb = await runCli(['token', 'show'], env);
  assert.match(tokenVerb.stderr, /可用的子命令：create、list、revoke/);
});

test('a password file that is not there is said in Chinese, not as ENOENT', async (t) => {
  const db = await cliDatabase(t);
  const r = await db.run(['user', 'create', '--username', 'bianji04', '--role', 'editor', '--password-file', path.join(tmpDir(t), 'missing.pw')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /无法读取密码文件 .*missing\.pw：文件不存在/);
  assert.doesNotMatch(r.stderr, /ENOENT/);
});

test('seed progress is said in Chinese', async () => {
  const { seedProgress, seedDone } = await import('./seed.ts');
  assert.equal(seedProgress(15, 30, 120), '生成文章 15/30（50%）120 篇/秒');
  assert.equal(seedDone(30, 0.04), '已生成 30 篇模拟文章，用时 0.0 秒');
});
