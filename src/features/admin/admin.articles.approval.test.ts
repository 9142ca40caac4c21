import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { ConflictError } from '../../platform/errors.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { demoArticles } from '../demo/index.ts';
import { markMemberDrafts } from '../../platform/db/migrations/2026112924_article_member_draft.ts';

const paragraphs = (html: string) => html.match(/<p>[\s\S]*?<\/p>/g) ?? [];
const BODY = paragraphs(demoArticles.find((a) => paragraphs(a.body).length >= 6)?.body ?? '').join('');

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await z.points.saveRules([{ rule: 'article', points: 10, dailyCap: 0 }]);
  return z;
}

const inbox = async (z: TestApp, memberId: number) => (await z.notifications.list(memberId, 1, 20)).items.map((n) => n.body);
const actions = async (z: TestApp) => (await z.audit.list({ limit: 50, offset: 0 })).items.map((e) => e.action);

function fields(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '青川公交新线路',
    subtitle: '',
    summary: '',
    body: '<p>正文第一段。</p>',
    category: 'local',
    tags: '',
    cover: '',
    source: '',
    sourceUrl: '',
    recommendLevel: '0',
    status: 'published',
    publishedAt: '',
    ...over,
  };
}

async function memberArticle(z: TestApp, m: Client, op: 'draft' | 'submit', over: Record<string, string> = {}): Promise<number> {
  z.clock.advance(120_000);
  const r = await m.post('/member/articles/new', {
    title: '会员的稿子',
    category: 'local',
    summary: '',
    body: '<p>会员写的正文。</p>',
    tags: '',
    source: '',
    op,
    ...over,
  });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  return Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
}

test('a member’s private draft is not published from 文章管理: the edit form refuses, batch 发布 skips it and says why', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const draft = await memberArticle(z, alice, 'draft');
  const staffDraft = await makeArticle(z, { category: 'local', title: '编辑部的草稿', status: 'draft', author: 'ed' });
  // Staff (or the API, or an import) may write a draft under a member's byline: that one is theirs to publish.
  const bylined = await makeArticle(z, { category: 'local', title: '署名会员的编辑稿', status: 'draft', author: 'alice' });

  const form = await ed.post(`/admin/articles/${draft}/edit`, fields({ title: '会员的稿子' }));
  assert.equal(form.statusCode, 422);
  assert.ok(form.body.includes('作者尚未投稿，不能直接发布'));
  assert.equal((await z.articles.getAny(draft))?.status, 'draft');

  const posted = await ed.post('/admin/articles/batch', { ids: [String(draft), String(staffDraft.id)], op: 'publish' });
  assert.equal(posted.statusCode, 303, 'the result is on the page the post redirects to');
  const batch = await ed.get(String(posted.headers.location));
  assert.equal(batch.statusCode, 200);
  assert.ok(batch.body.includes('已发布 1 篇') && batch.body.includes('《会员的稿子》（作者尚未投稿，不能直接发布）'), 'names the skipped one and why');
  assert.equal((await z.articles.getAny(draft))?.status, 'draft', 'the member’s draft stays private');
  assert.equal((await z.articles.getAny(staffDraft.id))?.status, 'published', 'a staff draft publishes as before');
  const byline = await ed.post('/admin/articles/batch', { ids: [String(bylined.id)], op: 'publish' });
  assert.ok(byline.statusCode === 303 || byline.body.includes('已发布 1 篇'), byline.body.slice(0, 200));
  assert.equal((await z.articles.getAny(bylined.id))?.status, 'published', 'a staff-written draft under a member’s name publishes');
  // Withdrawn from the queue, a submission is the member's private draft again.
  const sent = await memberArticle(z, alice, 'submit');
  assert.equal((await alice.post(`/member/articles/${sent}/withdraw`)).statusCode, 303);
  assert.equal((await ed.post(`/admin/articles/${sent}/edit`, fields({ title: '撤回的稿子' }))).statusCode, 422);
  assert.deepEqual(await inbox(z, alice.member!.id), []);
  assert.deepEqual(await actions(z), ['article.update', 'article.update'], 'one entry per batch publish');
});

