import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Zixun } from '../main.ts';
import { BASE_URL, cliDatabase, countRows } from '../test/cli.ts';

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
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
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

  const again = await two.run(['export']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, text, 'the second database exports the same lines');

  for (const db of [two, one]) {
    const before = await countRows(db, 'articles');
    const re = await db.run(['import', file]);
    assert.equal(re.code, 0, re.stderr);
    assert.match(re.stdout, /新增 0 篇，更新 0 篇，未变 3 篇/);
    assert.equal(await countRows(db, 'articles'), before, 'no duplicates');
  }

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
