import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { testDialect } from '../../test/db.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { createArticleWorkflow } from '../articles/index.ts';
import { registerSearchPages } from './index.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const tech = await makeCategory(z, { slug: 'tech', name: '科技' });
  const ai = await makeCategory(z, { slug: 'tech-ai', name: '人工智能', parent: 'tech' });
  const life = await makeCategory(z, { slug: 'life', name: '生活' });
  return { z, tech, ai, life };
}

/** Result titles in page order, marks removed (text as shown, still HTML-escaped). */
function titles(body: string): string[] {
  return [...body.matchAll(/<li class="search-hit[^"]*">\s*<h3>(?:<span[^>]*>[^<]*<\/span>)?<a href="[^"]+">([\s\S]*?)<\/a>/g)].map((m) =>
    (m[1] as string).replace(/<\/?mark>/g, ''),
  );
}
const count = (body: string) => Number(/找到约 (\d+) 条结果/.exec(body)?.[1] ?? NaN);
const q = (s: string) => encodeURIComponent(s);

test('desktop and mobile search: highlighted title and snippet, count, Traditional and full-width queries, model codes', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, {
    category: tech.slug,
    title: '恒科电子发布HK-3001折叠屏手机',
    summary: '新机展开厚度4.3mm，售价6999元起。',
    body: '<p>恒科电子今天在青川发布折叠屏手机HK-3001，支持卫星通话。</p>',
    tags: ['手机'],
  });
  await makeArticle(z, { category: tech.slug, title: '乌克兰粮食出口恢复', body: '<p>黑海航线重新开放，乌克兰的小麦开始装船。</p>' });
  await makeArticle(z, { category: tech.slug, title: '青川公交线路调整', body: '<p>与上面的文章无关。</p>' });

  const r = await guest(z).get(`/search?q=${q('折叠屏手机')}`);
  assert.equal(r.statusCode, 200);
  assert.deepEqual(titles(r.body), ['恒科电子发布HK-3001折叠屏手机']);
  assert.equal(count(r.body), 1);
  assert.match(r.body, /HK-3001<mark>折叠屏手机<\/mark>/);
  assert.match(r.body, /class="snippet">[^]*<mark>/, 'the snippet marks the words too');
  assert.match(r.body, /<meta name="robots" content="noindex, follow"/);
  assert.match(r.body, /<form class="search-box" action="\/search"/, 'the header search box is on the page');

  for (const code of ['HK-3001', 'hk3001', 'ＨＫ－３００１', 'HK 3001']) {
    const x = await guest(z).get(`/search?q=${q(code)}`);
    assert.deepEqual(titles(x.body), ['恒科电子发布HK-3001折叠屏手机'], code);
  }
  const trad = await guest(z).get(`/search?q=${q('烏克蘭')}`);
  assert.deepEqual(titles(trad.body), ['乌克兰粮食出口恢复']);
  assert.match(trad.body, /<mark>乌克兰<\/mark>/);

  const m = await guest(z).get(`/mobile/search?q=${q('乌克兰')}`);
  assert.equal(m.statusCode, 200);
  assert.match(m.body, /<body class="mobile">/);
  assert.match(m.body, /href="\/mobile\/news\/\d+\.html"><mark>乌克兰<\/mark>粮食出口恢复/);
  assert.match(m.body, /<form class="search-box" action="\/mobile\/search"/);
  const home = await guest(z).get('/');
  assert.match(home.body, /<form class="search-box" action="\/search"/, 'every page has the search box');
});

test('highlighting escapes the text first: markup in titles, bodies and the query is shown, never run', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, {
    category: tech.slug,
    title: '<img src=x onerror=alert(1)> 乌克兰 & "引号"',
    body: '<p>正文提到 &lt;script&gt;alert(2)&lt;/script&gt; 和乌克兰。</p>',
  });
  const r = await guest(z).get(`/search?q=${q('乌克兰 <script>alert(3)</script>')}`);
  assert.equal(r.statusCode, 200);
  assert.doesNotMatch(r.body, /<img src=x/);
  assert.doesNotMatch(r.body, /<script>alert/);
  assert.match(r.body, /&lt;img src=x onerror=<mark>alert<\/mark>\(1\)&gt; <mark>乌克兰<\/mark> &amp; &quot;引号&quot;<\/a>/);
  assert.match(r.body, /class="snippet">正文提到 &lt;script&gt;/, 'the tag name typed as markup in the query is not marked');
  assert.match(r.body, /&lt;script&gt;alert\(3\)&lt;\/script&gt;/, 'the query is echoed escaped');
});

