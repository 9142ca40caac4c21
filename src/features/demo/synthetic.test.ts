import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, syntheticArticles, type SyntheticArticle } from './synthetic.ts';

const SLUGS = ['local', 'local-traffic', 'finance', 'finance-stock', 'tech-ai', 'auto-ev', 'house', 'edu', 'travel', 'misc'];
const AUTHORS = ['bianji01', 'xiaolin88', 'laowang_qc'];
const NOW = new Date('2026-11-27T08:00:00.000Z');

function take(count: number, seed: number): SyntheticArticle[] {
  return [...syntheticArticles(count, seed, SLUGS, AUTHORS, { now: NOW })];
}

test('createRng is deterministic and yields floats in [0, 1)', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const xs = Array.from({ length: 1000 }, () => a());
  const ys = Array.from({ length: 1000 }, () => b());
  assert.deepEqual(xs, ys);
  assert.notDeepEqual(
    xs.slice(0, 10),
    Array.from({ length: 10 }, () => c()),
  );
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('same seed gives the same first 50 articles', () => {
  assert.deepEqual(take(50, 42), take(50, 42));
});

test('a prefix does not depend on count', () => {
  assert.deepEqual(
    take(50, 7).map((a) => a.body),
    take(200, 7)
      .slice(0, 50)
      .map((a) => a.body),
  );
});

test('different seeds give different articles', () => {
  const a = take(50, 42);
  const b = take(50, 43);
  assert.notDeepEqual(
    a.map((x) => x.title),
    b.map((x) => x.title),
  );
  assert.notDeepEqual(
    a.map((x) => x.body),
    b.map((x) => x.body),
  );
});

test('articles are well-formed', () => {
  const list = take(2000, 42);
  assert.equal(list.length, 2000);
  const levels = [0, 0, 0, 0];
  let prev = -Infinity;
  const twoYearsMs = 730 * 86_400_000;
  for (const a of list) {
    assert.ok(a.body.length >= 300 && a.body.length <= 3000, `body length ${a.body.length}`);
    assert.match(a.body, /^(<p>[^<>]+<\/p>)+$/);
    assert.ok(a.title.length > 0 && a.title.length <= 80, a.title);
    assert.ok(a.summary === '' || (a.summary.length >= 40 && a.summary.length <= 120), a.summary);
    assert.ok(SLUGS.includes(a.category));
    assert.ok(AUTHORS.includes(a.author));
    assert.ok(a.tags.length >= 2 && a.tags.length <= 5, a.tags.join(','));
    assert.equal(new Set(a.tags).size, a.tags.length);
    assert.ok([0, 1, 2, 3].includes(a.recommendLevel));
    levels[a.recommendLevel]! += 1;
    const t = a.publishedAt.getTime();
    assert.ok(t > prev, 'publishedAt increases');
    assert.ok(t <= NOW.getTime() && t >= NOW.getTime() - twoYearsMs);
    prev = t;
  }
  assert.ok(levels[0]! > list.length * 0.8, 'recommendLevel is mostly 0');
  assert.ok(list.some((a) => a.summary === ''));
  assert.ok(
    list.some((a) => /[A-Za-z]/.test(a.body)),
    'contains mixed-script tokens',
  );
  // Spread across the whole two-year window.
  assert.ok(list[0]!.publishedAt.getTime() < NOW.getTime() - twoYearsMs * 0.99);
  assert.ok(list[list.length - 1]!.publishedAt.getTime() > NOW.getTime() - twoYearsMs * 0.01);
});

test('every category gets articles and text follows the category', () => {
  const list = take(1000, 1);
  for (const slug of SLUGS)
    assert.ok(
      list.some((a) => a.category === slug),
      slug,
    );
  const ev = list.filter((a) => a.category === 'auto-ev');
  assert.ok(ev.some((a) => a.body.includes('电') || a.body.includes('充')));
});

test('rejects empty inputs', () => {
  assert.throws(() => syntheticArticles(1, 1, [], AUTHORS).next(), RangeError);
  assert.throws(() => syntheticArticles(1, 1, SLUGS, []).next(), RangeError);
  assert.deepEqual([...syntheticArticles(0, 1, SLUGS, AUTHORS)], []);
});
