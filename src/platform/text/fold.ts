// Folding: the one normalisation applied to text before it is segmented, both when indexing and
// when querying, so that 烏克蘭 finds 乌克兰, ＨＫ－３００１ finds HK-3001 and IPHONE finds iPhone.
import OpenCC from 'opencc-js';

type Convert = (text: string) => string;
let toSimplified: Convert | undefined;

// OpenCC's 'hk' → 'cn' chain converts Hong Kong variants and standard Traditional characters to
// Simplified and leaves Simplified text unchanged. The 'tw' chains were rejected: 'tw' turns the
// Simplified 显著 into 显着, and 'twp' rewrites vocabulary (新增 → 添加, 程序 → 进程) in Simplified
// text, which would make the index disagree with what authors wrote. Built lazily: the dictionaries
// take ~30 ms to load and most processes that import this module never fold anything.
function simplified(): Convert {
  const convert = toSimplified ?? OpenCC.Converter({ from: 'hk', to: 'cn' });
  toSimplified = convert;
  return convert;
}

// OpenCC converts about 0.2 M characters/s here, and most text on a Simplified-Chinese portal has no
// Traditional character at all. The characters the converter changes on their own are found once (each
// CJK ideograph on a line of its own, so no phrase spans two of them); text containing none of them is
// already Simplified and skips the converter. Text with one of them goes through it whole, so phrase
// conversions (乾燥 → 干燥 but 乾隆 stays) still apply.
//
// These characters are kept as one flag byte per BMP code unit, with a second flag for those the COMPAT
// or DASHES patterns below match (and all surrogates, which may start a supplementary compatibility
// ideograph), so that one pass over the text tells which steps of `fold` can change it: most text
// needs none but lowercasing. A step is skipped only when it would be a no-op.
const CONVERTIBLE = 1;
const COMPAT_OR_DASH = 2;
const SURROGATE = 4;
let flags: Uint8Array | undefined;
/** What COMPAT then DASHES turn each flagged BMP code unit into. */
const replacement = new Map<number, string>();
function charFlags(): Uint8Array {
  if (flags) return flags;
  const f = new Uint8Array(0x10000);
  const chars: string[] = [];
  for (const [from, to] of [
    [0x3400, 0x9fff],
    [0xf900, 0xfaff],
  ] as const) {
    for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
  }
  const converted = simplified()(chars.join('\n')).split('\n');
  chars.forEach((ch, i) => {
    if (converted[i] !== ch) f[ch.charCodeAt(0)] = CONVERTIBLE;
  });
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      f[c] = (f[c] ?? 0) | SURROGATE;
      continue;
    }
    const ch = String.fromCharCode(c);
    const to = ch.replace(COMPAT, (x) => x.normalize('NFKC')).replace(DASHES, '-');
    if (to === ch) continue;
    f[c] = (f[c] ?? 0) | COMPAT_OR_DASH;
    replacement.set(c, to);
  }
  flags = f;
  return f;
}

/** COMPAT then DASHES, by table (the text has no surrogate). */
function replaceCompat(s: string, f: Uint8Array): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((f[c] as number) & COMPAT_OR_DASH) {
      out += s.slice(from, i) + (replacement.get(c) as string);
      from = i + 1;
    }
  }
  return out + s.slice(from);
}

/** The flags of every code unit of s, or-ed together. */
function scan(s: string): number {
  const f = charFlags();
  let any = 0;
  for (let i = 0; i < s.length; i++) any |= f[s.charCodeAt(i)] as number;
  return any;
}

// NFKC is applied only to the compatibility characters that are spellings of ordinary text: spaces
// (no-break, en/em, ideographic), enclosed and circled numbers (①, ⑴), letterlike symbols (℃, №),
// Roman numerals (Ⅲ), CJK compatibility forms and units (㎞, ㎡, ㈱), Kangxi and radical forms, CJK
// compatibility ideographs, ligatures (ﬁ) and the half-/full-width block (ＨＫ－３００１, ｶ). Left out,
// because NFKC would change what they say: superscripts and subscripts (10² is not 102), vulgar
// fractions (½ → 1⁄2), and the ellipsis … (kept as one character: summaries count it).
const COMPAT =
  /[\u00a0\u2000-\u200a\u202f\u205f\u2100-\u214f\u2160-\u2188\u2460-\u24ff\u2e80-\u2fdf\u3000\u3200-\u33ff\ufb00-\ufb06\uf900-\ufaff\ufe30-\ufe6f\uff00-\uffef]|[\u{2f800}-\u{2fa1f}]/gu;

// Dashes that appear inside model codes (HK‐3001, HK–3001) fold to the ASCII hyphen. The em dash
// (—, usually doubled as Chinese punctuation) is left alone.
const DASHES = /[\u2010-\u2013\u2212\uFE63]/g;

/**
 * Traditional → Simplified, full-width → half-width (letters, digits, punctuation, the ideographic
 * space), compatibility characters → their plain form (NFKC where safe, see COMPAT: ㎞ → km, ① → 1,
 * CJK compatibility ideographs → unified ones), lowercase. Not length-preserving (㎞ becomes km),
 * so callers that need offsets into the original text must fold the pieces they compare.
 */
/** A name as two names are compared for sameness: folded, without spaces (站長 Ａ is 站长a). */
export function compareKey(s: string): string {
  return fold(s).replace(/\s+/g, '');
}

export function fold(s: string): string {
  if (!s) return '';
  let out = s.normalize('NFC');
  let found = scan(out);
  if (found & SURROGATE) {
    out = out.replace(COMPAT, (ch) => ch.normalize('NFKC')).replace(DASHES, '-');
    found = scan(out);
  } else if (found & COMPAT_OR_DASH) {
    out = replaceCompat(out, charFlags());
    found = scan(out);
  }
  if (found & CONVERTIBLE) out = simplified()(out);
  return out.toLowerCase();
}