test('filters (category with sub-categories, date range), sort, pagination and the result count', async (t) => {
  const { z, tech, ai, life } = await setup(t);
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 2)).toISOString();
  for (let i = 1; i <= 23; i++)
    await makeArticle(z, { category: i % 2 ? tech.slug : ai.slug, title: `机器人新闻第${i}期`, publishedAt: day(1 + (i % 20)), status: 'published' });
  await makeArticle(z, { category: life.slug, title: '生活里的机器人', publishedAt: day(25), status: 'published' });

  const all = await guest(z).get(`/search?q=${q('机器人')}`);
  assert.equal(count(all.body), 24);
  assert.equal(titles(all.body).length, 10);
  assert.match(all.body, /href="\/search\?q=%E6%9C%BA%E5%99%A8%E4%BA%BA&amp;page=2"/);
  const p3 = await guest(z).get(`/search?q=${q('机器人')}&page=3`);
  assert.equal(titles(p3.body).length, 4);
  const pages = [...titles(all.body), ...titles((await guest(z).get(`/search?q=${q('机器人')}&page=2`)).body), ...titles(p3.body)];
  assert.equal(new Set(pages).size, 24, 'pages do not overlap');

  const inTech = await guest(z).get(`/search?q=${q('机器人')}&category=tech`);
  assert.equal(count(inTech.body), 23, 'a category includes its sub-categories');
  const inAi = await guest(z).get(`/search?q=${q('机器人')}&category=tech-ai`);
  assert.equal(count(inAi.body), 11);
  assert.match(inAi.body, /<option value="tech-ai" selected>/);

  const newest = await guest(z).get(`/search?q=${q('机器人')}&sort=newest`);
  assert.equal(titles(newest.body)[0], '生活里的机器人', 'newest first');
  const ranged = await guest(z).get(`/search?q=${q('机器人')}&from=2026-11-25&to=2026-11-25`);
  assert.deepEqual(titles(ranged.body), ['生活里的机器人']);
  const range2 = await guest(z).get(`/search?q=${q('机器人')}&from=2026-11-02&to=2026-11-03`);
  assert.equal(count(range2.body), 4, 'two days: articles 1, 2, 21, 22');

  const bad = await guest(z).get(`/search?q=${q('机器人')}&from=2026-13-45&sort=nonsense&page=abc&category=nope`);
  assert.equal(bad.statusCode, 200);
  assert.equal(count(bad.body), 24, 'bad filters are ignored');
  assert.match(bad.body, /日期格式应为/);
});

test('relevance: a title match outranks a body mention; recommended articles are not boosted by default', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, { category: tech.slug, title: '城市新闻汇总', body: '<p>今天还有一条关于量子计算的消息，篇幅不长。</p>', recommendLevel: 3 });
  await makeArticle(z, { category: tech.slug, title: '量子计算走进高校实验室', body: '<p>一台量子计算原型机在青川大学落地。</p>' });
  const r = await guest(z).get(`/search?q=${q('量子计算')}`);
  assert.deepEqual(titles(r.body), ['量子计算走进高校实验室', '城市新闻汇总']);
});

test('did you mean, partial matches and a friendly empty state', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, { category: tech.slug, title: '乌克兰粮食出口恢复', tags: ['乌克兰'] });
  const typo = await guest(z).get(`/search?q=${q('乌克栏')}`);
  assert.equal(typo.statusCode, 200);
  assert.match(typo.body, /您是不是要找：<a href="\/search\?q=%E4%B9%8C%E5%85%8B%E5%85%B0">乌克兰<\/a>/);

  const partial = await guest(z).get(`/search?q=${q('乌克兰 火星基地')}`);
  assert.deepEqual(titles(partial.body), ['乌克兰粮食出口恢复']);
  assert.match(partial.body, /部分匹配/);

  const none = await guest(z).get(`/search?q=${q('zzqqxx')}`);
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /没有找到与“zzqqxx”相关的文章/);
  assert.match(none.body, /检查输入是否有错别字/);
  assert.doesNotMatch(none.body, /您是不是要找/);

  await makeArticle(z, { category: tech.slug, title: '我家楼下的早餐摊' });
  const stop = await guest(z).get(`/search?q=${q('的')}`);
  assert.deepEqual(titles(stop.body), ['我家楼下的早餐摊'], 'a stop-word-only query still finds titles with it');

  const empty = await guest(z).get('/search');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /请输入要搜索的关键词/);
});

