import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { reviewSetup, submission, submitAs } from './review.testkit.ts';

const setup = reviewSetup;
const submit = submitAs;

async function approve(editor: Client, id: number, over: Record<string, string> = {}) {
  return editor.post(`/admin/review/${id}/approve`, { ...submission(), recommendLevel: '0', publishAt: '', op: 'approve', ...over });
}

test('the editor sets category, tags, recommend level and the verified flag while approving', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);

  const needsCover = await approve(editor, id, { recommendLevel: '2' });
  assert.equal(needsCover.statusCode, 422);
  assert.ok(needsCover.body.includes('推荐图文需要封面图片'));
  assert.equal((await z.articles.getAny(id))?.status, 'pending', 'nothing written');

  const preview = await approve(editor, id, { op: 'preview', title: '预览里的新标题' });
  assert.equal(preview.statusCode, 200);
  assert.ok(preview.body.includes('<h1>预览里的新标题</h1>'), 'the preview shows what the editor typed');
  assert.equal((await z.articles.getAny(id))?.title, '青川新开一条公交线路', 'a preview writes nothing');

  const r = await approve(editor, id, { title: '青川公交新线路今日开通', category: 'traffic', tags: '公交,交通', recommendLevel: '1', verified: '1' });
  assert.equal(r.statusCode, 303);
  const a = await z.articles.getAny(id);
  assert.equal(a?.title, '青川公交新线路今日开通');
  assert.equal(a?.category.slug, 'traffic');
  assert.deepEqual(a?.tags, ['交通', '公交']);
  assert.equal(a?.recommendLevel, 1);
  assert.equal(a?.verified, true);
  const page = await z.app.inject(`/news/${id}.html`);
  assert.equal(page.statusCode, 200);
  assert.ok(!page.body.includes('class="disclaimer"'), 'a verified article has no disclaimer');
  assert.equal((await approve(editor, id)).statusCode, 404, 'a handled submission cannot be decided again');
});

test('an approval for a later time publishes the article when its time comes', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);
  const past = await approve(editor, id, { publishAt: '2026-11-27T15:00' }); // Beijing time; now is 16:00 there
  assert.equal(past.statusCode, 422);
  assert.ok(past.body.includes('定时发布时间必须晚于当前时间'));

  const r = await approve(editor, id, { publishAt: '2026-11-27T18:00' });
  assert.equal(r.headers.location, `/admin/review/?ok=scheduled&id=${id}`);
  assert.ok((await editor.get(r.headers.location as string)).body.includes('将于 2026-11-27 18:00 发布'));
  assert.equal((await z.articles.getAny(id))?.publishedAt, '2026-11-27T10:00:00.000Z');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 404, 'not yet');
  assert.ok(!(await z.app.inject('/category/local/')).body.includes('青川新开一条公交线路'));
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'article.schedule' })).total, 1);

  z.clock.advance(2 * 3_600_000 + 1000);
  await z.scheduler.runNow('articles.release-scheduled');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 200);
  assert.ok((await z.app.inject('/category/local/')).body.includes('青川新开一条公交线路'), 'the cached list was purged');
});

test('a revision of a published article keeps the live version until an editor approves it', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);
  await approve(editor, id);
  assert.ok((await z.app.inject(`/news/${id}.html`)).body.includes('青川新开一条公交线路'));

  const form = await alice.get(`/member/articles/${id}/edit`);
  assert.ok(form.body.includes('这篇文章已经发布'));
  const r = await alice.post(
    `/member/articles/${id}/edit`,
    submission({ title: '青川新开两条公交线路', body: '<p>正文第一段。</p><p>新增的第二段。</p>', tags: '公交, 交通', category: 'traffic' }),
  );
  assert.match(r.headers.location as string, /ok=revision/);
  const live = await z.app.inject(`/news/${id}.html`);
  assert.ok(live.body.includes('青川新开一条公交线路') && !live.body.includes('新增的第二段'), 'the live version stays up');
  assert.ok((await alice.get('/member/articles/')).body.includes('修改待审核'));

  const queue = await editor.get('/admin/review/');
  const link = /href="(\/admin\/review\/revisions\/\d+)"/.exec(queue.body)?.[1];
  assert.ok(link, 'the queue lists the revision');
  const diff = await editor.get(link);
  assert.equal(diff.statusCode, 200);
  assert.match(diff.body, /<del>[^<]*一[^<]*<\/del>/, 'the old word is struck');
  assert.match(diff.body, /<ins>[^<]*两[^<]*<\/ins>/, 'the new word is marked');
  assert.match(diff.body, /<li class="ins"><ins>新增的第二段。<\/ins><\/li>/, 'the added body line');
  assert.ok(diff.body.includes('<del>本地</del>') && diff.body.includes('<ins>交通</ins>'), 'the category change');
  assert.ok(diff.body.includes('<del>公交、青川</del>'), 'the tag change');

  for (const u of ['/category/local/', '/category/traffic/']) await z.app.inject(u); // warm
  const ok = await editor.post(`${link}/approve`);
  assert.equal(ok.statusCode, 303);
  const now = await z.app.inject(`/news/${id}.html`);
  assert.ok(now.body.includes('青川新开两条公交线路') && now.body.includes('新增的第二段'), 'the new text is live');
  for (const u of ['/category/local/', '/category/traffic/']) {
    const res = await z.app.inject(u);
    assert.equal(res.headers['x-cache'], 'MISS', `${u}: the old and the new category were purged`);
    assert.ok(res.body.includes('青川新开两条公交线路'));
  }
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'revision.approve' })).total, 1);
  assert.equal((await editor.post(`${link}/approve`)).statusCode, 404, 'applied once');
});

