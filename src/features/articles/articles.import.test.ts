import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { articleRecord } from './articles.admin-queries.ts';
import { createArticleImporter, parseImportLine, type ImportItem } from './articles.import.ts';

function importerFor(z: TestApp) {
  return createArticleImporter({ dbh: z.dbh, clock: z.clock, categories: z.categories, members: z.members });
}

function line(over: Record<string, unknown> = {}): ImportItem {
  const r = parseImportLine({
    title: '青川港扩建工程开工',
    body: '<p>港口二期工程今日开工。</p>',
    category: 'local',
    author: 'gangkou',
    tags: ['港口'],
    publishedAt: '2026-05-01T02:00:00.000Z',
    ...over,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.fields));
  return r.item;
}

async function run(z: TestApp, items: ImportItem[]) {
  const importer = importerFor(z);
  return importer.importBatch(await Promise.all(items.map((i) => importer.prepare(i))));
}

test('import keeps free ids, is idempotent and updates what changed', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  assert.deepEqual(await run(z, [line({ id: 50 }), line({ id: 7, title: '第二篇', tags: ['b', 'a', 'a'] })]), ['created', 'created']);
  assert.equal((await articleRecord(z.dbh.db, 50))?.title, '青川港扩建工程开工');
  assert.deepEqual((await articleRecord(z.dbh.db, 7))?.tags, ['a', 'b']);
  // New articles after an import with explicit ids must not collide with them (PostgreSQL sequences).
  const next = await makeArticle(z, { category: 'local' });
  assert.ok(next.id > 50, `new id ${next.id}`);

  assert.deepEqual(await run(z, [line({ id: 50 }), line({ id: 7, title: '第二篇', tags: ['a', 'b'] })]), ['unchanged', 'unchanged']);
  assert.deepEqual(await run(z, [line({ id: 50, body: '<p>改过的正文。</p>' })]), ['updated']);
  assert.equal((await articleRecord(z.dbh.db, 50))?.body, '<p>改过的正文。</p>');
  // A line without id finds its article by author + title + sourceUrl.
  const { id: _id, ...withoutId } = line({ body: '<p>改过的正文。</p>' });
  assert.deepEqual(await run(z, [withoutId]), ['unchanged']);
  assert.equal(await z.articles.count({}), 3);
});

test('an id used by an unrelated article in this database is not overwritten', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const existing = await makeArticle(z, { category: 'local', title: '本站原有文章', publishedAt: '2026-01-01T00:00:00.000Z' });
  assert.deepEqual(await run(z, [line({ id: existing.id })]), ['created']);
  assert.equal((await articleRecord(z.dbh.db, existing.id))?.title, '本站原有文章');
  assert.equal(await z.articles.count({}), 2);
  assert.deepEqual(await run(z, [line({ id: existing.id })]), ['unchanged'], 'the re-import finds the article by its key');
  assert.equal(await z.articles.count({}), 2);
});

test('a failing batch writes nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const importer = importerFor(z);
  const good = await importer.prepare(line());
  const broken = { ...(await importer.prepare(line({ title: '另一篇' }))), values: { ...good.values, title: '另一篇', category_id: 999_999 } };
  await assert.rejects(importer.importBatch([good, broken]));
  assert.equal(await z.articles.count({}), 0);
  assert.equal(await z.members.byUsername('gangkou'), undefined);
});

test('lines are validated: schema, references and rules, with every bad field named', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const bad = parseImportLine({ id: 'x', body: '', category: 'local', author: 'ab', colour: 'red', url: 'https://ignored/', mobileUrl: 'x' });
  assert.equal(bad.ok, false);
  assert.deepEqual(Object.keys(bad.ok ? {} : bad.fields).sort(), ['body', 'colour', 'id', 'title']);
  assert.equal(parseImportLine([1]).ok, false);
  // Messages in plain Chinese, without zod's English type names; author names are trimmed.
  const typed = parseImportLine({ title: 42, body: '<p>x</p>', category: 'local', author: '  writer01  ' });
  assert.equal(typed.ok, false);
  const msg = typed.ok ? '' : (typed.fields.title ?? '');
  assert.ok(msg && !/string|number|[a-z]{4,}/.test(msg), msg);
  const spaced = parseImportLine({ title: '标题', body: '<p>x</p>', category: 'local', author: '  writer01  ' });
  assert.equal(spaced.ok && spaced.item.input.author, 'writer01');
  const draft = parseImportLine({
    title: '草稿',
    body: '<p>x</p>',
    category: 'local',
    author: 'ab',
    status: 'draft',
    publishedAt: null,
    url: 'https://old.example/news/1.html',
  });
  assert.ok(draft.ok, 'read-only fields and a null publishedAt are accepted');

  const importer = importerFor(z);
  await assert.rejects(importer.prepare(line({ category: 'nope', recommendLevel: 2 })), (e: { fields: Record<string, string> }) => {
    assert.deepEqual(Object.keys(e.fields).sort(), ['category', 'recommendLevel']);
    return true;
  });
});

test('lines with status "deleted" are refused: an import never makes invisible articles (or their authors)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const bad = parseImportLine({ title: '已删除', body: '<p>x</p>', category: 'local', author: 'ghost_author', status: 'deleted' });
  assert.equal(bad.ok, false);
  assert.deepEqual(Object.keys(bad.ok ? {} : bad.fields), ['status']);
  assert.equal(await z.members.byUsername('ghost_author'), undefined);
});

test('import dates: real calendar dates only; without an offset they are China time (+08:00)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  for (const publishedAt of ['2026-02-30', '2026-02-30T10:00:00Z', '2026-11-27T25:00', '2026/11/27']) {
    const r = parseImportLine({ title: 'x', body: '<p>x</p>', category: 'local', author: 'gangkou', publishedAt });
    assert.equal(r.ok, false, publishedAt);
    assert.deepEqual(Object.keys(r.ok ? {} : r.fields), ['publishedAt'], publishedAt);
  }
  const importer = importerFor(z);
  for (const [given, stored] of [
    ['2026-11-27T08:05:00', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27 08:05', '2026-11-27T00:05:00.000Z'],
    ['2026-11-27T08:05:00+08:00', '2026-11-27T00:05:00.000Z'],
  ]) {
    assert.equal((await importer.prepare(line({ publishedAt: given }))).publishedAt, stored, given);
  }
});

test('import: publishedAt null means no date, as in the API (a published article keeps its date)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  assert.deepEqual(await run(z, [line({ id: 60, status: 'draft' })]), ['created']);
  assert.equal((await articleRecord(z.dbh.db, 60))?.publishedAt, '2026-05-01T02:00:00.000Z');
  assert.deepEqual(await run(z, [line({ id: 60, status: 'draft', publishedAt: null })]), ['updated']);
  assert.equal((await articleRecord(z.dbh.db, 60))?.publishedAt, null, 'the draft lost its date');
  assert.deepEqual(await run(z, [line({ id: 60, status: 'draft', publishedAt: null })]), ['unchanged']);
  assert.deepEqual(await run(z, [line({ id: 61, title: '已发布' })]), ['created']);
  assert.deepEqual(await run(z, [line({ id: 61, title: '已发布', publishedAt: null })]), ['unchanged']);
  assert.equal((await articleRecord(z.dbh.db, 61))?.publishedAt, '2026-05-01T02:00:00.000Z');
});