test('bad input never errors: FTS syntax, SQL, odd Unicode, long and repeated parameters are plain text', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, { category: tech.slug, title: '青川 AND 东湖 OR 西岭 NEAR 测试', body: '<p>包含 "引号" 和 (括号) 的正文 a-b c:d e*f。</p>' });
  const vectors = [
    '',
    '   ',
    '"',
    '""',
    '*',
    '-',
    ':',
    '(',
    ')',
    'NEAR',
    'AND',
    'OR',
    'NOT',
    'AND OR NEAR(',
    '"青川" AND',
    'title:青川',
    '青川*',
    '-青川',
    'NEAR(青川 东湖, 2)',
    "' OR 1=1 --",
    "'; drop table articles; --",
    '1; select * from members',
    '\\',
    '%',
    '_',
    '^',
    '&|!',
    "''::tsquery",
    'a\u0000b',
    '\u202Eabc',
    '\u200B\u200B',
    '😀🙈',
    '𠀀𠀁',
    'é́́́́',
    '青'.repeat(150),
    'x'.repeat(10_000),
  ];
  // Already encoded: lone surrogates (as CESU-8 bytes and as %u escapes), invalid UTF-8, a stray %.
  const raw = ['%ED%A0%80', '%ED%B0%80abc', '%FF%FE', '%C0%AF', '%E4%B8', '%', '%%41', '%uD800'];
  for (const enc of [...vectors.map(q), ...raw]) {
    for (const path of ['/search', '/mobile/search']) {
      const r = await guest(z).get(`${path}?q=${enc}&sort=${enc}&category=${enc}&from=${enc}&to=${enc}&page=${enc}`);
      assert.ok(r.statusCode === 200 || r.statusCode === 400, `${path} ${enc}: ${r.statusCode}`);
      if (r.statusCode === 200) assert.match(r.body, /class="search-page"/, enc);
    }
  }
  const lone = await guest(z).get(`/search?q=%ED%A0%80${q('青川')}`);
  assert.equal(lone.statusCode, 200);
  const long = await guest(z).get(`/search?q=${q('青'.repeat(150))}`);
  assert.match(long.body, /关键词太长，只按前 100 个字搜索/);
  const rep = await guest(z).get(`/search?q=${q('东湖')}&q=${q('zzz')}`);
  assert.equal(rep.statusCode, 200);
  assert.equal(count(rep.body), 1, 'a repeated parameter: the first value');
  for (const op of ['NEAR', '东湖 AND', 'OR 西岭', '"青川"', '(东湖', '东湖)', '东湖*']) {
    const syntax = await guest(z).get(`/search?q=${q(op)}`);
    assert.equal(count(syntax.body), 1, `FTS syntax is searched as words: ${op}`);
  }
  assert.equal(await z.articles.count({}), 1, 'nothing was dropped');
});

