import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Zixun } from '../main.ts';
import { BASE_URL, cliDatabase, countRows } from '../test/cli.ts';
import { OUTSIDE_WRITES_KEY } from '../platform/cache/outside-writes.ts';

function tmpFile(t: { after(fn: () => unknown): void }, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-jsonl-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, name);
}

async function categories(z: Zixun, order: 'forward' | 'reverse'): Promise<void> {
  const defs = [
    { slug: 'local', name: '本地新闻' },
    { slug: 'tech', name: '科技' },
  ];
  for (const c of order === 'forward' ? defs : [...defs].reverse()) await z.categories.create(c);
  await z.categories.create({ slug: 'ai', name: '人工智能', parent: 'tech' });
}

/** A small site with the awkward cases: drafts without a date, a deleted article (an id gap), rich HTML. */
async function arrange(z: Zixun): Promise<void> {
  await categories(z, 'forward');
  await z.articles.create({
    title: '青川港二期工程开工',
    subtitle: '总投资45亿元',
    summary: '港口二期今日开工，预计2028年投用。',
    body: '<p>青川港二期工程<strong>今日开工</strong>。</p><p><a href="https://example.com/report" target="_blank">详细报道</a></p><table><tr><td colspan="2">吞吐量</td></tr></table><hr class="pagebreak" /><p>第二页。</p>',
    category: 'local',
    tags: ['港口', '基建', 'Economy'],
    author: '港口记者',
    source: '青川日报',
    sourceUrl: 'https://example.com/news/1',
    original: true,
    verified: true,
    publishedAt: '2026-01-05T08:00:00+08:00',
  });
  const gone = await z.articles.create({
    title: '将被删除的文章',
    body: '<p>x</p>',
    category: 'local',
    author: 'editor1',
    publishedAt: '2026-01-06T00:00:00Z',
  });
  await z.articles.remove(gone.id);
  await z.articles.create({ title: '人工智能大会草稿', body: '<p>草稿正文</p>', category: 'ai', author: 'editor1', status: 'draft' });
  await z.articles.create({
    title: '新款手机评测',
    body: '<p>评测正文 &amp; 图片</p>',
    category: 'tech',
    author: 'member_7',
    recommendLevel: 2,
    cover: '/uploads/demo/phone.jpg',
    publishedAt: '2026-02-01T10:00:00.000Z',
    status: 'pending',
  });
}

test('export → import into another database → export again gives the same file; re-imports add nothing', async (t) => {
  const one = await cliDatabase(t, 'one');
  const two = await cliDatabase(t, 'two');
  const z1 = await one.app();
  await arrange(z1);
  await z1.close();
  const z2 = await two.app();
  await categories(z2, 'reverse'); // different category ids: lines refer to categories by slug
  await z2.close();

  const file = tmpFile(t, 'articles.jsonl');
  const exported = await one.run(['export', '--out', file]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stdout, '');
  const text = fs.readFileSync(file, 'utf8');
  const all = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    all.filter((l) => l.kind === 'category').map((l) => [l.slug, l.parent]),
    [
      ['local', null],
      ['tech', null],
      ['ai', 'tech'],
    ],
    'the category tree comes first, parents before children',
  );
  const lines = all.filter((l) => l.kind === undefined);
  const articleText = (t: string) =>
    t
      .split('\n')
      .filter((l) => !l.includes('"kind":"category"'))
      .join('\n');
  assert.deepEqual(
    lines.map((l) => l.title),
    ['青川港二期工程开工', '人工智能大会草稿', '新款手机评测'],
    'deleted articles are not exported',
  );
  assert.deepEqual(
    lines.map((l) => l.id),
    [1, 3, 4],
  );
  assert.equal(lines[0].publishedAt, '2026-01-05T00:00:00.000Z');
  assert.equal(lines[0].url, `${BASE_URL}/news/1.html`);
  assert.equal(lines[1].publishedAt, null);

  const imported = await two.run(['import', file]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /新增 3 篇，更新 0 篇，未变 0 篇，出错 0 行/);

  // Running servers hear of it through one settings row they poll (platform/cache/outside-writes.ts).
  const noted = async () => {
    const h = two.open();
    try {
      return (await h.db.selectFrom('settings').select('value').where('key', '=', OUTSIDE_WRITES_KEY).executeTakeFirst())?.value;
    } finally {
      await h.close();
    }
  };
  const note = await noted();
  assert.ok(note, 'the import is noted for running servers');
  const again = await two.run(['export']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(articleText(again.stdout), articleText(text), 'the second database exports the same article lines');

  for (const db of [two, one]) {
    const before = await countRows(db, 'articles');
    const re = await db.run(['import', file]);
    assert.equal(re.code, 0, re.stderr);
    assert.match(re.stdout, /新增 0 篇，更新 0 篇，未变 3 篇/);
    assert.equal(await countRows(db, 'articles'), before, 'no duplicates');
  }
  assert.equal(await noted(), note, 'an import that changed nothing does not make servers drop their caches');

  const edited = tmpFile(t, 'edited.jsonl');
  fs.writeFileSync(edited, text.replace('新款手机评测', '新款手机深度评测'));
  const update = await two.run(['import', edited]);
  assert.match(update.stdout, /新增 0 篇，更新 1 篇，未变 2 篇/);
  assert.equal(await countRows(two, 'articles'), 3);
  assert.ok((await two.run(['export'])).stdout.includes('"id":4,"title":"新款手机深度评测"'), 'updated in place, id kept');
});

