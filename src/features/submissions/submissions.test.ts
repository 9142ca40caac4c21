import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';
import { toNumber } from '../../platform/db/index.ts';

function submission(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '青川新开一条公交线路',
    category: 'local',
    summary: '新线路连接高铁站和老城区。',
    body: '<p>正文第一段。</p>',
    tags: '公交, 青川',
    source: '',
    op: 'submit',
    ...over,
  };
}

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

async function articleCount(z: TestApp): Promise<number> {
  const r = await z.dbh.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toNumber(r?.n);
}

function idFrom(location: string | undefined): number {
  const m = /[?&]id=(\d+)/.exec(location ?? '');
  assert.ok(m, `redirect names the article: ${location}`);
  return Number(m[1]);
}

async function submit(m: Client, over: Record<string, string> = {}): Promise<number> {
  const r = await m.post('/member/articles/new', submission(over));
  assert.equal(r.statusCode, 303, r.body.slice(0, 500));
  return idFrom(r.headers.location as string);
}

test('a submission waits for review, then an editor approves it and it shows with the disclaimer', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await z.app.inject('/category/local/')).statusCode, 200); // warm the cache

  const r = await alice.post('/member/articles/new', submission({ body: '第一段文字。\n\n第二段 <不是标签> 文字。' }));
  assert.equal(r.statusCode, 303);
  assert.match(r.headers.location as string, /^\/member\/articles\/\?ok=pending&id=\d+$/);
  const id = idFrom(r.headers.location as string);
  const list = await alice.get(r.headers.location as string);
  assert.ok(list.body.includes('投稿已提交，编辑审核通过后将会发布'));
  assert.ok(list.body.includes('待审核'));

  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 404, 'pending is not public');
  assert.ok(!(await z.app.inject('/category/local/')).body.includes('青川新开一条公交线路'));
  const stored = await z.articles.getAny(id);
  assert.equal(stored?.body, '<p>第一段文字。</p>\n<p>第二段 &lt;不是标签&gt; 文字。</p>', 'plain text became paragraphs');

  const ok = await editor.post(`/admin/review/${id}/approve`, { ...submission(), recommendLevel: '0', publishAt: '' });
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
  assert.equal(ok.headers.location, `/admin/review/?ok=approved&id=${id}`);
  assert.ok((await editor.get(ok.headers.location as string)).body.includes('《青川新开一条公交线路》已发布'));

  const page = await z.app.inject(`/news/${id}.html`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('青川新开一条公交线路'));
  assert.ok(page.body.includes('class="disclaimer"'), 'an unverified member article carries the disclaimer');
  assert.ok((await z.app.inject('/category/local/')).body.includes('青川新开一条公交线路'), 'the category page was purged');
  assert.ok((await alice.get('/member/articles/')).body.includes('已发布'));

  const audit = await z.audit.list({ limit: 10, offset: 0, action: 'article.approve' });
  assert.equal(audit.total, 1);
  assert.equal(audit.items[0]?.actorId, editor.member?.id);
  assert.equal(audit.items[0]?.targetId, id);
  // The editor sent the form's own body, not the member's: the entry names what the editor changed.
  assert.deepEqual(audit.items[0]?.detail.changed, ['body']);
});

test('trusted members and staff publish without review', async (t) => {
  const z = await setup(t);
  for (const [name, role] of [
    ['trusty', 'trusted'],
    ['staffer', 'editor'],
  ] as const) {
    const m = await loginAs(z, name, role);
    const form = await m.get('/member/articles/new');
    assert.ok(form.body.includes('>发布</button>'), 'the button says publish');
    const r = await m.post('/member/articles/new', submission({ title: `${name}的文章` }));
    assert.match(r.headers.location as string, /ok=published/);
    const page = await z.app.inject(`/news/${idFrom(r.headers.location as string)}.html`);
    assert.equal(page.statusCode, 200);
  }
  assert.equal((await z.audit.list({ limit: 10, offset: 0, action: 'article.publish_direct' })).total, 2);
});

