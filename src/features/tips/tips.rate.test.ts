import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { TIP_REFUSALS_PER_WINDOW, TIP_WINDOW_MS, TIPS_PER_WINDOW } from './tips.routes.tsx';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.points.saveRules([{ rule: 'tip', points: 0, dailyCap: 0 }]);
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川夜市重新开张', author: 'reporter1' });
  const fan = await loginAs(z, 'fan');
  const token = await z.members.createToken('fan');
  return { z, a, fan, token };
}

const fund = (z: TestApp, memberId: number, amount: number) => z.points.adjust({ actorId: memberId, memberId, amount, reason: '测试充值' });

function api(z: TestApp, token: string, articleId: number, body: unknown, headers: Record<string, string> = {}) {
  return z.app.inject({
    method: 'POST',
    url: `/api/v1/articles/${articleId}/tips`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    payload: JSON.stringify(body),
  });
}

test('refused tips (积分不足, 422) do not use up the rate limit, on the form or the API', async (t) => {
  const { z, a, fan, token } = await setup(t);
  // Over the limit's worth of refusals: not enough points for any of them.
  for (let i = 0; i < TIPS_PER_WINDOW; i++) {
    const r = i % 2 ? await api(z, token, a.id, { amount: 5 }) : await fan.post(`/tip/${a.id}`, { key: `k-poor-${String(i).padStart(4, '0')}`, amount: '5' });
    assert.equal(r.statusCode, 422, r.body.slice(0, 200));
  }
  await fund(z, fan.member!.id, 100);
  const form = await fan.post(`/tip/${a.id}`, { key: 'k-after-refusals', amount: '5' });
  assert.equal(form.statusCode, 303, 'the first tip that can be paid goes through');
  assert.equal((await api(z, token, a.id, { amount: 5 })).statusCode, 201);
  assert.equal(await z.points.balance(fan.member!.id), 90);
});

test('a retry with the same Idempotency-Key returns the first tip even when the limit is reached, and moves nothing', async (t) => {
  const { z, a, fan, token } = await setup(t);
  await fund(z, fan.member!.id, 1000);
  const first = await api(z, token, a.id, { amount: 3 }, { 'idempotency-key': 'retry-key-0001' });
  assert.equal(first.statusCode, 201);
  const tipId = JSON.parse(first.body).tip.id as number;
  for (let i = 1; i < TIPS_PER_WINDOW; i++) assert.equal((await api(z, token, a.id, { amount: 1 })).statusCode, 201);
  assert.equal((await api(z, token, a.id, { amount: 1 })).statusCode, 429, 'the limit is reached');

  const retry = await api(z, token, a.id, { amount: 3 }, { 'idempotency-key': 'retry-key-0001' });
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(JSON.parse(retry.body).tip.id, tipId);
  assert.equal(JSON.parse(retry.body).replayed, true);
  // The form's retry (double submit) likewise lands on the tip it already made.
  const formRetry = await fan.post(`/tip/${a.id}`, { key: 'retry-key-0001', amount: '3' });
  assert.equal(formRetry.statusCode, 303);
  assert.match(String(formRetry.headers.location), new RegExp(`tipped=${tipId}#tips$`));
  assert.equal(await z.points.balance(fan.member!.id), 1000 - 3 - (TIPS_PER_WINDOW - 1));
});

test('refused attempts have their own, more generous limit: over it a script gets a Chinese 429 (JSON with Retry-After), a retry still gets its tip', async (t) => {
  const { z, a, fan, token } = await setup(t);
  await fund(z, fan.member!.id, 10);
  const first = await api(z, token, a.id, { amount: 2 }, { 'idempotency-key': 'paid-before-0001' });
  assert.equal(first.statusCode, 201);
  // One refusal does not stop the next tip.
  assert.equal((await api(z, token, a.id, { amount: 500 })).statusCode, 422);
  assert.equal((await api(z, token, a.id, { amount: 1 })).statusCode, 201);
  // Refusals of every kind (over the balance, over the maximum, the member's own article) count together.
  const own = await makeArticle(z, { category: (await makeCategory(z, { slug: 'own' })).slug, title: '自己的文章', author: 'fan' });
  for (let i = 0; i < TIP_REFUSALS_PER_WINDOW - 1; i++) {
    const r =
      i % 3 === 0
        ? await api(z, token, a.id, { amount: 500 })
        : i % 3 === 1
          ? await api(z, token, own.id, { amount: 1 })
          : await fan.post(`/tip/${a.id}`, { key: `k-over-${String(i).padStart(4, '0')}`, amount: '', custom: '999999' });
    assert.equal(r.statusCode, 422, `refusal ${i}: ${r.body.slice(0, 200)}`);
  }
  const blocked = await api(z, token, a.id, { amount: 1 });
  assert.equal(blocked.statusCode, 429);
  assert.equal(blocked.headers['retry-after'], '600');
  const err = JSON.parse(blocked.body).error;
  assert.equal(err.code, 'rate_limited');
  assert.match(err.message, /未成功的打赏尝试过多/);
  const form = await fan.post(`/tip/${a.id}`, { key: 'k-blocked-0001', amount: '1' });
  assert.equal(form.statusCode, 429);
  assert.match(form.body, /未成功的打赏尝试过多/);
  assert.equal(await z.points.balance(fan.member!.id), 7, 'nothing moved while blocked');
  // The retry of a tip that went through is answered with that tip, not limited.
  const retry = await api(z, token, a.id, { amount: 2 }, { 'idempotency-key': 'paid-before-0001' });
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(JSON.parse(retry.body).tip.id, JSON.parse(first.body).tip.id);
  // The window passes: tips go through again.
  z.clock.advance(TIP_WINDOW_MS + 1000);
  assert.equal((await api(z, token, a.id, { amount: 1 })).statusCode, 201);
});
