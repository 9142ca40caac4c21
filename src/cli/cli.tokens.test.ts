import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMembers } from '../features/members/index.ts';
import { systemClock } from '../platform/clock.ts';
import { cliDatabase, countRows } from '../test/cli.ts';

test('zixun token list and revoke: one token by id, or all of a member; revoked tokens stop working', async (t) => {
  const db = await cliDatabase(t);
  assert.equal((await db.run(['migrate'])).code, 0);
  const h = db.open();
  t.after(() => h.close());
  const members = createMembers({ db: h.db, clock: systemClock });
  await members.create({ username: 'robot', role: 'editor' });
  await members.create({ username: 'other', role: 'editor' });

  const first = (await db.run(['token', 'create', '--user', 'robot', '--name', 'ci'])).stdout.trim();
  const second = (await db.run(['token', 'create', '--user', 'robot'])).stdout.trim();
  const theirs = (await db.run(['token', 'create', '--user', 'other'])).stdout.trim();
  const limited = await db.run(['token', 'create', '--user', 'robot', '--days', '30']);
  assert.equal(limited.code, 0, limited.stderr);
  assert.match(limited.stderr, /30 天后失效/);

  const list = await db.run(['token', 'list', '--user', 'robot']);
  assert.equal(list.code, 0, list.stderr);
  const rows = list.stdout.trimEnd().split('\n');
  assert.equal(rows[0], '编号\t名称\t创建时间\t最后使用\t到期时间');
  assert.equal(rows.length, 4);
  // Times as the site shows them: Beijing time, to the minute.
  assert.match(rows[1]!, /^\d+\tci\t\d{4}-\d\d-\d\d \d\d:\d\d\t-\t永不过期$/);
  assert.match(rows[3]!, /\tcli\t.*\t\d{4}-\d\d-\d\d \d\d:\d\d$/, 'the 30-day token shows its expiry');
  const created = rows[1]!.split('\t')[2]!;
  const beijingNow = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  assert.ok(created.startsWith(beijingNow) || created < beijingNow, `${created} is a Beijing date`);
  assert.doesNotMatch(list.stdout, /T\d\d:\d\d|Z\b/);
  assert.ok(![first, second].some((tok) => list.stdout.includes(tok)), 'tokens themselves are never shown');

  const firstId = rows[1]!.split('\t')[0]!;
  const theirId = (await db.run(['token', 'list', '--user', 'other'])).stdout.trimEnd().split('\n')[1]!.split('\t')[0]!;
  const wrongOwner = await db.run(['token', 'revoke', theirId, '--user', 'robot']);
  assert.equal(wrongOwner.code, 1);
  assert.match(wrongOwner.stderr, /令牌不存在或已被吊销/);

  const one = await db.run(['token', 'revoke', firstId]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stderr, new RegExp(`已吊销令牌 ${firstId}（ci）`));
  assert.equal(await members.memberForToken(first), undefined);
  assert.equal((await members.memberForToken(second))?.username, 'robot');
  assert.equal((await db.run(['token', 'revoke', firstId])).code, 1, 'gone already');

  const all = await db.run(['token', 'revoke', '--user', 'robot', '--all']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stderr, /已吊销会员 robot 的 2 个令牌/);
  assert.equal(await members.memberForToken(second), undefined);
  assert.equal((await members.memberForToken(theirs))?.username, 'other', 'other members keep theirs');
  const none = await db.run(['token', 'list', '--user', 'robot']);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /没有 API 令牌/);
  assert.equal(await countRows(db, 'api_tokens'), 1);

  // 操作日志 records what was done on the command line: by nobody signed in, via the CLI.
  const log = await h.db.selectFrom('audit_log').select(['action', 'actor_id', 'target_id', 'detail', 'ip']).orderBy('id').execute();
  const robot = (await members.byUsername('robot'))!.id;
  assert.deepEqual(
    log.map((e) => [e.action, e.actor_id, e.target_id, e.ip, JSON.parse(e.detail).via]),
    [
      ['member.token_create', null, robot, 'cli', 'cli'],
      ['member.token_create', null, robot, 'cli', 'cli'],
      ['member.token_create', null, (await members.byUsername('other'))!.id, 'cli', 'cli'],
      ['member.token_create', null, robot, 'cli', 'cli'],
      ['member.token_revoke', null, robot, 'cli', 'cli'],
      ['member.token_revoke', null, robot, 'cli', 'cli'],
    ],
  );
  assert.deepEqual(JSON.parse(log[4]!.detail), { tokenId: Number(firstId), name: 'ci', via: 'cli' });
  assert.deepEqual(JSON.parse(log[5]!.detail), { all: true, count: 2, via: 'cli' });

  for (const args of [
    ['token', 'revoke'],
    ['token', 'revoke', '--all'],
    ['token', 'revoke', '1', '--user', 'robot', '--all'],
    ['token', 'revoke', 'abc'],
    ['token', 'list'],
  ]) {
    const r = await db.run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /用法/, args.join(' '));
  }
  const unknown = await db.run(['token', 'list', '--user', 'nobody']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /用户不存在/);
  const badDays = await db.run(['token', 'create', '--user', 'robot', '--days', '0']);
  assert.equal(badDays.code, 2);
  assert.match(badDays.stderr, /--days 不能小于1/);
});
