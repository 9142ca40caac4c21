import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

function submission(over: Record<string, string> = {}): Record<string, string> {
  return { title: '我的私人草稿', category: 'local', summary: '', body: '<p>只有我能看到的正文。</p>', tags: '', source: '', op: 'submit', ...over };
}

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

async function submit(m: Client, over: Record<string, string> = {}): Promise<number> {
  const r = await m.post('/member/articles/new', submission(over));
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  return Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
}

test('another member can neither see, edit nor withdraw my submission', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const mallory = await loginAs(z, 'mallory');
  const pending = await submit(alice);
  const draft = await submit(alice, { title: '爱丽丝的草稿', op: 'draft' });

  for (const id of [pending, draft]) {
    for (const url of [`/member/articles/${id}/preview`, `/member/articles/${id}/edit`]) {
      const r = await mallory.get(url);
      assert.equal(r.statusCode, 404, url);
      assert.ok(!r.body.includes('只有我能看到的正文'), `${url} leaks nothing`);
    }
    assert.equal((await mallory.post(`/member/articles/${id}/edit`, submission({ title: '被人改了' }))).statusCode, 404);
    assert.equal((await mallory.post(`/member/articles/${id}/withdraw`)).statusCode, 404);
  }
  const list = await mallory.get('/member/articles/');
  assert.ok(!list.body.includes('我的私人草稿') && !list.body.includes('爱丽丝的草稿'), "my articles are not in someone else's list");
  assert.equal((await z.articles.getAny(pending))?.status, 'pending', 'still pending');
  assert.equal((await z.articles.getAny(pending))?.title, '我的私人草稿', 'unchanged');
  assert.equal((await z.articles.getAny(draft))?.title, '爱丽丝的草稿');
  // The owner can.
  assert.equal((await alice.get(`/member/articles/${draft}/preview`)).statusCode, 200);
  assert.ok((await alice.get(`/member/articles/${draft}/preview`)).body.includes('只有我能看到的正文'));
  // Nor can an editor use the member pages to reach it (they review it in the console instead).
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get(`/member/articles/${pending}/edit`)).statusCode, 404);
  assert.equal((await editor.get(`/admin/review/${draft}`)).statusCode, 404, 'drafts are not in review');
});

test('members cannot reach the review console; guests are sent to log in', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const id = await submit(alice);
  const trusty = await loginAs(z, 'trusty', 'trusted');
  for (const m of [alice, trusty]) {
    assert.equal((await m.get('/admin/review/')).statusCode, 403);
    assert.equal((await m.get(`/admin/review/${id}`)).statusCode, 403);
    assert.equal((await m.post(`/admin/review/${id}/approve`, { ...submission(), recommendLevel: '0' })).statusCode, 403);
    assert.equal((await m.post(`/admin/review/${id}/reject`, { reason: '不行' })).statusCode, 403);
    assert.equal((await m.get('/admin/review/revisions/1')).statusCode, 403);
    assert.equal((await m.post('/admin/review/revisions/1/approve')).statusCode, 403);
    assert.equal((await m.post('/admin/review/revisions/1/reject', { reason: 'x' })).statusCode, 403);
  }
  assert.equal((await z.articles.getAny(id))?.status, 'pending');

  const g = guest(z);
  for (const url of ['/admin/review/', `/admin/review/${id}`, '/member/articles/', '/member/articles/new', `/member/articles/${id}/edit`]) {
    const r = await g.get(url);
    assert.equal(r.statusCode, 303, url);
    assert.equal(r.headers.location, `/member/login?next=${encodeURIComponent(url)}`);
  }
  assert.equal((await g.post('/member/articles/new', submission())).statusCode, 303);
  assert.equal((await g.post(`/admin/review/${id}/approve`, { ...submission(), recommendLevel: '0' })).statusCode, 303);
  assert.equal((await z.articles.getAny(id))?.status, 'pending');
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.get('/admin/review/')).statusCode, 200, 'admins review too');
});

