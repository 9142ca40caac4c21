import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeMetaKeywords } from './meta-keywords.ts';

test('meta keywords are saved as "a, b" whatever separators were typed, without splitting Latin multi-word keywords', () => {
  assert.equal(normalizeMetaKeywords('青川，新闻、本地；青川'), '青川, 新闻, 本地');
  assert.equal(normalizeMetaKeywords('青川 新闻  本地'), '青川, 新闻, 本地', 'spaces alone separate');
  assert.equal(normalizeMetaKeywords('青川，新闻、本地 财经'), '青川, 新闻, 本地, 财经', 'a space next to Chinese words separates');
  assert.equal(
    normalizeMetaKeywords('New York, 青川　本地, iPhone 16'),
    'New York, 青川, 本地, iPhone 16',
    'with commas, a space stays inside a Latin keyword',
  );
  assert.equal(normalizeMetaKeywords('news sports weather'), 'news, sports, weather');
  assert.equal(normalizeMetaKeywords(' , ，'), '');
});