test('publishing a rejected submission from 文章管理 is an approval: points, 投稿通过 saying the editor changed it, article.approve', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await memberArticle(z, alice, 'submit');
  const rejected = await ed.post(`/admin/review/${id}/reject`, { reason: '来源不明' });
  assert.equal(rejected.statusCode, 303);

  const r = await ed.post(`/admin/articles/${id}/edit`, fields({ title: '会员的稿子（编辑改）', body: '<p>会员写的正文。</p>' }));
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  assert.equal(r.headers.location, `/admin/articles/${id}/edit?ok=approved`);
  assert.equal((await z.articles.getAny(id))?.status, 'published');
  assert.equal(await z.points.balance(alice.member!.id), 10, 'the reward of an approval');
  const [last] = await inbox(z, alice.member!.id);
  assert.ok(last?.includes('已通过审核并发布') && last.includes('原标题《会员的稿子》'), last);
  assert.deepEqual(await actions(z), ['article.approve', 'article.reject']);
});

test('batch 发布 of a rejected submission approves it too', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await memberArticle(z, alice, 'submit');
  await ed.post(`/admin/review/${id}/reject`, { reason: '来源不明' });
  const r = await ed.post('/admin/articles/batch', { ids: [String(id)], op: 'publish' });
  assert.equal(r.statusCode, 303);
  assert.equal((await z.articles.getAny(id))?.status, 'published');
  assert.equal(await z.points.balance(alice.member!.id), 10);
  assert.ok((await inbox(z, alice.member!.id))[0]?.includes('已通过审核并发布'));
});

test('文章管理 runs review’s copy check: the form refuses with 仍然发布, batch 发布 skips the copy with the reason', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  await loginAs(z, 'alice');
  const first = await z.articles.create({ title: '第一份', summary: '', body: BODY, category: 'local', author: 'alice', tags: [], status: 'pending' });
  const second = await z.articles.create({ title: '第二份', summary: '', body: BODY, category: 'local', author: 'alice', tags: [], status: 'pending' });
  assert.equal((await ed.post(`/admin/review/${first.id}/approve`, { ...fields({ title: '第一份', body: BODY }), op: 'approve' })).statusCode, 303);

  const sent = await ed.post('/admin/articles/batch', { ids: [String(second.id)], op: 'publish' });
  assert.equal(sent.statusCode, 303);
  const batch = await ed.get(String(sent.headers.location));
  assert.equal(batch.statusCode, 200);
  assert.ok(batch.body.includes('已发布 0 篇') && batch.body.includes('与已发布的文章《第一份》重复'), 'skipped with the reason');
  assert.ok(
    batch.body.includes('请在这篇文章的编辑页核对') && !batch.body.includes('勾选下面的'),
    'pointing where the decision is made, not at a box the list lacks',
  );
  assert.equal((await z.articles.getAny(second.id))?.status, 'pending');

  const refused = await ed.post(`/admin/articles/${second.id}/edit`, {
    ...fields({ title: '第二份', body: BODY }),
    keywords: '公交，地铁',
    description: '第二份的摘要描述',
    extrasShown: '1',
  });
  assert.equal(refused.statusCode, 422);
  assert.ok(refused.body.includes('与已发布的文章《第一份》重复'));
  assert.match(refused.body, /name="confirmCopy" value="1"/);
  assert.ok(refused.body.includes('仍然发布'));
  assert.equal((await z.articles.getAny(second.id))?.status, 'pending', 'not published');

  // 仍然发布 sends exactly what its form holds: the typed SEO fields too (they were lost before).
  const copyForm = /<section class="panel copy-warning"[\s\S]*?<\/section>/.exec(refused.body)![0];
  const hidden = Object.fromEntries(
    [...copyForm.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
      .filter((m) => m[1] !== '_csrf')
      .map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
  );
  const confirmed = await ed.post(`/admin/articles/${second.id}/edit`, hidden);
  assert.equal(confirmed.statusCode, 303);
  const published = await z.articles.getAny(second.id);
  assert.equal(published?.status, 'published');
  assert.equal(published?.keywords, '公交, 地铁');
  assert.equal(published?.description, '第二份的摘要描述');
  const [entry] = (await z.audit.list({ limit: 1, offset: 0 })).items;
  assert.equal(entry?.action, 'article.approve');
  assert.equal(entry?.detail.confirmedCopyOf, first.id);
});

