/**
 * Deterministic generator of large synthetic corpora of Chinese news text, used by
 * `zixun seed --articles 100000 --seed 42` for load tests and search benchmarks.
 *
 * Text is assembled from hand-written phrase pools (subjects, events, objects, metrics,
 * quotes, time expressions, places) with sentence templates, so it reads like plausible
 * local-news prose. All names are fictional. Same (count, seed, slugs, authors, now)
 * always yields the identical sequence; every random decision goes through one PRNG.
 */

import {
  type Metric,
  type Topic,
  PLACES,
  TIMES,
  SURNAMES,
  GENERAL,
  GIVEN,
  STAT_TIMES,
  CONTINUATIONS,
  CODE_PREFIX,
  UPDOWN_UP,
  UPDOWN_DOWN,
  SOURCES_SAY,
  ANALYST,
  REMINDERS,
  CONNECTORS,
  PROGRESS,
  FUTURE,
  MEASURES,
  RESULTS,
} from './synthetic.pools.ts';
import { topicFor } from './synthetic.topics.ts';

export interface SyntheticArticle {
  title: string;
  /** 40–120 chars, or "" (about 8%) to exercise auto-summary. */
  summary: string;
  /** HTML made of <p> paragraphs only; total length 300–3000 chars. */
  body: string;
  category: string;
  tags: string[];
  author: string;
  original: boolean;
  recommendLevel: 0 | 1 | 2 | 3;
  verified: boolean;
  publishedAt: Date;
}

export interface SyntheticOptions {
  /** Anchor for publishedAt; defaults to the current time. Pass a fixed date for reproducible dates. */
  now?: Date;
  /** How far back articles go; defaults to 730 days (two years). */
  spanDays?: number;
}

