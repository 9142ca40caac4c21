import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('我的打赏 says a taken-down article is 已下架, and only a deleted one 已删除', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const down = await makeArticle(z, { category: cat.slug, title: '将被下架的文章', author: 'reporter1' });
  const gone = await makeArticle(z, { category: cat.slug, title: '将被删除的文章', author: 'reporter1' });
  const alice = await loginAs(z, 'alice');
  await z.points.adjust({ actorId: alice.member!.id, memberId: alice.member!.id, amount: 1000, reason: '测试充值' });
  for (const a of [down, gone]) {
    const page = await alice.get(`/tip/${a.id}`);
    const key = /name="key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    assert.equal((await alice.post(`/tip/${a.id}`, { key, amount: '10', message: '' })).statusCode, 303);
  }
  const staff = await z.members.create({ username: 'bianji', role: 'editor' });
  await z.articles.update(down.id, { status: 'rejected' }, staff.id, { rejectReason: '违规' });
  await z.articles.remove(gone.id, staff.id);

  const mine = (await alice.get('/member/tips/')).body;
  assert.equal((mine.match(/（文章已下架）/g) ?? []).length, 1, 'the taken-down article is not called deleted');
  assert.equal((mine.match(/（文章已删除）/g) ?? []).length, 1);
  assert.ok(!mine.includes(`/news/${down.id}.html`) && !mine.includes('将被下架的文章'), 'no link or title of an article that is off the site');
  const received = (await (await loginAs(z, 'reporter1')).get('/member/tips/?tab=received')).body;
  assert.ok(received.includes('（文章已下架）') && received.includes('（文章已删除）'));
});