test('a rejection reason is shown to the member in 我的文章', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);

  const empty = await editor.post(`/admin/review/${id}/reject`, { reason: '  ' });
  assert.equal(empty.statusCode, 422);
  assert.ok(empty.body.includes('请填写未通过原因'));
  assert.equal((await z.articles.getAny(id))?.status, 'pending', 'nothing changed');

  const r = await editor.post(`/admin/review/${id}/reject`, { reason: '内容缺少<b>信息来源</b>，请补充后重新提交。' });
  assert.equal(r.statusCode, 303);
  const queue = await editor.get(r.headers.location as string);
  assert.equal(queue.statusCode, 200, 'the queue the editor is sent back to');
  assert.ok(queue.body.includes('未通过审核，投稿人会看到原因'), 'with the decision said');
  const list = await alice.get('/member/articles/');
  assert.ok(list.body.includes('未通过'));
  assert.ok(list.body.includes('内容缺少&lt;b&gt;信息来源&lt;/b&gt;，请补充后重新提交。'), 'the reason, escaped');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 404);
  assert.equal((await z.audit.list({ limit: 10, offset: 0, action: 'article.reject' })).total, 1);

  // Fixing and sending again puts it back in the queue without the old reason.
  z.clock.advance(120_000);
  const again = await alice.post(`/member/articles/${id}/edit`, submission({ source: '青川日报' }));
  assert.match(again.headers.location as string, /ok=pending/);
  const a = await z.articles.getAny(id);
  assert.equal(a?.status, 'pending');
  assert.ok(!(await alice.get('/member/articles/')).body.includes('请补充后重新提交'));
});

