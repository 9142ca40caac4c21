import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';
import { demoArticles } from '../demo/index.ts';

const paragraphs = (html: string) => html.match(/<p>[\s\S]*?<\/p>/g) ?? [];
const [first, second] = demoArticles.filter((a) => paragraphs(a.body).length >= 6);
if (!first || !second) throw new Error('demo articles with six paragraphs are needed');
const BODY = paragraphs(first.body).join('');

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

const form = (over: Record<string, string> = {}) => ({
  title: '我写的稿子',
  category: 'local',
  summary: '提示。',
  body: BODY,
  tags: '',
  source: '',
  op: 'submit',
  ...over,
});

async function submit(z: TestApp, m: Client, over: Record<string, string> = {}) {
  z.clock.advance(120_000); // past the minimum interval (60 s apart, as the member did)
  return m.post('/member/articles/new', form(over));
}
const idOf = (r: { headers: Record<string, unknown> }) => Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);

test('the same text sent twice is refused while the first waits for review (own or another member’s)', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  const r1 = await submit(z, alice);
  assert.equal(r1.statusCode, 303, r1.body.slice(0, 300));
  assert.equal((await z.articles.getAny(idOf(r1)))?.status, 'pending');

  const r2 = await submit(z, alice, { title: '我写的稿子（再发一次）' });
  assert.equal(r2.statusCode, 422, 'the second copy is refused');
  assert.ok(r2.body.includes('与您的另一篇投稿《我写的稿子》内容重复'), 'names her own pending submission');
  assert.ok(r2.body.includes('我写的稿子（再发一次）'), 'the form keeps what was typed');

  const r3 = await submit(z, bob, { title: '别人的稿子' });
  assert.equal(r3.statusCode, 422);
  assert.ok(r3.body.includes('与另一篇正在审核的投稿内容重复'));
  assert.ok(!r3.body.includes('《我写的稿子》'), 'another member’s pending title is not shown');

  // Her own submission can still be edited and sent again (it is not a copy of itself).
  const edit = await alice.post(`/member/articles/${idOf(r1)}/edit`, form({ title: '我写的稿子（改）' }));
  assert.equal(edit.statusCode, 303, edit.body.slice(0, 300));

  // A different text goes through.
  const other = await submit(z, bob, { title: '另一篇', body: paragraphs(second.body).join('') });
  assert.equal(other.statusCode, 303);
});

test('approving a text that copies a published article is refused with a link to it, unless the editor confirms', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  // Two pending copies that slipped in before the check (written straight to the queue).
  const a = await z.articles.create({ title: '第一份', summary: '', body: BODY, category: 'local', author: 'alice', tags: [], status: 'pending' });
  const b = await z.articles.create({ title: '第二份', summary: '', body: BODY, category: 'local', author: 'alice', tags: [], status: 'pending' });
  const approve = (id: number, over: Record<string, string> = {}) =>
    editor.post(`/admin/review/${id}/approve`, {
      ...form({ title: id === a.id ? '第一份' : '第二份' }),
      recommendLevel: '0',
      publishAt: '',
      op: 'approve',
      ...over,
    });

  assert.equal((await approve(a.id)).statusCode, 303);
  const refused = await approve(b.id);
  assert.equal(refused.statusCode, 422);
  assert.ok(refused.body.includes('与已发布的文章《第一份》重复'), 'says which article it copies');
  assert.match(refused.body, new RegExp(`<a href="/news/${a.id}\\.html"[^>]*>《第一份》</a>`), 'a real link to the original');
  assert.match(refused.body, /name="confirmCopy"/, 'the editor can confirm');
  assert.equal((await z.articles.getAny(b.id))?.status, 'pending', 'not published');

  const confirmed = await approve(b.id, { confirmCopy: '1' });
  assert.equal(confirmed.statusCode, 303);
  assert.equal((await z.articles.getAny(b.id))?.status, 'published');
  void alice;
});
