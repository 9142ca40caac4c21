import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const local = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  return { z, local };
}

function titles(body: string): string[] {
  return [...body.matchAll(/<li class="search-hit[^"]*">\s*<h3>(?:<span[^>]*>[^<]*<\/span>)?<a href="[^"]+">([\s\S]*?)<\/a>/g)].map((m) =>
    (m[1] as string).replace(/<\/?mark>/g, ''),
  );
}
const q = (s: string) => encodeURIComponent(s);
const find = async (z: TestApp, s: string) => titles((await guest(z).get(`/search?q=${q(s)}`)).body);
/** Waits until the admin page shows no index job queued or running (at most about 10 s). */
async function jobsDone(admin: Awaited<ReturnType<typeof loginAs>>): Promise<void> {
  for (let i = 0; i < 500 && /class="job (queued|running)"/.test((await admin.get('/admin/search/terms')).body); i++)
    await new Promise((r) => setTimeout(r, 20));
}

test('adding a term re-indexes the articles containing it in the background: results get better, never worse', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '地铁3号线试运行', body: '<p>乘客可以在科创园站下车，步行五分钟到园区。</p>' });
  await makeArticle(z, { category: local.slug, title: '恒科电子新品', body: '<p>这款折叠屏手机售价不高。</p>' });
  await makeArticle(z, { category: local.slug, title: '手机维修点开业', body: '<p>屏幕折叠处维修。</p>' });
  const foldBefore = await find(z, '折叠屏手机');
  const admin = await loginAs(z, 'boss', 'admin');

  assert.equal((await admin.post('/admin/search/terms', { term: '科创园站' })).statusCode, 303);
  assert.equal((await admin.post('/admin/search/terms', { term: '折叠屏手机' })).statusCode, 303);
  await jobsDone(admin);
  assert.deepEqual(await find(z, '科创园站'), ['地铁3号线试运行'], 'the article written before the term is found by it');
  assert.deepEqual(await find(z, '折叠屏手机'), foldBefore, 'the same results as before the term was added');
  assert.deepEqual(foldBefore, ['恒科电子新品']);

  const page = await admin.get('/admin/search/terms?ok=added');
  assert.match(page.body, /含有该词的已有文章正在后台重新索引/);
  assert.doesNotMatch(page.body, /已有文章的搜索结果也会包含新词/, 'no promise the page cannot keep');
  assert.match(page.body, /更新含“科创园站”的已有文章：已完成（[^）]+），检查 3 篇，更新 1 篇/);

  // 重建索引 runs the whole rebuild in the background, with its progress on the page.
  assert.equal((await admin.post('/admin/search/terms/reindex')).statusCode, 303);
  await jobsDone(admin);
  assert.match((await admin.get('/admin/search/terms')).body, /重建搜索索引：已完成（[^）]+），共索引 3 篇/);
  assert.deepEqual(await find(z, '科创园站'), ['地铁3号线试运行']);
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.post('/admin/search/terms/reindex')).statusCode, 403);
});

test('the dictionary refuses words that would not help, and says why; the list can be searched and paged', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '标签文章', tags: ['青川马拉松'] });
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.post('/admin/search/terms', { term: '恒科电子' })).statusCode, 303);
  const cases: Array<[string, number, RegExp]> = [
    ['恒科電子', 409, /词库中已有“恒科电子”（繁体和简体算同一个词）/],
    ['鹰', 422, /至少需要 2 个字/],
    ['的', 422, /至少需要 2 个字|停用词/],
    ['本地新闻', 422, /“本地新闻”是栏目名称，已自动加入词库/],
    ['青川马拉松', 422, /“青川马拉松”是文章标签，已自动加入词库/],
    ['<b>x</b>', 422, /不能包含 HTML 标记/],
    ['地铁 2号线', 422, /词语中间不能有空格/],
    ['地铁2号线', 422, /词库只收汉字词语/],
  ];
  for (const [term, status, message] of cases) {
    const r = await admin.post('/admin/search/terms', { term });
    assert.equal(r.statusCode, status, term);
    assert.match(r.body, message, term);
  }
  const terms = (await z.dbh.db.selectFrom('search_terms').select('term').execute()).map((r) => r.term);
  assert.deepEqual(terms, ['恒科电子'], 'nothing else was stored, nothing was rewritten');

  const words = Array.from({ length: 60 }, (_, i) => `测试词${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳'[Math.floor(i / 10)]}`);
  await z.dbh.db
    .insertInto('search_terms')
    .values(words.map((term) => ({ term, created_by: null, created_at: z.clock.now().toISOString() })))
    .execute();
  const first = await admin.get('/admin/search/terms');
  assert.match(first.body, /共 61 个词语/);
  assert.equal((first.body.match(/\/delete"/g) ?? []).length, 50, '50 a page');
  assert.match(first.body, /href="\/admin\/search\/terms\?page=2"/);
  const second = await admin.get('/admin/search/terms?page=2');
  assert.equal((second.body.match(/\/delete"/g) ?? []).length, 11);
  const filtered = await admin.get(`/admin/search/terms?q=${q('電子')}`);
  assert.match(filtered.body, /包含“電子”的词语共 1 个/);
  assert.match(filtered.body, /<td>恒科电子<\/td>/);
});

test('raw UTF-8 bytes in a /search URL: sent to the encoded URL, not an English JSON error', async (t) => {
  const { z, local } = await setup(t);
  await makeArticle(z, { category: local.slug, title: '地铁票价调整' });
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = z.app.server.address() as net.AddressInfo;
  const raw = (path: Buffer) =>
    new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.concat([Buffer.from('GET '), path, Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')])));
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('error', reject);
    });
  const answer = await raw(Buffer.concat([Buffer.from('/search?q='), Buffer.from('地铁')]));
  assert.match(answer, /^HTTP\/1\.1 303 /);
  assert.match(answer, /\r\nLocation: \/search\?q=%E5%9C%B0%E9%93%81\r\n/);
  assert.doesNotMatch(answer, /Bad Request/);
  const followed = await guest(z).get('/search?q=%E5%9C%B0%E9%93%81');
  assert.deepEqual(titles(followed.body), ['地铁票价调整']);
});
