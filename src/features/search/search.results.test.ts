import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { bulkInsertArticles } from '../articles/index.ts';
import { highlight } from './search.highlight.ts';
import { registerSearchPages } from './index.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const local = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const sports = await makeCategory(z, { slug: 'sports', name: '体育' });
  return { z, local, sports };
}

/** Result titles in page order (promoted first), marks removed. */
function titles(body: string): string[] {
  return [...body.matchAll(/<li class="search-hit[^"]*">\s*<h3>(?:<span[^>]*>[^<]*<\/span>)?<a href="[^"]+">([\s\S]*?)<\/a>/g)].map((m) =>
    (m[1] as string).replace(/<\/?mark>/g, ''),
  );
}
const organic = (body: string) => titles(body.slice(body.indexOf('<ol class="search-results"')));
const q = (s: string) => encodeURIComponent(s);
const get = async (z: TestApp, url: string) => (await guest(z).get(url)).body;

test('a word matches whole or through pieces covering all of it, never through one piece (湖滨站 ≠ 湖滨, 恒科电子 ≠ 电子)', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '地铁湖滨站今日启用', tags: ['湖滨站', '恒科电子'] });
  await makeArticle(z, { category: local.slug, title: '湖滨公园的秋天', body: '<p>湖滨步道上的银杏黄了。</p>' });
  await makeArticle(z, { category: local.slug, title: '恒科电子发布新款手机', body: '<p>恒科电子今天发布新品。</p>' });
  await makeArticle(z, { category: local.slug, title: '电子竞技联赛开幕', body: '<p>电子竞技进入校园。</p>' });
  const station = await get(z, `/search?q=${q('湖滨站')}`);
  assert.deepEqual(titles(station), ['地铁湖滨站今日启用']);
  const company = await get(z, `/search?q=${q('恒科电子')}`);
  assert.deepEqual(titles(company).sort(), ['地铁湖滨站今日启用', '恒科电子发布新款手机'].sort());
  assert.doesNotMatch(company, /部分匹配/);
});

test('promoted articles: pages stay consecutive and filters apply to them', async (t) => {
  const { z, local, sports } = await setup(t);
  const ids: number[] = [];
  for (let i = 1; i <= 25; i++)
    ids.push((await makeArticle(z, { category: local.slug, title: `青川新闻第${i}期`, publishedAt: new Date(Date.UTC(2026, 10, 1, i)).toISOString() })).id);
  const won = ids[20] as number; // the 5th newest: on page 1 of the organic order
  const app = Fastify();
  t.after(() => app.close());
  registerSearchPages(app, { ...z, promotedFor: async (kw) => (kw === '青川' ? [won] : []) });
  const page = async (n: number, extra = '') => (await app.inject(`/search?q=${q('青川')}&sort=newest&page=${n}${extra}`)).body;
  const [p1, p2, p3] = [await page(1), await page(2), await page(3)];
  assert.equal(titles(p1)[0], '青川新闻第21期', 'the promoted article first on page 1');
  const seen = [...organic(p1), ...organic(p2), ...organic(p3)];
  assert.equal(seen.length, 24, 'every other article once');
  assert.equal(new Set(seen).size, 24, 'pages do not overlap');
  assert.ok(!seen.includes('青川新闻第21期'), 'the promoted article is not repeated below');
  assert.deepEqual(organic(p1).slice(-1), ['青川新闻第15期']);
  assert.deepEqual(organic(p2).slice(0, 1), ['青川新闻第14期'], 'page 2 starts right after page 1');

  const other = await app.inject(`/search?q=${q('青川')}&category=${sports.slug}`);
  assert.ok(!titles(other.body).includes('青川新闻第21期'), 'a 本地新闻 article is not promoted in 体育');
  const future = (await app.inject(`/search?q=${q('青川')}&from=2030-01-01`)).body;
  assert.deepEqual(titles(future), [], 'nothing published in that range, promoted or not');
  assert.match(future, /没有找到与“青川”相关的文章/);
  assert.doesNotMatch(future, /找到约 0 条结果|没有更多结果了|按时间<\/a>/, 'only the empty state');

  // A keyword's auction winners show for it within the filters, whether or not their text has the word:
  // that is what 排名推广 sells.
  const only = await makeArticle(z, { category: sports.slug, title: '青川马拉松报名开始' });
  const app2 = Fastify();
  t.after(() => app2.close());
  registerSearchPages(app2, { ...z, promotedFor: async () => [only.id, won] });
  assert.deepEqual(titles((await app2.inject(`/search?q=${q('马拉松')}`)).body), ['青川马拉松报名开始', '青川新闻第21期']);
  assert.deepEqual(titles((await app2.inject(`/search?q=${q('马拉松')}&category=${sports.slug}`)).body), ['青川马拉松报名开始'], 'the filter applies');
});

test('relevance ranks every match, not only the 300 newest: an old title match comes first', async (t) => {
  const { z, local } = await setup(t);
  const author = await z.members.create({ username: 'bulkwriter', role: 'member' });
  const at = (i: number) => new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString();
  await z.dbh.tx((trx) =>
    bulkInsertArticles(
      trx,
      [
        { title: '暗物质探测器取得新进展', summary: '', body: '<p>科研团队公布了暗物质探测器的数据。</p>' },
        ...Array.from({ length: 320 }, (_, i) => ({ title: `城市简讯第${i + 1}期`, summary: '', body: `<p>第${i + 1}期简讯，顺带提到暗物质展览。</p>` })),
      ].map((a, i) => ({ ...a, categoryId: local.id, authorId: author.id, original: false, recommendLevel: 0, verified: false, publishedAt: at(i), tags: [] })),
      at(400),
    ),
  );
  await z.search.reindex();
  const r = await get(z, `/search?q=${q('暗物质')}`);
  assert.match(r, /找到约 321 条结果/);
  assert.equal(titles(r)[0], '暗物质探测器取得新进展', 'the oldest article, the only title match, ranks first');
  const last = await get(z, `/search?q=${q('暗物质')}&page=33`);
  assert.equal(titles(last).length, 1, 'every match can be reached: page 33 holds the 321st');
});