test('a form post without the CSRF token writes nothing', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const r = await alice.post('/member/articles/new', submission(), { withoutToken: true });
  assert.equal(r.statusCode, 200, 'a confirmation page, not a write');
  assert.ok(!r.headers.location);
  const cross = await alice.post('/member/articles/new', submission(), { headers: { origin: 'https://evil.example' } });
  assert.equal(cross.statusCode, 403);
  assert.equal((await alice.get('/member/articles/')).body.includes('我的私人草稿'), false);
});

const VECTORS = {
  title: '<script>alert("t")</script><img src=x onerror=alert(1)>',
  summary: '"><svg onload=alert(2)>',
  body: [
    '<p>正文<script>alert(3)</script></p>',
    '<p><img src="/uploads/a.png" onerror="alert(4)"><img src="x" onerror="alert(5)"></p>',
    '<p><a href="javascript:alert(6)">链接</a> <a href=" jav&#x09;ascript:alert(7)">编码</a></p>',
    '<svg><script>alert(8)</script></svg><iframe src="javascript:alert(9)"></iframe>',
    '<p onclick="alert(10)" style="background:url(javascript:alert(11))">段落</p>',
  ].join(''),
  tags: '标签&amp;, R&D',
  source: '<img src=x onerror=alert(12)>',
};

function assertInert(page: string, where: string) {
  // Escaped text inside quoted attribute values (value="&lt;img onerror=…") is inert: drop it first.
  const html = page.replace(/="[^"]*"/g, '=""');
  assert.ok(!/<script>alert/i.test(html), `${where}: no injected script`);
  assert.ok(!/<[^>]+\son(error|load|click)=/i.test(html), `${where}: no event handler attribute`);
  assert.ok(!/href="\s*javascript:/i.test(page), `${where}: no javascript: link`);
  assert.ok(!/<svg|<iframe/i.test(html), `${where}: no svg or iframe`);
}

test('XSS in every field of a submission is escaped or sanitized on every page that shows it', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const markupTag = await alice.post('/member/articles/new', { ...VECTORS, tags: '<b>标签</b>' });
  assert.equal(markupTag.statusCode, 422, 'a tag with markup is refused');
  assert.ok(!/<b>标签<\/b>/.test(markupTag.body), 'and escaped when shown again');
  const id = await submit(alice, VECTORS);
  const stored = await z.articles.getAny(id);
  assert.ok(stored);
  assert.ok(!/script|onerror|onclick|javascript:|<svg|<iframe|style=/i.test(stored.body), `the stored body is clean: ${stored.body}`);
  assert.ok(stored.body.includes('rel="nofollow ugc noopener"') || !stored.body.includes('<a '), 'links get rel=nofollow ugc');

  assertInert((await alice.get('/member/articles/')).body, 'my articles');
  assertInert((await alice.get(`/member/articles/${id}/preview`)).body, 'author preview');
  assertInert((await alice.get(`/member/articles/${id}/edit`)).body, 'edit form');
  assertInert((await editor.get('/admin/review/')).body, 'queue');
  const review = await editor.get(`/admin/review/${id}`);
  assertInert(review.body, 'review page');
  assert.ok(review.body.includes('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;'), 'the title is escaped');

  const ok = await editor.post(`/admin/review/${id}/approve`, { ...VECTORS, category: 'local', recommendLevel: '0', publishAt: '', op: 'approve' });
  assert.equal(ok.statusCode, 303);
  for (const url of [`/news/${id}.html`, `/mobile/news/${id}.html`, '/category/local/', '/']) {
    const r = await z.app.inject(url);
    assert.equal(r.statusCode, 200, url);
    assertInert(r.body.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, ''), url);
  }
  // A revision carrying the same vectors: the diff page prints text only.
  await alice.post(`/member/articles/${id}/edit`, { ...VECTORS, title: `${VECTORS.title}改`, category: 'local', op: 'submit' });
  const rev = await z.dbh.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).executeTakeFirstOrThrow();
  assertInert((await editor.get(`/admin/review/revisions/${rev.id}`)).body, 'revision diff');
});
