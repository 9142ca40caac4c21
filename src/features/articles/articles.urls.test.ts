import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime } from './articles.urls.ts';

/** Beijing time by the Date object: what formatDateTime printed before its fast path. */
const viaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

test('dates print in Beijing time, across days, months and years, with or without seconds', () => {
  const cases: Array<[string, string]> = [
    ['2026-11-27T08:30:00.000Z', '2026-11-27 16:30'],
    ['2026-11-27T15:59:59.999Z', '2026-11-27 23:59'],
    ['2026-11-27T16:00:00.000Z', '2026-11-28 00:00'], // the 27th is the last day the fast path handles
    ['2026-11-28T16:00:00.000Z', '2026-11-29 00:00'],
    ['2026-11-30T20:15:00.000Z', '2026-12-01 04:15'],
    ['2026-12-31T23:00:00Z', '2027-01-01 07:00'],
    ['2028-02-28T17:00:00.000Z', '2028-02-29 01:00'],
    ['2026-03-09T01:05Z', '2026-03-09 09:05'],
    ['2026-11-27T08:30:00.000+08:00', '2026-11-27 08:30'], // an offset: not the fast path's shape
  ];
  for (const [iso, want] of cases) {
    assert.equal(formatDateTime(iso), want, iso);
    assert.equal(formatDateTime(iso), viaDate(iso), `${iso} (as Date prints it)`);
  }
  assert.equal(formatDate('2026-11-27T16:00:00.000Z'), '2026-11-28');
});

test('every hour of every day of a year prints as Date prints it', () => {
  for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 3600_000 + 17 * 60_000) {
    const iso = new Date(t).toISOString();
    assert.equal(formatDateTime(iso), viaDate(iso), iso);
  }
});