test('one Han character finds the words containing it (鹰 → 雄鹰)', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '雄鹰展翅：青川航模队夺冠', body: '<p>比赛在体育中心举行。</p>' });
  await makeArticle(z, { category: local.slug, title: '秋季候鸟迁徙季到来', body: '<p>湿地里来了很多候鸟。</p>' });
  const r = await get(z, `/search?q=${q('鹰')}`);
  assert.deepEqual(titles(r), ['雄鹰展翅：青川航模队夺冠']);
  assert.match(r, /雄<mark>鹰<\/mark>展翅/);
});

test('highlighting marks whole tokens: not the 2 of 28, the 1 of 1080, the b of a word; markup in the query is no search text', async (t) => {
  assert.deepEqual(highlight('28分钟', ['2']), [{ text: '28分钟', mark: false }]);
  assert.deepEqual(highlight('1080p 和 1 台', ['1']), [
    { text: '1080p 和 ', mark: false },
    { text: '1', mark: true },
    { text: ' 台', mark: false },
  ]);
  assert.deepEqual(highlight('Bob 的 b 计划', ['b']), [
    { text: 'Bob 的 ', mark: false },
    { text: 'b', mark: true },
    { text: ' 计划', mark: false },
  ]);
  assert.ok(
    highlight('iPhone17 发布', ['iphone']).some((p) => p.mark && p.text === 'iPhone'),
    'a letter run before digits is a token',
  );
  assert.ok(highlight('增长5.6%', ['5.6']).some((p) => p.mark && p.text === '5.6'));
  assert.ok(!highlight('增长15.6%', ['5.6']).some((p) => p.mark), 'not inside a longer number');

  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '地铁2号线东延段开通 东湖到新区最快28分钟', body: '<p>新车支持1080p屏幕，bank 卡可刷。</p>' });
  const two = await get(z, `/search?q=2`);
  assert.match(two, /地铁<mark>2<\/mark>号线/);
  assert.doesNotMatch(two, /<mark>2<\/mark>8/);
  const script = await get(z, `/search?q=${q('<script>alert(1)</script> 地铁')}`);
  assert.doesNotMatch(script, /<mark>1<\/mark>080|<mark>script<\/mark>/);
  const b = await get(z, `/search?q=${q('<b>')}`);
  assert.doesNotMatch(b, /<mark>b<\/mark>/);
  assert.deepEqual(titles(b), [], 'a query of markup only searches nothing');
});

test('query encoding: a GBK link is read as GBK; bytes that are no text get a Chinese notice', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '地铁票价调整听证会召开' });
  await makeArticle(z, { category: local.slug, title: '公交线路优化' });
  const r = await guest(z).get('/search?q=%B5%D8%CC%FA');
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /<h1>“地铁”的搜索结果<\/h1>/);
  assert.deepEqual(titles(r.body), ['地铁票价调整听证会召开']);
  const bad = await guest(z).get('/search?q=%FF%FE%FF');
  assert.equal(bad.statusCode, 200);
  assert.match(bad.body, /链接中的关键词无法识别/);
  assert.deepEqual(titles(bad.body), []);
});

test('the search page says what it did: empty state alone, swapped dates, unknown category, 热门搜索', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '机器人走进社区养老院', publishedAt: '2026-11-10T02:00:00.000Z', status: 'published' });
  const none = await get(z, `/search?q=${q('火星殖民')}`);
  assert.match(none, /没有找到与“火星殖民”相关的文章/);
  assert.doesNotMatch(none, /找到约 0 条结果|class="sort-links"/, 'the empty state alone');

  const swapped = await get(z, `/search?q=${q('机器人')}&from=2026-11-30&to=2026-11-01`);
  assert.deepEqual(titles(swapped), ['机器人走进社区养老院']);
  assert.match(swapped, /起始日期晚于截止日期，已按 2026-11-01 至 2026-11-30 搜索/);

  const unknown = await get(z, `/search?q=${q('机器人')}&category=nope`);
  assert.match(unknown, /没有找到栏目“nope”，已在全部栏目中搜索/);
  assert.deepEqual(titles(unknown), ['机器人走进社区养老院']);

  await z.bannedWords.add('违禁品');
  // Three readers each; one reader repeating a query counts once.
  const from = (i: number, url: string) => z.app.inject({ url, remoteAddress: `10.0.0.${i}` });
  for (let i = 0; i < 3; i++) await from(i, `/search?q=${q('机器人')}`);
  for (let i = 0; i < 3; i++) await from(i, `/search?q=${q('火星殖民')}`);
  for (let i = 0; i < 5; i++) await from(9, `/search?q=${q('养老院')}`);
  await makeArticle(z, { category: local.slug, title: '查获一批违禁品' });
  for (let i = 0; i < 3; i++) await from(i, `/search?q=${q('违禁品')}`);
  const home = await get(z, '/search');
  const hot = home.slice(home.indexOf('class="hot-searches"'));
  assert.match(hot, /热门搜索/);
  assert.match(hot, /<a href="\/search\?q=%E6%9C%BA%E5%99%A8%E4%BA%BA">机器人<\/a>/);
  assert.doesNotMatch(hot, /火星殖民/, 'queries without results are not listed');
  assert.doesNotMatch(hot, /违禁品/, 'banned words are not listed');
  assert.doesNotMatch(hot, /养老院/, 'one visitor repeating a query does not make it popular');
});