async function coverFiles(z: TestApp): Promise<string[]> {
  const dir = path.join(z.storage.root, 'covers');
  return (await readdir(dir, { recursive: true }).catch(() => [] as string[])).filter((f) => /\.(png|jpg|webp|gif)$/.test(String(f))).map(String);
}

async function postWithCover(z: TestApp, ed: Client, id: number, form: Record<string, string>) {
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3c3' } })
    .png()
    .toBuffer();
  const boundary = `----zx${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(form)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="coverFile"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`), png);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return z.app.inject({
    method: 'POST',
    url: `/admin/articles/${id}/edit?_csrf=${encodeURIComponent(ed.csrf)}`,
    headers: { cookie: ed.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

test('uploaded covers are not left on disk: a failed save rolls back the upload, a replaced upload is removed', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const a = await makeArticle(z, { category: 'local', title: '要换封面的文章' });

  const r1 = await postWithCover(z, ed, a.id, fields());
  assert.equal(r1.statusCode, 303, r1.body.slice(0, 300));
  const firstCover = (await z.articles.getAny(a.id))?.cover ?? '';
  assert.equal((await coverFiles(z)).length, 2, 'the cover and its thumbnail');

  const r2 = await postWithCover(z, ed, a.id, fields());
  assert.equal(r2.statusCode, 303);
  const secondCover = (await z.articles.getAny(a.id))?.cover ?? '';
  assert.notEqual(secondCover, firstCover);
  const files = await coverFiles(z);
  assert.equal(files.length, 2, `the replaced cover's files are gone: ${files.join(', ')}`);
  assert.ok(!files.some((f) => firstCover.includes(path.basename(f, path.extname(f)).replace(/_thumb$/, ''))));

  // Another editor's write wins the race: whatever the error, this upload is taken away again.
  const update = z.articles.update;
  z.articles.update = async () => {
    throw new ConflictError('稿件状态已经变化', 'article_state_changed');
  };
  t.after(() => {
    z.articles.update = update;
  });
  const r3 = await postWithCover(z, ed, a.id, fields());
  assert.equal(r3.statusCode, 409);
  assert.equal((await coverFiles(z)).length, 2, 'only the saved cover remains');
  assert.equal((await z.articles.getAny(a.id))?.cover, secondCover);
});

test('an article taken down after a report and put back from 文章管理 keeps its date, gets its reward back and is no second approval', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await memberArticle(z, alice, 'submit');
  assert.equal(
    (await ed.post(`/admin/review/${id}/approve`, { ...fields({ title: '会员的稿子', body: '<p>会员写的正文。</p>' }), op: 'approve' })).statusCode,
    303,
  );
  const first = (await z.articles.getAny(id))!.publishedAt;
  z.clock.advance(5 * 86_400_000);
  const editor = await loginAs(z, 'ed', 'editor'); // five days on: a fresh session
  // The report queue's take-down, as reports.ports.ts does it.
  await z.articles.update(id, { status: 'rejected' }, ed.member!.id, { rejectReason: '被举报下架' });
  const before = { points: await z.points.balance(alice.member!.id), inbox: (await inbox(z, alice.member!.id)).length };
  const back = await editor.post(`/admin/articles/${id}/edit`, fields({ title: '会员的稿子', body: '<p>会员写的正文。</p>' }));
  assert.equal(back.statusCode, 303, back.body.slice(0, 300));
  assert.match(String(back.headers.location), /ok=saved/);
  const a = await z.articles.getAny(id);
  assert.equal(a?.status, 'published');
  assert.equal(a?.publishedAt, first, 'not dated today: it does not jump to the top of the lists');
  // The take-down reversed the approval reward; back on the site, that reward is given back: one reward in all.
  assert.equal(before.points, 0, 'the take-down took the reward');
  assert.equal(await z.points.balance(alice.member!.id), 10, 'given back, not granted a second time');
  const again = await editor.post(`/admin/articles/${id}/edit`, fields({ title: '会员的稿子', body: '<p>会员写的正文。</p>' }));
  assert.equal(again.statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 10, 'saved again while published: nothing more');
  assert.equal((await inbox(z, alice.member!.id)).length, before.inbox, 'no second 投稿通过');
  assert.equal((await actions(z))[0], 'article.update');
});

test('a member’s submission changes status in 文章管理 only by approval; their own draft not at all', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const draft = await memberArticle(z, alice, 'draft');
  for (const status of ['pending', 'rejected', 'published']) {
    const r = await ed.post(`/admin/articles/${draft}/edit`, fields({ title: '会员的稿子', status }));
    assert.equal(r.statusCode, 422, `draft → ${status}`);
    assert.ok(r.body.includes('作者尚未投稿，不能直接发布'));
  }
  assert.equal((await z.articles.getAny(draft))?.status, 'draft');

  const sent = await memberArticle(z, alice, 'submit');
  for (const status of ['draft', 'rejected']) {
    const r = await ed.post(`/admin/articles/${sent}/edit`, fields({ title: '会员的稿子', status }));
    assert.equal(r.statusCode, 422, `pending → ${status}`);
    assert.ok(r.body.includes('退回请到审核页面填写理由'));
  }
  assert.equal((await z.articles.getAny(sent))?.status, 'pending', 'still in the review queue');
  assert.deepEqual(await inbox(z, alice.member!.id), []);
});

