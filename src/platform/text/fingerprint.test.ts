import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bandKeys,
  decodeShingles,
  decodeSignature,
  encodeShingles,
  encodeSignature,
  estimateJaccard,
  jaccard,
  minhash,
  overlap,
  overlapFromJaccard,
  shingleSet,
} from './fingerprint.ts';
import { cosine, idf, normalize, termFrequencies, tfidf, topTerms } from './vectors.ts';

const words = (s: string) => s.split(' ');

test('shingles stay inside sentences, so reordering sentences keeps them', () => {
  const a = shingleSet([words('青川 暴雨 启动 应急 响应'), words('转移 群众 一千 三百 人')]);
  const b = shingleSet([words('转移 群众 一千 三百 人'), words('青川 暴雨 启动 应急 响应')]);
  assert.equal(jaccard(a, b), 1);
  assert.equal(a.size, 6);
  assert.equal(shingleSet([words('短 句')]).size, 1, 'a short sentence is one shingle');
});

test('MinHash estimates Jaccard similarity; LSH keys are shared by similar sets', () => {
  const base = new Set(Array.from({ length: 400 }, (_, i) => i * 7919));
  const half = new Set([...[...base].slice(0, 200), ...Array.from({ length: 200 }, (_, i) => 1_000_000 + i)]);
  const other = new Set(Array.from({ length: 400 }, (_, i) => 5_000_000 + i));
  const [sa, sh, so] = [minhash(base, 128), minhash(half, 128), minhash(other, 128)];
  assert.ok(Math.abs(estimateJaccard(sa, sh) - jaccard(base, half)) < 0.12, `estimate ${estimateJaccard(sa, sh)} vs ${jaccard(base, half)}`);
  assert.ok(estimateJaccard(sa, so) < 0.05);
  assert.equal(estimateJaccard(sa, minhash(base, 128)), 1, 'deterministic');
  const keys = new Set(bandKeys(sa));
  assert.ok(bandKeys(sh).some((k) => keys.has(k)));
  assert.ok(!bandKeys(so).some((k) => keys.has(k)));
  assert.ok(
    bandKeys(sa).every((k) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31),
    'keys fit a 32-bit integer column',
  );
  assert.deepEqual(decodeSignature(encodeSignature(sa)), sa);
});

test('overlap stays high when one text adds paragraphs; its estimate agrees', () => {
  const a = new Set(Array.from({ length: 100 }, (_, i) => i));
  const b = new Set(Array.from({ length: 300 }, (_, i) => i));
  assert.equal(overlap(a, b), 1);
  assert.ok(Math.abs(overlapFromJaccard(jaccard(a, b), a.size, b.size) - 1) < 1e-9);
  assert.equal(overlap(new Set(), b), 0);
});

test('TF-IDF vectors: weighted fields, rare terms weigh more, cosine of unit vectors', () => {
  const tf = termFrequencies([
    { tokens: ['金枪鱼', '养殖'], weight: 3 },
    { tokens: ['金枪鱼', '青川', '青川'], weight: 1 },
  ]);
  assert.equal(tf.get('金枪鱼'), 4);
  assert.ok(idf(1, 1000) > idf(500, 1000));
  const v = normalize(tfidf(tf, (t) => (t === '青川' ? idf(900, 1000) : idf(2, 1000))));
  assert.equal([...topTerms(v, 1).keys()][0], '金枪鱼');
  assert.ok(Math.abs(cosine(v, v) - 1) < 1e-9);
  assert.equal(cosine(v, new Map([['足球', 1]])), 0);
});

test('shingle sets and signatures survive their text encodings', () => {
  const set = shingleSet([['蓝鳍', '金枪鱼', '养殖', '网箱'], ['hk-3001']]);
  assert.deepEqual(decodeShingles(encodeShingles(set)), set);
  assert.deepEqual(decodeShingles(encodeShingles(new Set())), new Set());
  const sig = new Uint32Array([0, 1, 0x7fffffff, 0x80000000, 0xffffffff]);
  assert.equal(encodeSignature(sig), '00000000000000017fffffff80000000ffffffff');
  assert.deepEqual(decodeSignature(encodeSignature(sig)), sig);
  assert.deepEqual(decodeSignature(encodeSignature(sig).toUpperCase()), sig);
});
