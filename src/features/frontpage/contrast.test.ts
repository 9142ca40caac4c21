// Text and badge colours of the public stylesheets against their backgrounds (WCAG 2 contrast ratios):
// grey meta text (dates, authors, 阅读, 更多, counts) at least 4.5:1, white on badges at least 3:1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const css = (name: string) => readFileSync(path.join(root, 'public', name), 'utf8');

function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

/** The colour a declaration sets in a rule whose selector list is exactly `selector`. */
function colour(sheet: string, selector: string, prop: string): string {
  const esc = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|\\n)${esc} \\{[^}]*?(?:^|[ ;{])${prop}: (#[0-9a-f]{3,6})`, 'i').exec(sheet);
  assert.ok(m, `${selector} { ${prop} } not found`);
  return m[1] as string;
}

for (const name of ['site.css', 'mobile.css']) {
  test(`${name}: grey text, rank and 原创 badges and footer separators are readable`, () => {
    const s = css(name);
    const muted = /--muted: (#[0-9a-f]{3,6})/i.exec(s)?.[1] as string;
    for (const bg of ['#ffffff', '#f4f5f7', '#f7f7f7']) assert.ok(contrast(muted, bg) >= 4.5, `--muted ${muted} on ${bg}: ${contrast(muted, bg).toFixed(2)}:1`);
    for (const sel of ['.badge.original']) {
      const bg = colour(s, sel, 'background');
      assert.ok(contrast('#ffffff', bg) >= 3, `white on ${sel} ${bg}: ${contrast('#ffffff', bg).toFixed(2)}:1`);
    }
    // Rank numbers are 12–13 px text: the 4.5:1 of body text.
    for (const sel of ['.rank.r2', '.rank.r3']) {
      const bg = colour(s, sel, 'background');
      assert.ok(contrast('#ffffff', bg) >= 4.5, `white on ${sel} ${bg}: ${contrast('#ffffff', bg).toFixed(2)}:1`);
    }
    const rank = /\n\.rank \{[^}]*background: (#[0-9a-f]{3,6})/i.exec(s)?.[1] as string;
    assert.ok(contrast('#ffffff', rank) >= 4.5, `white on the grey rank badge ${rank}: ${contrast('#ffffff', rank).toFixed(2)}:1`);
    if (name === 'site.css') {
      const sep = colour(s, '.footer-links .sep', 'color');
      assert.ok(contrast(sep, '#2b2b2b') >= 3, `footer separator ${sep}: ${contrast(sep, '#2b2b2b').toFixed(2)}:1`);
    }
  });
}

test('comment, 打赏 and 相关文章 grey text is readable (no #888 on white)', () => {
  for (const name of ['community.css', 'tips.css', 'related.css']) {
    for (const m of css(name).matchAll(/color: (#[0-9a-f]{6}|#[0-9a-f]{3});/gi)) {
      const c = m[1] as string;
      if (/^#(888|888888|999|999999|aaa|aaaaaa)$/i.test(c)) assert.fail(`${name}: ${c} is ${contrast(c, '#ffffff').toFixed(2)}:1 on white`);
    }
  }
});

test('已核实 badge and note, and the 广告 mark of text ads, reach 4.5:1 (small text)', () => {
  for (const name of ['site.css', 'mobile.css']) {
    const s = css(name);
    const badge = colour(s, '.badge.verified', 'background');
    assert.ok(contrast('#ffffff', badge) >= 4.5, `${name}: white on .badge.verified ${badge}: ${contrast('#ffffff', badge).toFixed(2)}:1`);
    const note = colour(s, '.verified-note', 'color');
    assert.ok(contrast(note, '#ffffff') >= 4.5, `${name}: .verified-note ${note}: ${contrast(note, '#ffffff').toFixed(2)}:1`);
  }
  const ads = css('ads.css');
  const bg = colour(ads, '.ad-text', 'background');
  const mark = colour(ads, '.ad-text .ad-mark', 'color');
  assert.ok(contrast(mark, bg) >= 4.5, `.ad-text .ad-mark ${mark} on ${bg}: ${contrast(mark, bg).toFixed(2)}:1`);
});
