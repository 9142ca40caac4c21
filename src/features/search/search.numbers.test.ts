import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const titles = (body: string) => [...body.matchAll(/<li class="search-hit[^"]*">\s*<h3><a href="[^"]+">([\s\S]*?)<\/a>/g)].map((m) => m[1] as string);
const PARTIAL = '没有同时包含全部关键词的文章，以下是部分匹配的结果。';

test('a number with a unit or decimals is one search term: no matches through 万 or km alone', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeArticle(z, { category: cat.slug, title: '每户补贴2万元', body: '<p>每户补贴2万元，容积率1.2。</p>' });
  await makeArticle(z, { category: cat.slug, title: '新建12万平方米厂房', body: '<p>新建12万平方米厂房。</p>' });
  await makeArticle(z, { category: cat.slug, title: '全年增收1.2万元', body: '<p>农户全年增收1.2万元。</p>' });
  await makeArticle(z, { category: cat.slug, title: '高速限速调整', body: '<p>限速120，全长300km。</p>' });
  await makeArticle(z, { category: cat.slug, title: '新线时速120km/h', body: '<p>列车时速可达120km/h。</p>' });
  const g = guest(z);

  const wan = await g.get(`/search?q=${encodeURIComponent('1.2万')}`);
  assert.deepEqual(titles(wan.body), ['全年增收<mark>1.2万</mark>元']);
  assert.ok(!wan.body.includes('<mark>万</mark>'));

  const speed = await g.get(`/search?q=${encodeURIComponent('120km/h')}`);
  assert.deepEqual(titles(speed.body), ['新线时速<mark>120km/h</mark>']);
  assert.ok(!speed.body.includes('<mark>km</mark>'));
  const spaced = await g.get(`/search?q=${encodeURIComponent('120 km/h')}`);
  assert.deepEqual(titles(spaced.body), ['新线时速<mark>120km/h</mark>']);

  // Some words missing everywhere: partial matches, under the notice, without marking the number's pieces.
  const partial = await g.get(`/search?q=${encodeURIComponent('1.2万 厂房')}`);
  assert.ok(partial.body.includes(PARTIAL));
  assert.deepEqual(titles(partial.body).sort(), ['全年增收<mark>1.2万</mark>元', '新建12万平方米<mark>厂房</mark>'].sort());
  assert.ok(!partial.body.includes('<mark>万</mark>'));
});

test('a number and its unit are found whether the article or the query puts spaces between them', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  // Spaced articles (ASCII and full-width spaces) and joined ones; decoys with the number or the unit alone.
  await makeArticle(z, { category: cat.slug, title: '新区投资1.5 亿元建设学校', body: '<p>项目将于2026 年 3 月开工。</p>' });
  await makeArticle(z, { category: cat.slug, title: '港口扩建投资1.5\u3000亿元', body: '<p>工期约两年。</p>' });
  await makeArticle(z, { category: cat.slug, title: '老城改造投资1.5亿元', body: '<p>2026年3月完工。</p>' });
  await makeArticle(z, { category: cat.slug, title: '体育馆投资15亿元', body: '<p>容积率1.5，2026年5月开放。</p>' });
  const g = guest(z);
  const find = async (q: string) => titles((await g.get(`/search?q=${encodeURIComponent(q)}&sort=newest`)).body).map((x) => x.replace(/<\/?mark>/g, ''));

  const money = ['新区投资1.5 亿元建设学校', '港口扩建投资1.5\u3000亿元', '老城改造投资1.5亿元'].sort();
  assert.deepEqual((await find('1.5亿元')).sort(), money, 'joined query finds spaced articles');
  assert.deepEqual((await find('1.5 亿元')).sort(), money, 'spaced query finds joined articles');
  const month = ['新区投资1.5 亿元建设学校', '老城改造投资1.5亿元'].sort();
  assert.deepEqual((await find('2026年3月')).sort(), month);
  assert.deepEqual((await find('2026 年 3 月')).sort(), month);
  // The spaced form is marked as a whole in the results.
  const page = await g.get(`/search?q=${encodeURIComponent('1.5亿元')}`);
  assert.ok(page.body.includes('新区投资<mark>1.5 亿元</mark>建设学校'), 'spaced number and unit marked together');
});

test('a partial-match page past the end leads to the last page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  for (let i = 0; i < 12; i++) await makeArticle(z, { category: cat.slug, title: `青川新闻第${i + 1}条` });
  const q = encodeURIComponent('青川 不存在的词');
  const far = await guest(z).get(`/search?q=${q}&page=9`);
  assert.equal(far.statusCode, 302);
  assert.equal(far.headers.location, `/search?${new URLSearchParams({ q: '青川 不存在的词', page: '2' })}`);
  const last = await guest(z).get(String(far.headers.location));
  assert.ok(last.body.includes(PARTIAL));
  assert.equal(titles(last.body).length, 2);
});