/** mulberry32: tiny, fast, good enough for content generation. Returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Writer: all randomness goes through one rng, so output depends only on the seed.
// ---------------------------------------------------------------------------------------------

class Writer {
  constructor(readonly rng: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.rng() * arr.length)] as T;
  }

  /** Pool strings already used in the current article (reset per article). */
  private readonly used = new Set<string>();

  reset(): void {
    this.used.clear();
  }

  /** Like p(), but avoids repeating a pool entry within one article when it can. */
  fresh(arr: readonly string[]): string {
    let s = this.pick(arr);
    for (let i = 0; i < 3 && this.used.has(s); i++) s = this.pick(arr);
    this.used.add(s);
    return this.fill(s);
  }

  /** Year-on-year style change: percentage points for % metrics, percent otherwise. */
  change(mt: Metric, prefix: string): string {
    const up = this.chance(0.7);
    const verb = this.pick(up ? UPDOWN_UP : UPDOWN_DOWN);
    return mt.unit === '%' ? `${prefix}${verb}${this.num(0.2, 8, 1)}个百分点` : `${prefix}${verb}${this.pct()}`;
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  num(min: number, max: number, decimals: number): string {
    const v = min + this.rng() * (max - min);
    return decimals === 0 ? String(Math.round(v)) : v.toFixed(decimals);
  }

  pct(): string {
    return this.num(0.5, 35, 1) + '%';
  }

  name(): string {
    const s = this.pick(SURNAMES);
    if (this.chance(0.35)) return s + (this.chance(0.5) ? '先生' : '女士');
    return s + this.pick(GIVEN) + (this.chance(0.6) ? this.pick(GIVEN) : '');
  }

  code(): string {
    return `${this.pick(CODE_PREFIX)}-${this.int(1, 9)}${this.int(0, 9)}${this.chance(0.5) ? '0' : String(this.int(1, 9))}${this.int(0, 9)}`;
  }

  /** Expand {placeholders} in pool strings. */
  fill(s: string): string {
    if (s.indexOf('{') < 0) return s;
    return s.replace(/\{(\w+)\}/g, (_all, key: string) => {
      switch (key) {
        case 'n':
          return String(this.int(2, 30));
        case 'n2':
          return String(this.int(2, 15));
        case 'big':
          return String(this.int(120, 9800));
        case 'month':
          return `${this.int(1, 12)}月`;
        case 'month2':
          return String(this.int(2, 11));
        case 'code':
          return this.code();
        case 'yi':
          return `${this.num(0.5, 80, 1)}亿元`;
        case 'wan':
          return `${this.num(1, 60, 1)}万元`;
        case 'kmh':
          return `${this.int(6, 12) * 10}km/h`;
        case 'hot':
          return `${this.int(35, 62)}℃`;
        case 'cool':
          return `${this.int(12, 20)}℃`;
        case 'kwh':
          return `${this.int(40, 110)}kWh`;
        case 'score': {
          const a = this.int(1, 4);
          return `${a}比${this.int(0, a - 1)}`;
        }
        case 'place':
          return this.pick(PLACES);
        default:
          return key;
      }
    });
  }

  p<T extends string>(arr: readonly T[]): string {
    return this.fill(this.pick(arr));
  }

  time(): string {
    return this.fill(this.pick(TIMES));
  }

  metricValue(mt: Metric): string {
    return this.num(mt.min, mt.max, mt.decimals) + mt.unit;
  }

  /** A sentence from one of the templates, ending in Chinese punctuation. */
  sentence(t: Topic, place: string): string {
    switch (this.int(0, 13)) {
      case 0:
        return `${this.time()}，${this.p(t.subjects)}${this.fresh(t.events)}，${this.fresh(t.analyses)}。`;
      case 1:
        return `${this.pick(SOURCES_SAY)}，${this.p(t.objects)}${this.pick(PROGRESS)}，预计${this.pick(FUTURE)}。`;
      case 2: {
        const mt = this.pick(t.metrics);
        return `数据显示，${this.fill(this.pick(STAT_TIMES))}，${place}${mt.name}为${this.metricValue(mt)}，${this.change(mt, '同比')}。`;
      }
      case 3:
        return `${this.p(t.roles)}${this.name()}告诉记者：“${this.fresh(t.quotes)}。”`;
      case 4:
        return `记者在${place}看到，${this.fresh(t.scenes)}。`;
      case 5:
        return `${this.p(t.subjects)}相关负责人表示，下一步将${this.fresh(t.plans)}。`;
      case 6:
        return `${this.pick(ANALYST)}，${this.fresh(t.analyses)}。`;
      case 7:
        return `“${this.fresh(t.quotes)}，”${place}的${this.p(t.roles)}${this.name()}说，“${this.fresh(CONTINUATIONS)}。”`;
      case 8:
        return `${this.pick(CONNECTORS)}${place}还${this.fresh(t.events)}，相关工作涉及${this.p(t.objects)}等多个方面，${this.pick(['前期投入约' + this.num(0.3, 60, 1) + '亿元', '由多个部门协同推进', '计划分阶段实施', '已纳入年度重点任务'])}。`;
      case 9: {
        const mt = this.pick(t.metrics);
        return `截至${this.pick(['目前', '上月底', '6月末', '一季度末', '9月末'])}，${place}${mt.name}为${this.metricValue(mt)}，${this.change(mt, this.pick(['比去年同期', '比年初', '较上一季度']))}。`;
      }
      case 10:
        return `${this.pick(CONNECTORS)}围绕${this.p(t.objects)}，${this.p(t.subjects)}${this.pick(MEASURES)}，${this.pick(RESULTS)}。`;
      case 11:
        return `${this.p(t.tags)}话题近来受到${this.pick(['广泛', '不少市民', '网友', '业界'])}关注，不少${this.p(t.roles)}在社交平台上分享了自己的看法。`;
      case 12:
        return `${this.time()}，${place}${this.fresh(GENERAL.events)}，${this.p(t.objects)}被列为重点内容之一。`;
      default:
        return `“${this.fresh(t.quotes)}。”一位${this.p(t.roles)}这样说。`;
    }
  }

  title(t: Topic, place: string): string {
    switch (this.int(0, 7)) {
      case 0:
        return `${place}${this.p(t.events)}`;
      case 1:
        return `${this.p(t.subjects)}${this.p(t.events)}`;
      case 2: {
        const mt = this.pick(t.metrics);
        return `${this.time()}${place}${mt.name}同比${this.pick(UPDOWN_UP)}${this.pct()}`;
      }
      case 3:
        return `${this.p(t.objects)}${this.pick(PROGRESS)}`;
      case 4:
        return `${this.p(t.roles)}：${this.p(t.quotes)}`;
      case 5:
        return `${this.p(t.tags)}观察：${place}${this.p(t.objects)}迎来新变化`;
      case 6:
        return `${place}${this.p(t.events)} ${this.p(t.objects)}${this.pick(['有新进展', '再提速', '惠及更多市民', '引关注'])}`;
      default:
        return `${this.p(t.subjects)}：${this.p(t.plans)}`;
    }
  }
}

