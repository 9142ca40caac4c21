import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeCategory(z, { slug: 'tech', name: '科技' });
  await makeCategory(z, { slug: 'sports', name: '体育' });
  return z;
}

/** The 相关文章 box of an article page. */
async function relatedBox(z: TestApp, id: number): Promise<string> {
  const html = (await guest(z).get(`/news/${id}.html`)).body;
  const start = html.indexOf('box related');
  assert.ok(start > 0, 'the page has a 相关文章 box');
  return html.slice(start, html.indexOf('</section>', start));
}

const TUNA = [
  '<p>白石县的深海网箱里，第一批蓝鳍金枪鱼幼鱼已经长到四十公斤，养殖团队每天记录水温、溶氧和投喂量。</p>',
  '<p>负责该项目的海洋牧场公司介绍，蓝鳍金枪鱼对水温极其敏感，网箱必须随季节下沉或上浮。</p>',
].join('');
const TUNA_2 = [
  '<p>研究人员在实验室里尝试让蓝鳍金枪鱼亲鱼自然产卵，人工孵化的鱼苗成活率仍然偏低。</p>',
  '<p>专家认为，深海网箱和全人工繁育结合，才能减少对野生蓝鳍金枪鱼资源的依赖。</p>',
].join('');
const MATCH = '<p>青川体育中心昨晚举行篮球联赛，主队在最后一节连得十二分，以八分优势战胜客队，现场观众超过五千人。</p>';
const BUS = '<p>青川市公交集团宣布调整三条线路的首末班时间，方便夜间下班的市民乘车，新时刻表下周一起执行。</p>';

test('相关文章 is computed from content on publish: shared rare terms relate without tags; not itself, not its copies', async (t) => {
  const z = await setup(t);
  const bus = await makeArticle(z, { category: 'local', title: '公交线路调整首末班时间', body: BUS, tags: ['公交'] });
  const match = await makeArticle(z, { category: 'local', title: '篮球联赛主队逆转取胜', body: MATCH, tags: ['公交'] });
  const a = await makeArticle(z, { category: 'local', title: '白石县深海网箱养殖蓝鳍金枪鱼', body: TUNA, tags: [] });
  const copy = await makeArticle(z, { category: 'sports', title: '白石县深海网箱养殖蓝鳍金枪鱼', body: TUNA, tags: [] });
  const b = await makeArticle(z, { category: 'tech', title: '金枪鱼人工繁育仍有难关', body: TUNA_2, tags: [] });

  // Computed when b was published (its own list) — no page was requested yet.
  const stored = await z.dbh.db.selectFrom('related_articles').select(['related_id']).where('article_id', '=', b.id).orderBy('rank').execute();
  assert.equal(stored[0]?.related_id, a.id, 'b lists a first, computed at publish time');
  // a's list changes in the background job (b is its new neighbour).
  const queued = await z.dbh.db.selectFrom('related_queue').select('article_id').execute();
  assert.ok(
    queued.some((q) => q.article_id === a.id),
    'a is queued for recomputation',
  );
  await z.scheduler.runNow('related.queue');

  const box = await relatedBox(z, a.id);
  assert.ok(box.includes(`/news/${b.id}.html`), 'the article sharing rare terms (no tags, other category) is related');
  assert.ok(!box.includes(`/news/${a.id}.html`), 'not itself');
  assert.ok(!box.includes(`/news/${copy.id}.html`), 'not a near-duplicate of itself');
  const iB = box.indexOf(`/news/${b.id}.html`);
  for (const other of [bus, match]) {
    const i = box.indexOf(`/news/${other.id}.html`);
    assert.ok(i === -1 || i > iB, 'unrelated articles come after the similar one, if at all');
  }

  // An edit that changes the subject moves b out of a's list once the job has run.
  await z.articles.update(b.id, { title: '青川篮球联赛进入季后赛', body: MATCH.replace('昨晚', '前晚') });
  await z.scheduler.runNow('related.queue');
  assert.ok(!(await relatedBox(z, a.id)).includes(`/news/${b.id}.html`), 'after the edit b is no longer related to a');
});

