/**
 * A number as typed into a form, in the one spelling every points field parses: full-width digits and
 * signs (１５０, －５, ＋５ from a Chinese IME) become ASCII, the minus sign (U+2212) becomes `-`, and
 * surrounding spaces (also the ideographic space) are dropped. Nothing else changes, so 1e3, 1.5 and
 * 10² are still refused by each field's own rule. Used by tips, promotion bids, mall, ads and admin
 * points adjustments alike.
 */
export function typedNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E\u3000]/g, (c) => c.normalize('NFKC'))
    .replace(/\u2212/g, '-')
    .trim();
}