test('import reports bad lines by number, imports the good ones, and --dry-run writes nothing', async (t) => {
  const db = await cliDatabase(t);
  const z = await db.app();
  await categories(z, 'forward');
  await z.close();
  const good = (title: string) => JSON.stringify({ title, body: '<p>正文</p>', category: 'local', author: 'importer', publishedAt: '2026-03-01T00:00:00Z' });
  const file = tmpFile(t, 'mixed.jsonl');
  const content = [
    good('第一篇'),
    '{"title": 坏掉的 JSON',
    JSON.stringify({ body: '<p>没有标题</p>', category: 'local', author: 'importer' }),
    JSON.stringify({ title: '栏目不存在', body: '<p>x</p>', category: 'nowhere', author: 'importer' }),
    '',
    good('第二篇'),
    JSON.stringify({ title: '推荐图文没有封面', body: '<p>x</p>', category: 'tech', author: 'importer', recommendLevel: 2, extra: 1 }),
    good('第一篇'),
  ];
  fs.writeFileSync(file, '\uFEFF' + content.join('\r\n') + '\r\n');

  const dry = await db.run(['import', file, '--dry-run']);
  assert.equal(dry.code, 1);
  assert.match(dry.stdout, /可导入 3 行，出错 4 行/);
  assert.equal(await countRows(db, 'articles'), 0);

  const res = await db.run(['import', file]);
  assert.equal(res.code, 1, 'some lines were refused');
  const reported = [...res.stderr.matchAll(/第 (\d+) 行：([^\n]*)/g)].map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(
    reported.map(([n]) => n),
    [2, 3, 4, 7],
  );
  assert.match(String(reported[1]?.[1]), /title/);
  assert.match(String(reported[2]?.[1]), /category：栏目不存在/);
  assert.match(String(reported[3]?.[1]), /extra/);
  assert.match(res.stdout, /新增 2 篇，更新 0 篇，未变 1 篇，出错 4 行/, 'the repeated line matches the first one');
  assert.equal(await countRows(db, 'articles'), 2);

  const missing = await db.run(['import', '/nonexistent/file.jsonl']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /文件不存在/);
});