test('upgrading marks as member drafts only the drafts members wrote, not staff drafts under their byline nor taken-down articles', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const own = await memberArticle(z, alice, 'draft');
  const viaConsole = await ed.post('/admin/articles/new', { ...fields({ title: '编辑部署名会员', status: 'draft' }), author: 'alice' });
  assert.equal(viaConsole.statusCode, 303, viaConsole.body.slice(0, 300));
  const bylined = Number(/\/admin\/articles\/(\d+)/.exec(String(viaConsole.headers.location))?.[1]);
  const live = await makeArticle(z, { category: 'local', title: '下架的会员文章', author: 'alice' });
  await z.articles.update(live.id, { status: 'draft' }, ed.member!.id);
  // A database from before the column: every flag 0, then the migration's marking.
  await z.dbh.db.updateTable('articles').set({ member_draft: 0 }).execute();
  await markMemberDrafts(z.dbh.db as never);
  const flag = async (id: number) => (await z.dbh.db.selectFrom('articles').select('member_draft').where('id', '=', id).executeTakeFirstOrThrow()).member_draft;
  assert.equal(await flag(own), 1, 'the member’s own draft');
  assert.equal(await flag(bylined), 0, 'a draft staff wrote in the member’s name');
  assert.equal(await flag(live.id), 0, 'an article published once and taken down');
  assert.equal((await ed.post(`/admin/articles/${live.id}/edit`, fields({ title: '下架的会员文章' }))).statusCode, 303, 'staff can put it back');
  // A live article is not sent to 已退回 from the form: that is a review decision with a reason to read.
  const toRejected = await ed.post(`/admin/articles/${live.id}/edit`, fields({ title: '下架的会员文章', status: 'rejected' }));
  assert.equal(toRejected.statusCode, 422);
  assert.ok(toRejected.body.includes('已发布的文章不能直接改为'));
  assert.equal((await z.articles.getAny(live.id))?.status, 'published');
});

test('a member’s article taken down after a report, edited and resubmitted, gets its reward back when review approves it', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await memberArticle(z, alice, 'submit');
  const approve = () => ed.post(`/admin/review/${id}/approve`, { ...fields({ title: '会员的稿子', body: '<p>会员写的正文。</p>' }), op: 'approve' });
  assert.equal((await approve()).statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 10);
  await z.articles.update(id, { status: 'rejected' }, ed.member!.id, { rejectReason: '被举报下架' });
  assert.equal(await z.points.balance(alice.member!.id), 0, 'the take-down took the reward');
  z.clock.advance(120_000);
  const resent = await alice.post(`/member/articles/${id}/edit`, {
    title: '会员的稿子',
    category: 'local',
    summary: '',
    body: '<p>会员改过的正文。</p>',
    tags: '',
    source: '',
    op: 'submit',
  });
  assert.equal(resent.statusCode, 303, resent.body.slice(0, 300));
  assert.equal((await z.articles.getAny(id))?.status, 'pending');
  assert.equal(await z.points.balance(alice.member!.id), 0, 'resubmitting is not being back on the site');
  assert.equal((await approve()).statusCode, 303);
  assert.equal((await z.articles.getAny(id))?.status, 'published');
  assert.equal(await z.points.balance(alice.member!.id), 10, 'approved again: the reversed reward is given back, once');
  assert.deepEqual((await z.points.verify()).problems, []);
});
