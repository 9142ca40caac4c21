import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';
import { createArticleWorkflow } from '../articles/index.ts';
import { createReview, type ReviewDecided } from './review.service.ts';

const form = (over: Record<string, string> = {}) => ({
  title: '会员原来的标题',
  category: 'local',
  summary: '提示。',
  body: '<p>会员写的正文。</p>',
  tags: '',
  source: '',
  op: 'submit',
  ...over,
});

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

test('the approval event says when the editor changed the title or the text, and what the member had sent', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const events: ReviewDecided[] = [];
  const review = createReview({ ...z, workflow: createArticleWorkflow({ ...z, purge: () => undefined }), onDecided: async (d) => void events.push(d) });
  const send = async (title: string) => {
    z.clock.advance(120_000);
    const r = await alice.post('/member/articles/new', form({ title, body: `<p>${title}的正文。</p>` }));
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    return Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);
  };
  const decide = { recommendLevel: '0', publishAt: '', category: 'local', summary: '提示。', tags: '', source: '' };

  const a = await send('第一篇');
  await review.approve(editor.member!, a, { ...decide, title: '编辑改过的标题', body: '<p>第一篇的正文。</p>' }, '127.0.0.1');
  assert.equal(events[0]?.edited, true);
  assert.equal(events[0]?.title, '编辑改过的标题');
  assert.equal(events[0]?.submittedTitle, '第一篇');

  const b = await send('第二篇');
  await review.approve(editor.member!, b, { ...decide, title: '第二篇', body: '<p>第二篇的正文，编辑补了一句。</p>' }, '127.0.0.1');
  assert.equal(events[1]?.edited, true, 'a body change counts');
  assert.equal(events[1]?.submittedTitle, undefined);

  const c = await send('第三篇');
  await review.approve(editor.member!, c, { ...decide, title: '第三篇', body: '<p>第三篇的正文。</p>' }, '127.0.0.1');
  assert.equal(events[2]?.edited, false, 'approved as sent');
});

test('a refused edit of a live article is announced under the title readers see, not the proposed one', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const r = await alice.post('/member/articles/new', form());
  const id = Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);
  const ok = await editor.post(`/admin/review/${id}/approve`, { ...form(), recommendLevel: '0', publishAt: '', op: 'approve' });
  assert.equal(ok.statusCode, 303);
  const rev = await alice.post(`/member/articles/${id}/edit`, form({ title: '会员想改成的标题', body: '<p>改过的正文。</p>' }));
  assert.equal(rev.statusCode, 303, rev.body.slice(0, 300));
  const revId = (await z.dbh.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).executeTakeFirstOrThrow()).id;
  const no = await editor.post(`/admin/review/revisions/${revId}/reject`, { reason: '改动没有依据' });
  assert.equal(no.statusCode, 303, no.body.slice(0, 300));
  const bodies = (await z.notifications.list(alice.member!.id, 1, 50)).items.map((n) => n.body);
  const refused = bodies.find((b) => b.includes('改动没有依据'));
  assert.ok(refused?.includes('《会员原来的标题》'), refused);
  assert.ok(!refused?.includes('会员想改成的标题'));
});

test('the member is told when the editor changed their submission on approval, with the title they had sent', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const sent = async (title: string) => {
    z.clock.advance(120_000);
    const r = await alice.post('/member/articles/new', form({ title, body: `<p>${title}的正文。</p>` }));
    return Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);
  };
  const approve = (id: number, title: string) =>
    editor.post(`/admin/review/${id}/approve`, {
      ...form({ title, body: `<p>${title === '编辑定的标题' ? '第一篇' : title}的正文。</p>` }),
      recommendLevel: '0',
      publishAt: '',
      op: 'approve',
    });
  assert.equal((await approve(await sent('第一篇'), '编辑定的标题')).statusCode, 303);
  assert.equal((await approve(await sent('第二篇'), '第二篇')).statusCode, 303);
  const bodies = (await z.notifications.list(alice.member!.id, 1, 50)).items.map((n) => n.body);
  const first = bodies.find((b) => b.includes('《编辑定的标题》'));
  assert.ok(first?.includes('编辑对标题或正文做了修改（原标题《第一篇》）'), first);
  const second = bodies.find((b) => b.includes('《第二篇》'));
  assert.ok(second && !second.includes('修改'), second);
});
