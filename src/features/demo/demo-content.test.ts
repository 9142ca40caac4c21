import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { demoArticles, demoCategories, demoMembers, demoPages } from './demo-content.ts';
import { renderCover, renderThumbnail } from './covers.ts';

const PAGEBREAK = '<hr class="pagebreak">';
const textLength = (html: string): number => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '').length;

test('categories: unique ascii slugs, parents exist', () => {
  const slugs = new Set(demoCategories.map((c) => c.slug));
  assert.equal(slugs.size, demoCategories.length);
  for (const c of demoCategories) {
    assert.match(c.slug, /^[a-z0-9-]+$/);
    if (c.parentSlug !== undefined) assert.ok(slugs.has(c.parentSlug), `parent of ${c.slug}`);
  }
  const top = demoCategories.filter((c) => c.parentSlug === undefined);
  assert.ok(top.length >= 10);
  const children = demoCategories.length - top.length;
  assert.ok(children >= 3 && children <= 5);
});

test('members: unique usernames, editor present, no admin', () => {
  const names = new Set(demoMembers.map((m) => m.username));
  assert.equal(names.size, demoMembers.length);
  assert.ok(demoMembers.some((m) => m.username === 'bianji01' && m.role === 'editor'));
  assert.ok(!demoMembers.some((m) => m.role === 'admin'));
  assert.ok(demoMembers.filter((m) => m.role === 'member').length >= 6);
  for (const m of demoMembers) assert.match(m.username, /^[a-z0-9_]+$/);
});

test('articles: count, references and uniqueness', () => {
  assert.ok(demoArticles.length >= 64, `only ${demoArticles.length} articles`);
  const slugs = new Set(demoCategories.map((c) => c.slug));
  const authors = new Set(demoMembers.map((m) => m.username));
  authors.add('bianji01');
  for (const a of demoArticles) {
    assert.ok(slugs.has(a.category), `unknown category ${a.category} in ${a.title}`);
    assert.ok(authors.has(a.author), `unknown author ${a.author} in ${a.title}`);
  }
  for (const c of demoCategories)
    assert.ok(
      demoArticles.some((a) => a.category === c.slug),
      `no article in ${c.slug}`,
    );
  assert.equal(new Set(demoArticles.map((a) => a.title)).size, demoArticles.length, 'titles are unique');
});

test('articles: recommend levels, covers and verification', () => {
  for (const a of demoArticles) {
    if (a.recommendLevel >= 2) assert.ok(a.cover, `level ${a.recommendLevel} needs cover: ${a.title}`);
    if (a.author === 'bianji01') assert.ok(a.verified, `staff article must be verified: ${a.title}`);
  }
  assert.ok(demoArticles.filter((a) => a.recommendLevel === 3).length >= 3);
  assert.ok(demoArticles.filter((a) => a.recommendLevel === 2).length >= 6);
  const covers = demoArticles.filter((a) => a.cover).length;
  assert.ok(covers >= 15 && covers <= 25, `covers: ${covers}`);
  const staff = new Set(demoMembers.filter((m) => m.role !== 'member').map((m) => m.username));
  const byMembers = demoArticles.filter((a) => !staff.has(a.author));
  assert.ok(byMembers.length >= demoArticles.length * 0.3);
  assert.ok(byMembers.some((a) => !a.verified) && byMembers.some((a) => a.verified));
});

test('articles: text shape', () => {
  const allowed = /^<\/?(p|h2|h3|ul|ol|li|blockquote|strong|em|table|thead|tbody|tr|th|td)>$|^<hr class="pagebreak">$/;
  for (const a of demoArticles) {
    for (const tag of a.body.match(/<[^>]+>/g) ?? []) assert.match(tag, allowed, `${tag} in ${a.title}`);
    assert.ok(!a.body.trim().startsWith(PAGEBREAK) && !a.body.trim().endsWith(PAGEBREAK), a.title);
    assert.ok(a.summary === '' || (a.summary.length >= 40 && a.summary.length <= 120), `summary of ${a.title}`);
    assert.ok(a.tags.length >= 2 && a.tags.length <= 5, `tags of ${a.title}`);
    assert.ok(a.hoursAgo >= 0.5 && a.hoursAgo <= 2000, a.title);
    if (a.sourceUrl !== undefined) assert.match(a.sourceUrl, /^https:\/\/example\.com\//);
  }
  assert.ok(demoArticles.filter((a) => a.body.includes(PAGEBREAK)).length >= 4);
  const long = demoArticles.filter((a) => textLength(a.body) >= 1500);
  assert.ok(long.length >= 6, `long articles: ${long.length}`);
  assert.ok(long.filter((a) => a.body.includes(PAGEBREAK)).length >= 4);
  assert.ok(demoArticles.filter((a) => a.body.includes('<table>')).length >= 2);
  const empty = demoArticles.filter((a) => a.summary === '').length;
  assert.ok(empty >= 6 && empty <= 10, `empty summaries: ${empty}`);
});

test('articles: time windows and shared tags', () => {
  const within = (h: number) => demoArticles.filter((a) => a.hoursAgo <= h).length;
  assert.ok(within(48) >= 12);
  assert.ok(within(24) >= 1);
  assert.ok(within(24 * 7) > within(48));
  assert.ok(within(24 * 30) > within(24 * 7));
  assert.ok(demoArticles.length > within(24 * 30));
  const counts = new Map<string, number>();
  for (const a of demoArticles) for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const t of ['新能源汽车', '人工智能', '暴雨', '高考', '楼市']) assert.ok((counts.get(t) ?? 0) >= 3, t);
});

test('static pages', () => {
  const slugs = demoPages.map((p) => p.slug).sort();
  assert.deepEqual(slugs, ['about', 'contact', 'copyright', 'privacy', 'terms']);
  for (const p of demoPages) {
    assert.ok(p.title.length > 0);
    assert.ok(p.body.includes('<p>'));
  }
});

test('renderCover produces a 640x360 JPEG; renderThumbnail a 240x135 JPEG', async () => {
  const cover = await renderCover(demoArticles[0]!.title, 42);
  const meta = await sharp(cover).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.width, 640);
  assert.equal(meta.height, 360);
  assert.deepEqual(await renderCover(demoArticles[0]!.title, 42), cover, 'deterministic');

  const thumb = await renderThumbnail(cover);
  const tmeta = await sharp(thumb).metadata();
  assert.equal(tmeta.format, 'jpeg');
  assert.equal(tmeta.width, 240);
  assert.equal(tmeta.height, 135);
});