test('a member edits a submission while it is pending; it keeps its place in the queue', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);
  const form = await alice.get(`/member/articles/${id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('value="青川新开一条公交线路"'), 'the form is filled with the submission');

  z.clock.advance(600_000);
  const r = await alice.post(`/member/articles/${id}/edit`, submission({ title: '青川新开两条公交线路', tags: '公交' }));
  assert.equal(r.statusCode, 303);
  assert.match(r.headers.location as string, /ok=pending/);
  const review = await editor.get(`/admin/review/${id}`);
  assert.ok(review.body.includes('青川新开两条公交线路'));
  const row = await z.dbh.db.selectFrom('articles').select(['submitted_at', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.submitted_at, '2026-11-27T08:00:00.000Z', 'an edit while pending does not move it to the back of the queue');
  assert.deepEqual((await z.articles.getAny(id))?.tags, ['公交']);
});

test('withdrawing a pending submission makes it a draft the editors no longer see', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice);
  const r = await alice.post(`/member/articles/${id}/withdraw`);
  assert.equal(r.statusCode, 303);
  assert.match(r.headers.location as string, /ok=withdrawn/);
  const list = await alice.get(r.headers.location as string);
  assert.ok(list.body.includes('投稿已撤回'));
  assert.ok(list.body.includes('草稿'));
  assert.ok(!(await editor.get('/admin/review/')).body.includes('青川新开一条公交线路'));
  assert.equal((await editor.get(`/admin/review/${id}`)).statusCode, 404);
  assert.equal((await editor.post(`/admin/review/${id}/approve`, { ...submission(), recommendLevel: '0' })).statusCode, 404);
  assert.equal((await alice.post(`/member/articles/${id}/withdraw`)).statusCode, 409, 'nothing left to withdraw');

  z.clock.advance(120_000);
  const again = await alice.post(`/member/articles/${id}/edit`, submission());
  assert.match(again.headers.location as string, /ok=pending/);
  assert.equal((await editor.get(`/admin/review/${id}`)).statusCode, 200);
});

test('the daily quota and the minimum interval of the member group are enforced', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  await submit(alice, { title: '第一篇' });
  const tooSoon = await alice.post('/member/articles/new', submission({ title: '第二篇太快了' }));
  assert.equal(tooSoon.statusCode, 429);
  assert.ok(tooSoon.body.includes('两次投稿至少间隔 60 秒'), 'the message says why');
  assert.ok(tooSoon.body.includes('value="第二篇太快了"'), 'what was typed is kept');
  assert.equal(await articleCount(z), 1);
  const draft = await alice.post('/member/articles/new', submission({ title: '草稿不受限制', op: 'draft' }));
  assert.match(draft.headers.location as string, /ok=draft/);
  z.clock.advance(61_000);
  await submit(alice, { title: '第二篇' });

  const g = await z.members.groups.defaultGroup();
  await z.members.groups.update(g.id, { name: g.name, dailyQuota: 2, minIntervalSec: 0, needsReview: true });
  z.clock.advance(1000);
  const over = await alice.post('/member/articles/new', submission({ title: '第三篇' }));
  assert.equal(over.statusCode, 429);
  assert.ok(over.body.includes('每天最多投稿 2 篇'));
  assert.equal(await articleCount(z), 3, 'two submissions and the draft');

  z.clock.set('2026-11-27T16:00:01.000Z'); // past midnight in Beijing: a new day
  await submit(await loginAs(z, 'alice'), { title: '第二天的投稿' });
});

test('banned words hold a submission for review, even from a trusted member, and say which words', async (t) => {
  const z = await setup(t);
  await z.bannedWords.add('赌博');
  const trusty = await loginAs(z, 'trusty', 'trusted');
  const editor = await loginAs(z, 'ed', 'editor');
  const r = await trusty.post('/member/articles/new', submission({ body: '<p>这里有赌 博广告。</p>' }));
  assert.equal(r.statusCode, 303);
  assert.match(r.headers.location as string, /ok=held/);
  const id = idFrom(r.headers.location as string);
  const list = await trusty.get(r.headers.location as string);
  assert.ok(list.body.includes('包含违禁词“赌博”'), 'the flash names the word');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 404);
  const review = await editor.get(`/admin/review/${id}`);
  assert.ok(review.body.includes('内容包含违禁词“赌博”'), 'the editor is warned');
});

test('with bannedWordAction=reject a submission with banned words is refused and nothing is written', async (t) => {
  const z = await setup(t);
  await z.bannedWords.add('赌博');
  await z.settings.update({ bannedWordAction: 'reject' });
  const alice = await loginAs(z, 'alice');
  const r = await alice.post('/member/articles/new', submission({ title: '网上赌博害人', tags: '赌博' }));
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('内容包含违禁词“赌博”，请修改后再提交'));
  assert.ok(r.body.includes('包含违禁词：赌博'), 'the field is marked');
  assert.ok(r.body.includes('value="网上赌博害人"'));
  assert.equal(await articleCount(z), 0);
});

test('a form that fails validation is shown again with messages and what was typed; nothing is written', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const r = await alice.post(
    '/member/articles/new',
    submission({ title: '', category: 'nope', body: '我的正文<em>保留</em>', tags: Array.from({ length: 12 }, (_, i) => `标签${i}`).join(',') }),
  );
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('请填写标题'));
  assert.ok(r.body.includes('标签最多10个'));
  assert.ok(r.body.includes('我的正文&lt;em&gt;保留&lt;/em&gt;'), 'the body is kept (escaped in the textarea)');
  const badCategory = await alice.post('/member/articles/new', submission({ category: 'nope' }));
  assert.equal(badCategory.statusCode, 422);
  assert.ok(badCategory.body.includes('栏目不存在'));
  const emptyBody = await alice.post('/member/articles/new', submission({ body: '<p><script>alert(1)</script></p>' }));
  assert.equal(emptyBody.statusCode, 422, 'a body that sanitizes to nothing is empty');
  assert.equal(await articleCount(z), 0);
});

test('when submissions are switched off members cannot submit, but keep what they typed', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const draft = await submit(alice, { title: '关闭前的草稿', op: 'draft' });
  await z.settings.update({ submissionsEnabled: false });
  const form = await alice.get('/member/articles/new');
  assert.ok(form.body.includes('网站暂停接受投稿'));
  assert.ok(!form.body.includes('name="title"'));
  const list = await alice.get('/member/articles/');
  assert.ok(!list.body.includes('href="/member/articles/new"'), 'no 我要投稿 button or menu entry while closed');
  assert.ok(!(await alice.get('/member/')).body.includes('href="/member/articles/new"'), 'nor on the member home');
  assert.ok(list.body.includes('网站暂停接受投稿'), 'a note says why');
  const r = await alice.post('/member/articles/new', submission({ title: '我辛苦写的标题', body: '<p>很长的正文，不能丢。</p>' }));
  assert.equal(r.statusCode, 403);
  assert.ok(r.body.includes('网站暂停接受投稿'), 'the message');
  assert.ok(r.body.includes('value="我辛苦写的标题"'), 'the title comes back');
  assert.ok(r.body.includes('很长的正文，不能丢。'), 'the body comes back');
  for (const op of ['draft', 'submit']) {
    const e = await alice.post(`/member/articles/${draft}/edit`, submission({ title: `修改后的标题${op}`, op }));
    assert.equal(e.statusCode, 403);
    assert.ok(e.body.includes(`value="修改后的标题${op}"`), `${op}: the edit comes back`);
  }
  assert.equal(await articleCount(z), 1);
});

test('writes are rate limited per member, drafts included', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  for (let i = 0; i < 30; i++) assert.equal((await alice.post('/member/articles/new', submission({ title: `草稿${i}`, op: 'draft' }))).statusCode, 303);
  const r = await alice.post('/member/articles/new', submission({ title: '第31份草稿', op: 'draft' }));
  assert.equal(r.statusCode, 429);
  assert.ok(r.body.includes('操作过于频繁'), 'the message');
  assert.ok(r.body.includes('value="第31份草稿"'), 'on the form, with what was typed');
  assert.equal(await articleCount(z), 30);
  z.clock.advance(10 * 60_000 + 1);
  assert.equal((await (await loginAs(z, 'alice')).post('/member/articles/new', submission({ op: 'draft' }))).statusCode, 303);
});

test('我的文章 filters by status with counts on each tab; an unknown status lists everything', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const rejected = await submit(alice, { title: '第一篇：会被退回' });
  z.clock.advance(120_000);
  await submit(alice, { title: '第二篇：等待审核' });
  z.clock.advance(120_000);
  const draft = await alice.post('/member/articles/new', submission({ title: '第三篇：草稿', op: 'draft' }));
  assert.match(draft.headers.location as string, /ok=draft/);
  assert.equal((await editor.post(`/admin/review/${rejected}/reject`, { reason: '缺少来源' })).statusCode, 303);

  const titles = (html: string) => [...html.matchAll(/<td class="title">([^<]*)<\/td>/g)].map((m) => m[1]);
  const all = await alice.get('/member/articles/');
  assert.deepEqual(titles(all.body), ['第三篇：草稿', '第二篇：等待审核', '第一篇：会被退回']);
  assert.match(all.body, /<strong class="current" aria-current="page">全部 <span class="count">\(3\)<\/span><\/strong>/);
  for (const [label, n] of [
    ['草稿', 1],
    ['待审核', 1],
    ['已发布', 0],
    ['未通过', 1],
  ] as const)
    assert.ok(all.body.includes(`${label} <span class="count">(${n})</span>`), `${label} tab counts ${n}`);

  assert.deepEqual(titles((await alice.get('/member/articles/?status=pending')).body), ['第二篇：等待审核']);
  assert.deepEqual(titles((await alice.get('/member/articles/?status=draft')).body), ['第三篇：草稿']);
  const rej = await alice.get('/member/articles/?status=rejected');
  assert.deepEqual(titles(rej.body), ['第一篇：会被退回']);
  assert.ok(rej.body.includes('缺少来源'));
  const pub = await alice.get('/member/articles/?status=published');
  assert.deepEqual(titles(pub.body), []);
  assert.ok(pub.body.includes('这里还没有文章。'));
  assert.ok(!pub.body.includes('您还没有投过稿'), 'not the first-time message');
  assert.deepEqual(titles((await alice.get('/member/articles/?status=nonsense')).body).length, 3);
  assert.ok(!all.body.includes('已删除 <span'), 'no 已删除 tab while nothing is deleted');
  // An article the editors deleted is still the member's to see: under 全部 and its own tab, so the tabs add up.
  await z.articles.remove(rejected);
  const after = await alice.get('/member/articles/');
  assert.ok(after.body.includes('全部 <span class="count">(3)</span>') && after.body.includes('已删除 <span class="count">(1)</span>'));
  assert.ok(after.body.includes('未通过 <span class="count">(0)</span>'));
  assert.deepEqual(titles((await alice.get('/member/articles/?status=deleted')).body), ['第一篇：会被退回']);
  assert.equal((await alice.get('/member/articles/?status[]=x')).statusCode, 200);
});
