import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { fillFromCategory } from './related.text.ts';

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'transit', name: '交通' });
  await makeCategory(z, { slug: 'life', name: '民生' });
  return z;
}

/** Article ids in the 相关文章 box of an article page, in order. */
async function relatedIds(z: TestApp, id: number): Promise<number[]> {
  const html = (await guest(z).get(`/news/${id}.html`)).body;
  const start = html.indexOf('box related');
  assert.ok(start > 0, 'the page has a 相关文章 box');
  const box = html.slice(start, html.indexOf('</section>', start));
  return [...box.matchAll(/\/news\/(\d+)\.html/g)].map((m) => Number(m[1]));
}

const METRO = '<p>地铁2号线东延段开通试运营，从东湖站到新区站最快28分钟，沿线设六座车站，早晚高峰行车间隔四分钟。</p>';
const METRO_3 = '<p>地铁3号线一期开工建设，线路全长二十公里，设站十五座，与地铁2号线在东湖站换乘。</p>';
const UNRELATED = [
  ['市第一医院新门诊楼启用', '<p>医院新门诊楼新增诊室两百间，患者可在自助机上挂号缴费，青川医保卡可直接结算。</p>'],
  ['农商银行推出新市民贷', '<p>青川农商银行推出贷款产品，最高额度三十万元，借款人需提供社保缴纳证明。</p>'],
  ['三所新建幼儿园秋季开园', '<p>三所公办幼儿园开园，新增学位九百个，家长可为孩子在线报名，青川教育局统一派位。</p>'],
];

test('相关文章 has a relevance floor: weak matches give way to the newest of the same category; scores on the editors page', async (t) => {
  const z = await setup(t);
  const metro = await makeArticle(z, { category: 'transit', title: '地铁2号线东延段开通试运营', body: METRO, tags: ['地铁'] });
  const metro3 = await makeArticle(z, { category: 'life', title: '地铁3号线开工建设', body: METRO_3, tags: ['地铁'] });
  const weak: number[] = [];
  for (const [title, body] of UNRELATED) weak.push((await makeArticle(z, { category: 'life', title: title as string, body: body as string })).id);
  const sameCategory: number[] = [];
  for (const title of ['出租车起步价听证会召开', '长途客运站搬迁新址', '共享单车停放新规实施'])
    sameCategory.push((await makeArticle(z, { category: 'transit', title, body: `<p>${title}，详情见通知。</p>` })).id);
  await z.related.compute(z.dbh.db, metro.id);

  const stored = await z.dbh.db.selectFrom('related_articles').select(['related_id', 'score']).where('article_id', '=', metro.id).orderBy('rank').execute();
  assert.ok(
    stored.every((r) => r.score === 0 || r.score >= 0.08),
    stored.map((r) => `${r.related_id}: ${r.score.toFixed(3)}`).join(', '),
  );
  const box = await relatedIds(z, metro.id);
  assert.equal(box[0], metro3.id, 'the similar article first');
  for (const w of weak) assert.ok(!box.includes(w), `no weak match (#${w}) is listed`);
  assert.deepEqual(box.slice(1).sort(), [...sameCategory].sort(), 'the rest: the newest of the same category');

  const editor = await loginAs(z, 'ed', 'editor');
  const page = (await editor.get(`/admin/related/${metro.id}`)).body;
  assert.match(page, /相似度 0\.\d\d/);
  assert.match(page, /同栏目最新/);
  assert.match(page, /相似度低于 0\.08 的不列入/);
});

test('pins: drafts are refused, a scheduled pin is accepted with its date and takes no slot until then; states are shown', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'transit', title: '地铁2号线东延段开通试运营', body: METRO });
  const others: number[] = [];
  for (let i = 1; i <= 9; i++) others.push((await makeArticle(z, { category: 'transit', title: `交通简讯第${i}期`, body: `<p>第${i}期交通简讯。</p>` })).id);
  await z.related.compute(z.dbh.db, a.id);
  assert.equal((await relatedIds(z, a.id)).length, 8);

  const draft = await makeArticle(z, { category: 'transit', title: '尚未发布的草稿', status: 'draft' });
  const later = new Date(z.clock.now().getTime() + 86_400_000).toISOString();
  const scheduled = await makeArticle(z, { category: 'life', title: '明天发布的地铁新闻', status: 'published', publishedAt: later });
  const editor = await loginAs(z, 'ed', 'editor');
  const refused = await editor.post(`/admin/related/${a.id}`, { relatedId: String(draft.id), action: 'pin' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /《尚未发布的草稿》目前是“草稿”，不能置顶/);

  const pinned = await editor.post(`/admin/related/${a.id}`, { relatedId: String(scheduled.id), action: 'pin' });
  assert.equal(pinned.statusCode, 303);
  const shown = (await editor.get(pinned.headers.location as string)).body;
  assert.match(shown, /置顶的文章定时于 \d{4}-\d\d-\d\d \d\d:\d\d 发布，发布前不会显示/);
  assert.match(shown, /明天发布的地铁新闻<\/a> <small>#\d+<\/small><strong class="not-public">（定时发布，[^）]+ 起显示，不会显示）/);
  assert.doesNotMatch(shown, new RegExp(`>#${scheduled.id}</a>`), 'never a bare id for a title');
  const box = await relatedIds(z, a.id);
  assert.equal(box.length, 8, 'the scheduled pin takes no slot');
  assert.ok(!box.includes(scheduled.id));

  // Pinned while published, then taken back to draft: the editors see it, readers do not.
  const b = others[0] as number;
  await editor.post(`/admin/related/${a.id}`, { relatedId: String(b), action: 'pin' });
  await z.articles.update(b, { status: 'draft' });
  assert.match((await editor.get(`/admin/related/${a.id}`)).body, /交通简讯第1期<\/a> <small>#\d+<\/small><strong class="not-public">（草稿，不会显示）/);
  assert.ok(!(await relatedIds(z, a.id)).includes(b));

  z.clock.advance(2 * 86_400_000);
  assert.equal((await relatedIds(z, a.id))[0], scheduled.id, 'shown first once it is published');
});

test('相关文章 fill-ins skip the newest eight of the category (更多>同类最新资讯 shows them on the same page) unless the category is too small', () => {
  // Category newest first: 100 is the article itself, 99…80 the others.
  const newest = [100, ...Array.from({ length: 20 }, (_, i) => 99 - i)];
  assert.deepEqual(fillFromCategory(100, [42, 43], newest), [91, 90, 89, 88, 87, 86], 'older than the eight shown nearby');
  assert.deepEqual(
    fillFromCategory(95, [], newest.slice(0, 8)),
    [100, 99, 98, 97, 96, 94, 93],
    'a small category keeps its newest rather than leaving slots empty',
  );
  assert.deepEqual(fillFromCategory(100, [91], newest), [90, 89, 88, 87, 86, 85, 84], 'what the similar part took is not listed again');
});