function makeSummary(w: Writer, t: Topic, place: string): string {
  for (let i = 0; i < 4; i++) {
    let s = `${w.time()}，${place}${w.p(t.events)}。`;
    if (s.length < 40 || w.chance(0.5)) s += `${w.pick(ANALYST)}，${w.p(t.analyses)}。`;
    if (s.length >= 40 && s.length <= 120) return s;
  }
  let s = `${place}${w.p(t.events)}。`;
  while (s.length < 40) s += `${w.p(t.subjects)}表示，将${w.p(t.plans)}。`;
  return s.length <= 120 ? s : s.slice(0, 119) + '…';
}

const BODY_MIN = 300;
const BODY_MAX = 3000;

function makeBody(w: Writer, t: Topic, place: string): string {
  // Skewed towards medium-length pieces: mean around 1,300 chars.
  const target = Math.floor(BODY_MIN + 40 + (BODY_MAX - BODY_MIN - 200) * Math.pow(w.rng(), 1.6));
  const parts: string[] = [];
  let len = 0;
  // Lead: who did what, when.
  let para = `${w.time()}，${w.p(t.subjects)}${w.p(t.events)}。${w.sentence(t, place)}`;
  for (;;) {
    const sentences = w.int(2, 4);
    for (let i = 0; i < sentences; i++) {
      const s = w.sentence(t, place);
      if (len + para.length + s.length + 7 > BODY_MAX) break;
      para += s;
    }
    if (len + para.length + 7 > BODY_MAX) break; // cannot happen for the lead, kept as a guard
    parts.push('<p>', para, '</p>');
    len += para.length + 7;
    if (len >= target) break;
    para = w.chance(0.12) ? w.pick(REMINDERS) : '';
    if (para && len + para.length + 7 >= target) {
      parts.push('<p>', para, '</p>');
      len += para.length + 7;
      break;
    }
    if (len + 80 > BODY_MAX) break;
  }
  return parts.join('');
}

/**
 * Yield `count` synthetic articles. Articles come out oldest first, with publishedAt strictly
 * increasing and spread over the last `spanDays` (default 2 years) before `options.now`.
 */
export function* syntheticArticles(
  count: number,
  seed: number,
  categorySlugs: string[],
  authors: string[],
  options: SyntheticOptions = {},
): Generator<SyntheticArticle> {
  if (categorySlugs.length === 0) throw new RangeError('syntheticArticles: categorySlugs is empty');
  if (authors.length === 0) throw new RangeError('syntheticArticles: authors is empty');
  const rng = createRng(seed);
  const w = new Writer(rng);
  const nowMs = (options.now ?? new Date()).getTime();
  const spanMs = (options.spanDays ?? 730) * 86_400_000;
  const topics = categorySlugs.map(topicFor);

  for (let i = 0; i < count; i++) {
    const ci = Math.floor(rng() * categorySlugs.length);
    const category = categorySlugs[ci] as string;
    const t = topics[ci] as Topic;
    const place = w.chance(0.6) ? PLACES[0] : w.pick(PLACES);

    w.reset();
    const title = w.title(t, place);
    const summary = w.chance(0.08) ? '' : makeSummary(w, t, place);
    const body = makeBody(w, t, place);

    const tagCount = w.int(2, 4);
    const tags: string[] = [];
    for (let k = 0; k < 8 && tags.length < tagCount; k++) {
      const tag = w.pick(t.tags);
      if (!tags.includes(tag)) tags.push(tag);
    }
    if (tags.length < 2) tags.push(t === GENERAL ? '青川' : w.pick(GENERAL.tags));

    const r = rng();
    const recommendLevel: 0 | 1 | 2 | 3 = r < 0.004 ? 3 : r < 0.02 ? 2 : r < 0.08 ? 1 : 0;
    const slot = (i + 0.1 + 0.8 * rng()) / count; // non-overlapping slots keep dates increasing
    yield {
      title,
      summary,
      body,
      category,
      tags,
      author: authors[Math.floor(rng() * authors.length)] as string,
      original: rng() < 0.45,
      recommendLevel,
      verified: recommendLevel > 0 || rng() < 0.9,
      publishedAt: new Date(Math.floor(nowMs - spanMs * (1 - slot))),
    };
  }
}
