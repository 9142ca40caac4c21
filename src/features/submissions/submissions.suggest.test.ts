import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, guest, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const BODY =
  '<p>市交通委员会昨天发布消息，地铁9号线二期工程将于2026年12月28日开通试运营。二期工程全长12.6公里，设车站8座，其中换乘站3座。</p>' +
  '<p>开通后，从滨江新区到火车东站的通勤时间将由70分钟缩短至35分钟。地铁9号线二期采用全自动运行系统，最高时速100km/h。</p>' +
  '<p>记者在现场看到，各地铁车站的装修和设备调试已基本完成，工作人员正在进行开通前的最后检查。滨江新区居民表示期待已久。</p>';

function submission(over: Record<string, string> = {}): Record<string, string> {
  return { title: '地铁9号线二期年底开通', category: 'local', summary: '', body: BODY, tags: '', source: '', op: 'submit', ...over };
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
  const id = /[?&]id=(\d+)/.exec(String(r.headers.location))?.[1];
  assert.ok(id);
  return Number(id);
}

async function summaryOf(z: TestApp, id: number): Promise<string> {
  const row = await z.dbh.db.selectFrom('articles').select('summary').where('id', '=', id).executeTakeFirstOrThrow();
  return row.summary;
}

/** The suggested tags shown on a page (the chips' data-tag attributes). */
function chips(html: string): string[] {
  return [...html.matchAll(/class="tag-chip" data-tag="([^"]*)"/g)].map((m) => m[1]!);
}

test('a submission sent with an empty 核心提示 gets one from its own sentences; a draft keeps it empty', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const id = await submit(alice);
  const summary = await summaryOf(z, id);
  assert.ok(summary.length > 0 && summary.length <= 120, summary);
  assert.match(summary, /。$/);
  assert.ok(summary.startsWith('市交通委员会昨天发布消息'), summary);
  for (const sentence of summary.split(/(?<=。)/)) assert.ok(BODY.includes(sentence), sentence);

  // The same text may not wait in the queue twice: take the first back before sending it again.
  assert.equal((await alice.post(`/member/articles/${id}/withdraw`)).statusCode, 303);
  z.clock.advance(600_000); // past the group's minimum interval between submissions
  const typed = await submit(alice, { summary: '作者自己写的提示。' });
  assert.equal(await summaryOf(z, typed), '作者自己写的提示。', 'a typed summary is kept');

  z.clock.advance(600_000);
  const draft = await submit(alice, { op: 'draft' });
  assert.equal(await summaryOf(z, draft), '');
});

test('the submission form suggests tags from the text, without saving anything', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const empty = await alice.get('/member/articles/new');
  assert.equal(empty.statusCode, 200);
  assert.ok(empty.body.includes('填写标题和正文后'), 'no text yet: a hint, no chips');
  assert.deepEqual(chips(empty.body), []);

  const before = await z.dbh.db.selectFrom('articles').select('id').execute();
  const r = await alice.post('/member/articles/new', submission({ op: 'suggest', tags: '滨江新区' }));
  assert.equal(r.statusCode, 200);
  const tags = chips(r.body);
  assert.ok(tags.length >= 3 && tags.length <= 8, tags.join('、'));
  assert.ok(tags.includes('地铁'), tags.join('、'));
  assert.ok(!tags.includes('滨江新区'), 'a tag already chosen is not suggested again');
  for (const stop of ['的', '2026', '12.6']) assert.ok(!tags.includes(stop), stop);
  assert.ok(r.body.includes('地铁9号线二期年底开通'), 'what was typed is kept');
  assert.ok(r.body.includes('/static/tag-suggest.js'));
  assert.equal((await z.dbh.db.selectFrom('articles').select('id').execute()).length, before.length, 'nothing saved');

  const draft = await submit(alice, { op: 'draft' });
  const edit = await alice.get(`/member/articles/${draft}/edit`);
  assert.ok(chips(edit.body).includes('地铁'), 'the edit form shows suggestions at once');
});

test('the site’s own tags stay whole in suggestions and keep their spelling', async (t) => {
  const z = await setup(t);
  await makeArticle(z, { category: 'local', tags: ['排雷联盟', 'iPhone'] });
  const alice = await loginAs(z, 'alice');
  const r = await alice.post('/member/articles/new', {
    ...submission({ op: 'suggest', title: '排雷联盟发布新版手册' }),
    body: '<p>排雷联盟今天发布了新版安全手册。排雷联盟的志愿者用IPHONE拍摄了培训视频，排雷联盟表示手册免费发放。</p>',
  });
  const tags = chips(r.body);
  assert.equal(tags[0], '排雷联盟', tags.join('、'));
  assert.ok(tags.includes('iPhone'), tags.join('、'));
});

test('the JSON endpoint suggests tags for members only, with the CSRF token', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const fields = { title: '地铁9号线二期年底开通', summary: '', body: BODY, tags: '地铁' };
  const r = await alice.post('/member/articles/suggest-tags', fields, { headers: { accept: 'application/json' } });
  assert.equal(r.statusCode, 200);
  const { tags } = r.json() as { tags: string[] };
  assert.ok(tags.length >= 3 && tags.length <= 8 && !tags.includes('地铁'), tags.join('、'));
  assert.equal(r.headers['cache-control'], 'no-store');

  const none = await alice.post('/member/articles/suggest-tags', { title: '', body: '' }, { headers: { accept: 'application/json' } });
  assert.deepEqual(none.json(), { tags: [] });

  const anon = await guest(z).post('/member/articles/suggest-tags', fields, { headers: { accept: 'application/json' } });
  assert.ok([401, 303, 302].includes(anon.statusCode), String(anon.statusCode));
  const forged = await z.app.inject({
    method: 'POST',
    url: '/member/articles/suggest-tags',
    headers: {
      cookie: alice.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'x-csrf-token': 'wrong-token-wrong-token',
    },
    payload: new URLSearchParams(fields).toString(),
  });
  assert.equal(forged.statusCode, 403);
});

test('the review form suggests tags, and approving with an empty 核心提示 fills it', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const id = await submit(alice, { summary: '作者的提示。' });
  const page = await editor.get(`/admin/review/${id}`);
  assert.equal(page.statusCode, 200);
  assert.ok(chips(page.body).includes('地铁'), chips(page.body).join('、'));

  const approve = await editor.post(`/admin/review/${id}/approve`, {
    ...submission({ summary: '' }),
    op: 'approve',
    recommendLevel: '0',
  });
  assert.equal(approve.statusCode, 303, approve.body.slice(0, 300));
  const summary = await summaryOf(z, id);
  assert.ok(summary.startsWith('市交通委员会') && summary.length <= 120, summary);
});