test('a rejected revision leaves the live article as it was and the member sees why', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);
  await approve(editor, id);
  await alice.post(`/member/articles/${id}/edit`, submission({ title: '标题党式的新标题' }));
  const rev = await z.dbh.db.selectFrom('article_revisions').select('id').where('article_id', '=', id).executeTakeFirstOrThrow();
  const missing = await editor.post(`/admin/review/revisions/${rev.id}/reject`, { reason: '' });
  assert.equal(missing.statusCode, 422);
  const r = await editor.post(`/admin/review/revisions/${rev.id}/reject`, { reason: '标题与内容不符' });
  assert.equal(r.statusCode, 303);
  assert.ok((await z.app.inject(`/news/${id}.html`)).body.includes('青川新开一条公交线路'));
  const list = await alice.get('/member/articles/');
  assert.ok(list.body.includes('修改未通过：标题与内容不符'));
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'revision.reject' })).total, 1);
});

test('trusted members change their live article at once; members can take a pending revision back', async (t) => {
  const z = await setup(t);
  const trusty = await loginAs(z, 'trusty', 'trusted');
  const id = await submit(trusty);
  await z.app.inject(`/news/${id}.html`); // cached
  const r = await trusty.post(`/member/articles/${id}/edit`, submission({ title: '可信会员改过的标题' }));
  assert.match(r.headers.location as string, /ok=revised/);
  assert.ok((await z.app.inject(`/news/${id}.html`)).body.includes('可信会员改过的标题'), 'purged and changed');

  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const mine = await submit(alice);
  await approve(editor, mine);
  await alice.post(`/member/articles/${mine}/edit`, submission({ title: '我想改的标题' }));
  const w = await alice.post(`/member/articles/${mine}/withdraw`);
  assert.match(w.headers.location as string, /ok=revisionWithdrawn/);
  assert.ok((await editor.get('/admin/review/')).body.includes('没有等待审核的稿件'));
  assert.equal((await z.articles.getAny(mine))?.status, 'published', 'the article itself stays published');
});

test('the queue lists submissions and revisions oldest first, twenty to a page', async (t) => {
  const z = await setup(t);
  const g = await z.members.groups.defaultGroup();
  await z.members.groups.update(g.id, { name: g.name, dailyQuota: 100, minIntervalSec: 0, needsReview: true });
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const first = await submit(alice, { title: '最早的投稿' });
  await approve(editor, first);
  z.clock.advance(1000);
  await alice.post(`/member/articles/${first}/edit`, submission({ title: '最早投稿的修改' }));
  for (let i = 0; i < 20; i++) {
    z.clock.advance(1000);
    await submit(alice, { title: `排队投稿${i}` });
  }
  const p1 = await editor.get('/admin/review/');
  assert.ok(p1.body.includes('待审核投稿 20 篇，待审核修改 1 份'));
  const titles = [...p1.body.matchAll(/<td class="title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.equal(titles.length, 20);
  assert.equal(titles[0], '最早投稿的修改');
  assert.equal(titles[1], '排队投稿0');
  const p2 = await editor.get('/admin/review/?page=2');
  const rest = [...p2.body.matchAll(/<td class="title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.deepEqual(rest, ['排队投稿19']);
});
