import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { AppError } from '../../platform/errors.ts';
import { createTips } from './tips.service.ts';
import { TIP_WINDOW_MS, TIPS_PER_WINDOW } from './tips.routes.tsx';

async function setup(t: { after(fn: () => Promise<void>): void }, opts: { reward?: number } = {}) {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.points.saveRules([{ rule: 'tip', points: opts.reward ?? 0, dailyCap: 10 }]);
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川夜市重新开张', author: 'reporter1' });
  const author = (await z.members.byUsername('reporter1'))!;
  const fan = await z.members.create({ username: 'fan', role: 'member' });
  const token = await z.members.createToken('fan');
  return { z, a, author, fan, token };
}

const fund = (z: TestApp, memberId: number, amount: number) => z.points.adjust({ actorId: memberId, memberId, amount, reason: '测试充值' });

async function revenue(z: TestApp): Promise<number> {
  const r = await z.dbh.db.selectFrom('point_accounts').select('balance').where('code', '=', 'revenue').executeTakeFirstOrThrow();
  return Number(r.balance);
}

async function tipRows(z: TestApp): Promise<number> {
  const r = await z.dbh.db
    .selectFrom('tips')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function api(z: TestApp, token: string | undefined, articleId: number, body: unknown, headers: Record<string, string> = {}) {
  return z.app.inject({
    method: 'POST',
    url: `/api/v1/articles/${articleId}/tips`,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The tips service on the test app's parts, for service-level checks. */
function tipsService(z: TestApp) {
  return createTips({
    dbh: z.dbh,
    clock: z.clock,
    members: z.members,
    bannedWords: z.bannedWords,
    points: z.points,
    purge: (tags) => void z.cache.purge(tags),
  });
}

test('CONCURRENCY: 1,000 parallel 1-point tips from a member holding 500: exactly 500 succeed, the balance ends at 0', async (t) => {
  const { z, a, author, fan } = await setup(t);
  await fund(z, fan.id, 500);
  const tips = tipsService(z);
  const rev0 = await revenue(z);
  const results = await Promise.allSettled(
    Array.from({ length: 1000 }, (_, i) => tips.tip({ memberId: fan.id, articleId: a.id, amount: 1, key: `conc-${String(i).padStart(4, '0')}` })),
  );
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 500, String(refused.find((r) => !(r.reason instanceof AppError && r.reason.code === 'points_insufficient'))?.reason?.stack));
  assert.equal(refused.length, 500);
  for (const r of refused) assert.ok(r.reason instanceof AppError && r.reason.code === 'points_insufficient' && r.reason.status === 422, String(r.reason));
  assert.equal(await z.points.balance(fan.id), 0);
  assert.equal((await z.articles.getAny(a.id))!.tipCount, 500);
  assert.equal(await tipRows(z), 500);
  // 1 point at 80%: floor(0.8) = 0 to the author, 1 to the site.
  assert.equal(await z.points.balance(author.id), 0);
  assert.equal((await revenue(z)) - rev0, 500);
  const report = await z.points.verify();
  assert.deepEqual(report.problems, []);
  assert.equal(report.total, 0);
});

test('CONCURRENCY over HTTP: 60 parallel API tips (the rate limit) of 3 points from a member holding 90 → 30 succeed', async (t) => {
  const { z, a, author, fan, token } = await setup(t);
  await fund(z, fan.id, 90);
  assert.equal(TIPS_PER_WINDOW, 60);
  const res = await Promise.all(Array.from({ length: 60 }, (_, i) => api(z, token, a.id, { amount: 3 }, { 'idempotency-key': `http-${i}-abcdef` })));
  const codes = res.map((r) => r.statusCode);
  assert.equal(
    codes.filter((c) => c === 201).length,
    30,
    JSON.stringify([codes.slice(0, 20), res.find((r) => r.statusCode !== 201 && r.statusCode !== 422)?.body]),
  );
  assert.equal(codes.filter((c) => c === 422).length, 30);
  assert.equal(JSON.parse(res.find((r) => r.statusCode === 422)!.body).error.code, 'points_insufficient');
  assert.equal(await z.points.balance(fan.id), 0);
  assert.equal(await z.points.balance(author.id), 60, 'floor(3 × 80%) = 2 per tip');
  assert.equal((await z.articles.getAny(a.id))!.tipCount, 30);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('the same Idempotency-Key sent many times at once is one tip', async (t) => {
  const { z, a, fan, token } = await setup(t);
  await fund(z, fan.id, 1000);
  const res = await Promise.all(Array.from({ length: 20 }, () => api(z, token, a.id, { amount: 10, message: '支持' }, { 'idempotency-key': 'same-key-123' })));
  const codes = res.map((r) => r.statusCode).sort();
  assert.equal(codes.filter((c) => c === 201).length, 1, codes.join(','));
  assert.equal(codes.filter((c) => c === 200).length, 19);
  assert.equal(new Set(res.map((r) => JSON.parse(r.body).tip.id)).size, 1);
  assert.equal(await z.points.balance(fan.id), 990);
  assert.equal(await tipRows(z), 1);
  assert.equal((await z.articles.getAny(a.id))!.tipCount, 1);
  const body = JSON.parse(res[0]!.body);
  assert.deepEqual(
    { amount: body.tip.amount, authorShare: body.tip.authorShare, siteShare: body.tip.siteShare, balance: body.balance },
    { amount: 10, authorShare: 8, siteShare: 2, balance: 990 },
  );
});

test('API refusals: JSON field errors for bad amounts, deleted articles, self-tips, no token; nothing moves', async (t) => {
  const { z, a, author, fan, token } = await setup(t);
  await fund(z, fan.id, 100);
  const cases: Array<[unknown, string]> = [
    [-5, '打赏积分必须大于0'],
    [0, '打赏积分必须大于0'],
    [1.5, '打赏积分必须是整数'],
    [1e20, '打赏积分不能超过10000'],
    ['abc', '打赏积分必须是数字'],
    [null, '请选择或填写打赏积分'],
    [true, '打赏积分必须是数字'],
    [[5], '打赏积分必须是数字'],
  ];
  for (const [amount, msg] of cases) {
    const r = await api(z, token, a.id, { amount });
    assert.equal(r.statusCode, 422, String(amount));
    const e = JSON.parse(r.body).error;
    assert.equal(e.code, 'validation_failed');
    assert.equal(e.fields.amount, msg, String(amount));
  }
  // JSON cannot carry NaN or Infinity; a huge literal parses to Infinity.
  const inf = await api(z, token, a.id, '{"amount": 1e999}');
  assert.equal(inf.statusCode, 422);
  assert.equal(JSON.parse(inf.body).error.fields.amount, '打赏积分必须是数字');

  const poor = await api(z, token, a.id, { amount: 101 });
  assert.equal(poor.statusCode, 422);
  assert.deepEqual(JSON.parse(poor.body).error, { code: 'points_insufficient', message: '积分不足：您当前有 100 积分，不够打赏 101 积分' });
  const badKey = await api(z, token, a.id, { amount: 1 }, { 'idempotency-key': 'x' });
  assert.equal(badKey.statusCode, 422);
  assert.ok(JSON.parse(badKey.body).error.fields.idempotencyKey);
  assert.equal((await api(z, undefined, a.id, { amount: 1 })).statusCode, 401);
  assert.equal((await api(z, 'nope', a.id, { amount: 1 })).statusCode, 401);
  assert.equal((await api(z, token, a.id, 'amount=1', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode, 400);
  assert.equal((await api(z, token, a.id, '[1]')).statusCode, 400);

  const authorToken = await z.members.createToken('reporter1');
  await fund(z, author.id, 50);
  const self = await api(z, authorToken, a.id, { amount: 1 });
  assert.equal(self.statusCode, 422);
  assert.equal(JSON.parse(self.body).error.code, 'tip_self');

  await z.articles.remove(a.id);
  const gone = await api(z, token, a.id, { amount: 1 });
  assert.equal(gone.statusCode, 422);
  assert.deepEqual(JSON.parse(gone.body).error, { code: 'tip_article_gone', message: '文章不存在、未发布或已删除，无法打赏' });
  assert.equal((await api(z, token, 999999, { amount: 1 })).statusCode, 422);
  assert.equal((await api(z, token, 0, { amount: 1 })).statusCode, 404);

  assert.equal(await z.points.balance(fan.id), 100);
  assert.equal(await z.points.balance(author.id), 50);
  assert.equal(await tipRows(z), 0);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('receiving a tip earns the reward rule once per tip, on top of the share', async (t) => {
  const { z, a, author, fan, token } = await setup(t, { reward: 2 });
  await fund(z, fan.id, 100);
  assert.equal((await api(z, token, a.id, { amount: 10 }, { 'idempotency-key': 'reward-key-1' })).statusCode, 201);
  assert.equal((await api(z, token, a.id, { amount: 10 }, { 'idempotency-key': 'reward-key-1' })).statusCode, 200);
  assert.equal(await z.points.balance(author.id), 8 + 2, 'share 8 and one reward of 2');
  assert.equal(await z.points.balance(fan.id), 90);
  const rewards = await z.dbh.db.selectFrom('ledger_transactions').selectAll().where('reason', '=', 'reward.tip').execute();
  assert.equal(rewards.length, 1);
});

test('tipping over the API is rate limited per member: over the limit a JSON 429 with Retry-After, nothing moves; later it works again', async (t) => {
  const { z, a, fan, token } = await setup(t);
  await fund(z, fan.id, 1000);
  for (let i = 0; i < TIPS_PER_WINDOW; i++) assert.equal((await api(z, token, a.id, { amount: 1 })).statusCode, 201);
  const before = await tipRows(z);
  const over = await api(z, token, a.id, { amount: 1, message: '再来一次' }, { 'idempotency-key': 'over-limit-01' });
  assert.equal(over.statusCode, 429);
  assert.equal(over.headers['retry-after'], String(TIP_WINDOW_MS / 1000));
  assert.deepEqual(JSON.parse(over.body).error, { code: 'rate_limited', message: `打赏过于频繁：10分钟内最多打赏${TIPS_PER_WINDOW}次，请稍后再试` });
  assert.equal(await tipRows(z), before, 'nothing written');
  assert.equal(await z.points.balance(fan.id), 1000 - TIPS_PER_WINDOW);
  // Another member is not affected; the same member can tip again after the window.
  await z.members.create({ username: 'fan2', role: 'member' });
  await fund(z, (await z.members.byUsername('fan2'))!.id, 10);
  assert.equal((await api(z, await z.members.createToken('fan2'), a.id, { amount: 1 })).statusCode, 201);
  z.clock.advance(TIP_WINDOW_MS);
  assert.equal((await api(z, token, a.id, { amount: 1 }, { 'idempotency-key': 'over-limit-01' })).statusCode, 201);
});

test('an article’s latest tips come with the count and sum of all of them, whether or not they fill the list', async (t) => {
  const { z, a, fan } = await setup(t);
  await fund(z, fan.id, 1000);
  const tips = tipsService(z);
  assert.deepEqual(await tips.latestFor(a.id, 5), { items: [], total: 0, sum: 0 });
  for (let i = 1; i <= 3; i++) await tips.tip({ memberId: fan.id, articleId: a.id, amount: i * 10, key: `few-${i}-abcdef` });
  const few = await tips.latestFor(a.id, 5);
  assert.deepEqual(
    few.items.map((x) => [x.amount, x.tipperName]),
    [
      [30, 'fan'],
      [20, 'fan'],
      [10, 'fan'],
    ],
  );
  assert.equal(few.total, 3);
  assert.equal(few.sum, 60);
  for (let i = 4; i <= 7; i++) await tips.tip({ memberId: fan.id, articleId: a.id, amount: i * 10, key: `many-${i}-abcdef` });
  const many = await tips.latestFor(a.id, 5);
  assert.deepEqual(
    many.items.map((x) => x.amount),
    [70, 60, 50, 40, 30],
  );
  assert.equal(many.total, 7);
  assert.equal(many.sum, 280);
  const exact = await tips.latestFor(a.id, 7);
  assert.equal(exact.items.length, 7);
  assert.equal(exact.total, 7);
  assert.equal(exact.sum, 280);
});