test('the index follows publish, edit, unpublish, schedule and delete', async (t) => {
  const { z, tech } = await setup(t);
  const find = async (s: string) => titles((await guest(z).get(`/search?q=${q(s)}`)).body);
  const a = await makeArticle(z, { category: tech.slug, title: '草稿里的独角兽公司', status: 'draft' });
  assert.deepEqual(await find('独角兽'), [], 'drafts are not searchable');
  await z.articles.update(a.id, { status: 'published' });
  assert.deepEqual(await find('独角兽'), ['草稿里的独角兽公司']);
  await z.articles.update(a.id, { title: '改名后的羚羊企业' });
  assert.deepEqual(await find('独角兽'), []);
  assert.deepEqual(await find('羚羊'), ['改名后的羚羊企业']);
  await z.articles.update(a.id, { tags: ['专精特新'] });
  assert.deepEqual(await find('专精特新'), ['改名后的羚羊企业'], 'tags are indexed');
  await z.articles.update(a.id, { status: 'draft' });
  assert.deepEqual(await find('羚羊'), [], 'unpublished');
  await z.articles.update(a.id, { status: 'published' });
  await z.articles.remove(a.id);
  assert.deepEqual(await find('羚羊'), [], 'deleted');

  const later = new Date(z.clock.now().getTime() + 3600_000).toISOString();
  await makeArticle(z, { category: tech.slug, title: '定时发布的卫星新闻', status: 'published', publishedAt: later });
  assert.deepEqual(await find('卫星'), [], 'scheduled: not yet');
  z.clock.advance(2 * 3600_000);
  assert.deepEqual(await find('卫星'), ['定时发布的卫星新闻'], 'public once its time comes');

  // Recent results are kept, but never past the next release: a repeated query sees it to the second.
  const soon = new Date(z.clock.now().getTime() + 30_000).toISOString();
  await makeArticle(z, { category: tech.slug, title: '半分钟后发布的卫星快讯', status: 'published', publishedAt: soon });
  assert.deepEqual(await find('快讯'), []);
  assert.deepEqual(await find('快讯'), [], 'asked again before its time');
  z.clock.advance(31_000);
  assert.deepEqual(await find('快讯'), ['半分钟后发布的卫星快讯'], 'the repeated query sees it once its time comes');
});

test('workflow writes keep the index in step, and a failed write leaves it unchanged', async (t) => {
  const { z, tech } = await setup(t);
  const find = async (s: string) => titles((await guest(z).get(`/search?q=${q(s)}`)).body);
  const author = await z.members.create({ username: 'writer1', role: 'member' });
  const wf = createArticleWorkflow({ ...z, purge: () => {} });
  const fields = {
    title: '会员投稿：湿地里的白鹭',
    summary: '',
    body: '<p>湿地公园里来了一群白鹭。</p>',
    category: tech.slug,
    tags: [],
    source: '',
    original: false,
    cover: '',
  };
  const sub = await wf.create(author.id, fields, 'pending');
  assert.deepEqual(await find('白鹭'), [], 'pending: not searchable');
  await wf.approve(sub.id, { fields, recommendLevel: 0, verified: false });
  assert.deepEqual(await find('白鹭'), ['会员投稿：湿地里的白鹭'], 'approved');

  await assert.rejects(
    wf.editPublished(
      sub.id,
      { ...fields, title: '会员投稿：湿地里的苍鹭' },
      {
        after: async () => {
          throw new Error('audit failed');
        },
      },
    ),
  );
  assert.deepEqual(await find('苍鹭'), [], 'the failed edit did not reach the index');
  assert.deepEqual(await find('白鹭'), ['会员投稿：湿地里的白鹭'], 'the old text is still found');

  await wf.editPublished(sub.id, { ...fields, title: '会员投稿：湿地里的苍鹭' });
  assert.deepEqual(await find('苍鹭'), ['会员投稿：湿地里的苍鹭']);
});

test('promoted articles for the keyword come first on page 1, marked 推广, not repeated below', async (t) => {
  const { z, tech } = await setup(t);
  const a = await makeArticle(z, { category: tech.slug, title: '无人机送快递试点' });
  const b = await makeArticle(z, { category: tech.slug, title: '无人机表演点亮夜空' });
  const app = Fastify();
  t.after(() => app.close());
  registerSearchPages(app, { ...z, promotedFor: async (kw) => (kw === '无人机' ? [b.id] : []) });
  const r = await app.inject(`/search?q=${q('无人机')}`);
  assert.equal(r.statusCode, 200);
  const list = titles(r.body);
  assert.deepEqual(list, ['无人机表演点亮夜空', '无人机送快递试点']);
  assert.match(r.body, /<li class="search-hit promoted"><h3><span class="badge promoted-badge">推广<\/span>/);
  assert.equal(list.filter((x) => x === b.title).length, 1, 'not repeated');
  void a;
  const broken = Fastify({ logger: false });
  t.after(() => broken.close());
  registerSearchPages(broken, {
    ...z,
    promotedFor: async () => {
      throw new Error('down');
    },
  });
  assert.equal((await broken.inject(`/search?q=${q('无人机')}`)).statusCode, 200, 'a failing promotion never breaks search');
});