test('editors pin and exclude related articles (audited); members cannot', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'local', title: '白石县深海网箱养殖蓝鳍金枪鱼', body: TUNA });
  const b = await makeArticle(z, { category: 'tech', title: '金枪鱼人工繁育仍有难关', body: TUNA_2 });
  const bus = await makeArticle(z, { category: 'local', title: '公交线路调整首末班时间', body: BUS });
  await z.scheduler.runNow('related.queue');
  assert.ok((await relatedBox(z, a.id)).includes(`/news/${b.id}.html`));

  const member = await loginAs(z, 'alice');
  const denied = await member.post(`/admin/related/${a.id}`, { relatedId: String(bus.id), action: 'pin' });
  assert.ok([302, 303, 403].includes(denied.statusCode), `member refused (${denied.statusCode})`);

  const editor = await loginAs(z, 'ed', 'editor');
  assert.ok((await editor.get(`/admin/articles/${a.id}/edit`)).body.includes(`href="/admin/related/${a.id}"`), 'linked from the article edit page');
  const form = await editor.get(`/admin/related/${a.id}`);
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('金枪鱼人工繁育仍有难关'), 'the page shows the current list');

  for (const relatedId of ['abc', '9999999999', '-1', "1' or 1=1", '']) {
    const bad = await editor.post(`/admin/related/${a.id}`, { relatedId, action: 'pin' });
    assert.equal(bad.statusCode, 422, relatedId);
    assert.ok(bad.body.includes('请输入要置顶或排除的文章编号'));
  }
  assert.equal((await editor.post(`/admin/related/${a.id}`, { relatedId: String(b.id), action: 'boost' })).statusCode, 422);
  assert.equal((await editor.get('/admin/related/99999999999')).statusCode, 404);
  const bad = await editor.post(`/admin/related/${a.id}`, { relatedId: 'abc', action: 'pin' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('请输入要置顶或排除的文章编号'));
  const self = await editor.post(`/admin/related/${a.id}`, { relatedId: String(a.id), action: 'pin' });
  assert.equal(self.statusCode, 422);
  const missing = await editor.post(`/admin/related/${a.id}`, { relatedId: '999999', action: 'pin' });
  assert.equal(missing.statusCode, 422);
  assert.ok(missing.body.includes('找不到这篇文章'));

  assert.equal((await editor.post(`/admin/related/${a.id}`, { relatedId: String(bus.id), action: 'pin' })).statusCode, 303);
  assert.equal((await editor.post(`/admin/related/${a.id}`, { relatedId: String(b.id), action: 'exclude' })).statusCode, 303);
  const box = await relatedBox(z, a.id);
  assert.ok(box.includes(`/news/${bus.id}.html`), 'the pinned article is listed');
  assert.ok(!box.includes(`/news/${b.id}.html`), 'the excluded article is gone');

  assert.equal((await editor.post(`/admin/related/${a.id}`, { relatedId: String(b.id), action: 'clear' })).statusCode, 303);
  assert.ok((await relatedBox(z, a.id)).includes(`/news/${b.id}.html`), 'clearing the exclusion brings it back');

  const log = await z.dbh.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'like', 'related.%').orderBy('id').execute();
  assert.deepEqual(
    log.map((l) => l.action),
    ['related.pin', 'related.exclude', 'related.clear'],
  );
});

test('an article without a computed list falls back to shared tags; rebuild computes every list', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'local', title: '白石县深海网箱养殖蓝鳍金枪鱼', body: TUNA, tags: ['海洋'] });
  const tagged = await makeArticle(z, { category: 'sports', title: '篮球联赛主队逆转取胜', body: MATCH, tags: ['海洋'] });
  const b = await makeArticle(z, { category: 'tech', title: '金枪鱼人工繁育仍有难关', body: TUNA_2 });
  await z.dbh.db.deleteFrom('related_articles').execute();
  await z.dbh.db.deleteFrom('related_queue').execute();
  const box = await relatedBox(z, a.id);
  assert.ok(box.includes(`/news/${tagged.id}.html`), 'fallback: the article sharing a tag');

  await z.related.rebuild();
  z.cache.clear();
  assert.ok((await relatedBox(z, a.id)).includes(`/news/${b.id}.html`), 'after the rebuild: content similarity');
});

test('the demo site ends with every article’s 相关文章 computed', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { seedDemoIfEmpty } = await import('../../cli/demo.ts');
  await seedDemoIfEmpty(z);
  const published = await z.articles.count({});
  const rows = await z.dbh.db.selectFrom('related_articles').select('article_id').distinct().execute();
  assert.ok(published >= 60);
  assert.equal(rows.length, published, 'every published demo article has a computed list');
  const queued = await z.dbh.db.selectFrom('related_queue').select('article_id').execute();
  assert.equal(queued.length, 0, 'nothing left for the background job');

  // Articles the editors tagged with one topic find each other: each 交通 story lists at least two of the
  // others, though each is mostly about something else (a metro line, speed limits, flooded roads, e-bikes).
  const traffic = (
    await z.dbh.db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select('article_tags.article_id')
      .where('tags.name', '=', '交通')
      .execute()
  ).map((r) => r.article_id);
  assert.ok(traffic.length >= 4, `${traffic.length} articles tagged 交通`);
  for (const id of traffic) {
    const list = (await z.related.listFor(id)) ?? [];
    const peers = list.filter((x) => traffic.includes(x));
    assert.ok(peers.length >= 2, `article ${id} lists ${peers.length} of the other 交通 articles: ${list.join(', ')}`);
  }
  // A bare number is never a topic: no article is related to another by sharing "28" or "2026".
  const numeric = (await z.dbh.db.selectFrom('related_terms').select('term').distinct().execute()).filter((r) => /^[\d.,:%+\-/]+$/.test(r.term));
  assert.deepEqual(numeric, []);
});

test('document frequencies count each published article once: publishes add, edits do not', async (t) => {
  const z = await setup(t);
  const dfOf = async (term: string) => (await z.dbh.db.selectFrom('related_df').select('df').where('term', '=', term).executeTakeFirst())?.df;
  const docsBefore = (await dfOf('')) ?? 0;
  const a = await makeArticle(z, { category: 'local', title: '白石县深海网箱养殖蓝鳍金枪鱼', body: TUNA });
  assert.equal(await dfOf('金枪鱼'), 1, 'a new term is counted at its first article');
  await makeArticle(z, { category: 'tech', title: '金枪鱼人工繁育仍有难关', body: TUNA_2 });
  await makeArticle(z, { category: 'local', title: '公交线路调整首末班时间', body: BUS });
  assert.equal(await dfOf('金枪鱼'), 2, 'two articles mention it');
  assert.equal(await dfOf(''), docsBefore + 3, 'the corpus size follows publishes');
  await z.articles.update(a.id, { title: '白石县深海网箱养殖金枪鱼' });
  assert.equal(await dfOf('金枪鱼'), 2, 'an edit is not counted again');
  assert.equal(await dfOf(''), docsBefore + 3);
});