test('a site moves to an empty database with the CLI alone: export, import, and the category tree comes along', async (t) => {
  const one = await cliDatabase(t, 'from');
  const two = await cliDatabase(t, 'to');
  const z1 = await one.app();
  await z1.categories.create({ slug: 'local', name: '本地新闻', sortOrder: 20, description: '本地' });
  await z1.categories.create({ slug: 'china', name: '国内', sortOrder: 10 });
  await z1.categories.create({ slug: 'local-life', name: '社区民生', parent: 'local', sortOrder: 3 });
  for (let i = 0; i < 5; i++) await z1.articles.create({ title: `民生新闻${i}`, body: '<p>正文</p>', category: 'local-life', author: 'reporter1' });
  await z1.close();
  assert.equal((await two.run(['migrate'])).code, 0);

  const file = tmpFile(t, 'site.jsonl');
  const exported = await one.run(['export', '--out', file]);
  assert.match(exported.stderr, /已导出 5 篇文章、3 个栏目/);
  const dry = await two.run(['import', file, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /可导入 8 行，出错 0 行/);

  const moved = await two.run(['import', file]);
  assert.equal(moved.code, 0, moved.stderr);
  assert.match(moved.stdout, /新增 5 篇.*出错 0 行；栏目新建 3 个，已有 0 个/);
  const z2 = await two.app();
  const cats = await z2.categories.all();
  const bySlug = new Map(cats.map((c) => [c.slug, c]));
  assert.deepEqual(
    (await z2.categories.roots()).map((c) => c.slug),
    ['china', 'local'],
    'same order',
  );
  assert.equal(bySlug.get('local-life')?.parentId, bySlug.get('local')?.id);
  assert.deepEqual([bySlug.get('local')?.description, bySlug.get('local-life')?.sortOrder], ['本地', 3]);
  await z2.close();

  const again = await two.run(['import', file]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /新增 0 篇，更新 0 篇，未变 5 篇.*栏目新建 0 个，已有 3 个/, 're-import is idempotent');
  assert.equal(await countRows(two, 'articles'), 5);
});

test('an old export (articles only) into an empty site: one summary with a hint, not the same line again and again', async (t) => {
  const db = await cliDatabase(t);
  assert.equal((await db.run(['migrate'])).code, 0);
  const file = tmpFile(t, 'old.jsonl');
  const line = (i: number, category: string) => JSON.stringify({ title: `旧文章${i}`, body: '<p>x</p>', category, author: 'importer' });
  fs.writeFileSync(file, Array.from({ length: 40 }, (_, i) => line(i, i % 2 ? 'local' : 'tech')).join('\n') + '\n');
  const r = await db.run(['import', file]);
  assert.equal(r.code, 1);
  const perLine = r.stderr.match(/^第 \d+ 行：/gm) ?? [];
  assert.equal(perLine.length, 3, 'the first few lines of a reason only');
  assert.match(r.stderr, /出错 40 行：\n {2}category：栏目不存在（40 行：第 1、2、3、4、5、6、7、8、9、10 行等）/);
  assert.match(r.stderr, /提示：本网站没有这些栏目：tech、local/);
  const verbose = await db.run(['import', file, '--verbose']);
  assert.equal((verbose.stderr.match(/^第 \d+ 行：/gm) ?? []).length, 40, '--verbose shows every line');
});

test('category lines are validated; a child whose parent is missing is refused by line', async (t) => {
  const db = await cliDatabase(t);
  const file = tmpFile(t, 'cats.jsonl');
  fs.writeFileSync(
    file,
    [
      JSON.stringify({ kind: 'category', slug: 'Bad Slug', name: '坏' }),
      JSON.stringify({ kind: 'category', slug: 'orphan', name: '孤儿', parent: 'nowhere' }),
      JSON.stringify({ kind: 'category', slug: 'ok', name: '好', sortOrder: 'first' }),
    ].join('\n'),
  );
  const r = await db.run(['import', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /第 1 行：slug：别名只能包含小写字母、数字和连字符/);
  assert.match(r.stderr, /第 2 行：parent：上级栏目不存在/);
  assert.match(r.stderr, /第 3 行：sortOrder：期望数字，收到文本/);
});