test('搜索词库: admins add and remove dictionary words (audited); others may not', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, { category: tech.slug, title: '排雷联盟发布年度报告' });
  const admin = await loginAs(z, 'boss', 'admin');
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/search/terms')).statusCode, 403);
  assert.equal((await editor.post('/admin/search/terms', { term: '坏词' })).statusCode, 403);
  const page = await admin.get('/admin/search/terms');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /搜索词库/);

  const bad = await admin.post('/admin/search/terms', { term: '   ' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /请输入 2 到 20 个汉字的词语/);
  const added = await admin.post('/admin/search/terms', { term: '排雷联盟' });
  assert.equal(added.statusCode, 303);
  const dup = await admin.post('/admin/search/terms', { term: '排雷联盟' });
  assert.equal(dup.statusCode, 409);
  const list = await admin.get('/admin/search/terms?ok=added');
  assert.match(list.body, /<td>排雷联盟<\/td>/);
  assert.match(list.body, /已添加/);
  const r = await guest(z).get(`/search?q=${q('排雷联盟')}`);
  assert.deepEqual(titles(r.body), ['排雷联盟发布年度报告'], 'found whether the article was indexed before or after the word was added');

  const id = Number(/\/admin\/search\/terms\/(\d+)\/delete/.exec(list.body)?.[1]);
  assert.equal((await admin.post(`/admin/search/terms/${id}/delete`)).statusCode, 303);
  assert.doesNotMatch((await admin.get('/admin/search/terms')).body, /<td>排雷联盟<\/td>/);
  const actions = (await z.dbh.db.selectFrom('audit_log').select('action').where('action', 'like', 'search_term.%').orderBy('id').execute()).map(
    (x) => x.action,
  );
  assert.deepEqual(actions, ['search_term.add', 'search_term.remove']);
});

export type { TestApp };

// The FTS5 planner trick exists only on SQLite; the PostgreSQL pass has no such test (rather than a skip).
const sqliteOnly = testDialect() === 'sqlite' ? test : () => undefined;

sqliteOnly('large SQLite indexes: near-universal words leave the match but results stay right', async (t) => {
  const { z, tech } = await setup(t);
  const { createSqliteIndex } = await import('./search.index-sqlite.ts');
  for (let i = 1; i <= 6; i++) await makeArticle(z, { category: tech.slug, title: `青川新闻第${i}期`, body: `<p>青川本地消息${i}。</p>` });
  const special = await makeArticle(z, { category: tech.slug, title: '青川举办无人机表演', body: '<p>青川夜空里的无人机。</p>' });
  const other = await makeArticle(z, { category: tech.slug, title: '邻市的消息', body: '<p>没有提到本市名称，只有无人机。</p>' });
  const idx = createSqliteIndex({ largeIndex: 1 }); // treat this small index as large
  const base = { mode: 'all' as const, now: z.clock.now().toISOString(), sort: 'relevance' as const, limit: 10, offset: 0, boostRecommended: false };
  const both = await idx.query(z.dbh.db, { ...base, clauses: [[['青川']], [['无人机']]] });
  assert.equal(both.hits[0]?.id, special.id, 'the article with both words first');
  assert.ok(
    both.hits.some((h) => h.id === other.id),
    'the near-universal word no longer filters',
  );
  const common = await idx.query(z.dbh.db, { ...base, clauses: [[['青川']]] });
  assert.equal(common.total, 7, 'every article with the word');
  assert.ok(
    common.hits.slice(0, 7).every((h) => h.id !== other.id),
    'a query of common words alone still matches exactly',
  );
});

test('result dates are China dates, as on every other list: 20:30 UTC is already the next day', async (t) => {
  const { z, tech } = await setup(t);
  await makeArticle(z, { category: tech.slug, title: '深夜发布的火箭新闻', publishedAt: '2026-11-20T20:30:00.000Z', status: 'published' });
  for (const path of ['/search/', '/mobile/search/']) {
    const res = await guest(z).get(`${path}?q=${q('火箭')}`);
    assert.equal(titles(res.body).length, 1, path);
    assert.match(res.body, /<time datetime="2026-11-20T20:30:00.000Z">2026-11-21<\/time>/, path);
  }
});
