// Quality of the originality check (issue 4 §5), measured on a test set built from the demo articles:
// edited copies (sentences reordered, 10–30% of sentences rewritten, paragraphs added or dropped,
// Traditional characters) must be found; unrelated articles on the same topic must not be flagged.
// Detection = what production does: an LSH candidate (shared band key, estimated overlap worth
// verifying) whose exact shingle overlap reaches FLAG_AT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenCC from 'opencc-js';
import { createSegmenter } from '../../platform/text/index.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { demoArticles, syntheticArticles, createRng } from '../demo/index.ts';
import { compareFingerprints, estimateSimilarity, fingerprintText, isCandidate, FLAG_AT, VERIFY_AT, type TextFingerprint } from './originality.fingerprint.ts';

const seg = createSegmenter();
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

const paragraphsOf = (html: string) =>
  htmlToText(html)
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
const sentencesOf = (p: string): string[] => [...(p.match(/[^。！？]+[。！？”]*/g) ?? [p])];

// Word-level rewrites a copier uses to disguise a text: synonyms, reordered clauses, fillers.
const SYNONYMS: Array<[string, string]> = [
  ['表示', '称'],
  ['目前', '眼下'],
  ['已经', '已'],
  ['进行', '开展'],
  ['市民', '居民'],
  ['记者', '笔者'],
  ['介绍', '说'],
  ['今年', '本年度'],
  ['增长', '上升'],
  ['下降', '回落'],
  ['将', '会'],
  ['发布', '公布'],
  ['重要', '关键'],
  ['问题', '难题'],
  ['同时', '此外'],
  ['要求', '提出'],
  ['通过', '借助'],
  ['部分', '一些'],
  ['明显', '显著'],
  ['工作', '事务'],
];
const FILLERS = ['据了解，', '值得一提的是，', '有分析指出，', '据悉，', '业内普遍认为，'];

function rewriteSentence(rng: Rng, s: string): string {
  let out = s;
  let changed = false;
  for (const [a, b] of shuffle(rng, SYNONYMS)) {
    if (out.includes(a) && rng() < 0.7) {
      out = out.replace(a, b);
      changed = true;
    }
  }
  const clauses = out.split('，');
  const roll = rng();
  if (clauses.length >= 3 && roll < 0.4) {
    // swap two clauses
    const i = Math.floor(rng() * (clauses.length - 1));
    [clauses[i], clauses[i + 1]] = [clauses[i + 1] as string, clauses[i] as string];
    out = clauses.join('，');
    changed = true;
  } else if (clauses.length >= 3 && roll < 0.6) {
    clauses.splice(1 + Math.floor(rng() * (clauses.length - 2)), 1); // drop a middle clause
    out = clauses.join('，');
    changed = true;
  }
  if (!changed || rng() < 0.3) out = pick(rng, FILLERS) + out;
  return out;
}

/** One edited copy of `paras`; `kind` says which edits, the rewrite share is 10–30%. */
function editedCopy(rng: Rng, paras: string[], kind: string, donor: string[]): string {
  let ps = paras.map((p) => sentencesOf(p));
  const rate = 0.1 + rng() * 0.2;
  if (kind.includes('rewrite')) ps = ps.map((ss) => ss.map((s) => (rng() < rate ? rewriteSentence(rng, s) : s)));
  if (kind.includes('reorder')) ps = shuffle(rng, ps).map((ss) => (rng() < 0.5 ? shuffle(rng, ss) : ss));
  if (kind.includes('drop') && ps.length >= 3) {
    const n = Math.max(1, Math.floor(ps.length * (0.1 + rng() * 0.2)));
    for (let i = 0; i < n; i++) ps.splice(Math.floor(rng() * ps.length), 1);
  }
  if (kind.includes('add')) {
    const n = 1 + Math.floor(rng() * 2);
    for (let i = 0; i < n; i++) ps.splice(Math.floor(rng() * (ps.length + 1)), 0, sentencesOf(pick(rng, donor)));
  }
  let text = ps.map((ss) => ss.join('')).join('\n');
  if (kind.includes('traditional')) text = toTraditional(text);
  return text;
}

const KINDS = [
  'reorder',
  'rewrite',
  'reorder+rewrite',
  'rewrite+drop',
  'rewrite+add',
  'reorder+rewrite+add',
  'reorder+rewrite+drop',
  'traditional',
  'traditional+rewrite',
  'traditional+reorder+rewrite+add',
];

// Four topics' shared vocabulary; every sentence is a fresh combination, so two texts share words and
// phrases of the topic but not sentences.
interface Topic {
  name: string;
  who: string[];
  did: string[];
  what: string[];
  metric: string[];
  unit: string[];
}
const PLACES = ['东湖区', '西岭区', '临江区', '北塘镇', '蓝山镇', '江口街道', '青川新区', '白石县'];
const WHEN = ['近日', '上周', '本月初', '今年以来', '昨天上午', '前三季度', '日前', '上半年'];
const TOPICS: Topic[] = [
  {
    name: '城建',
    who: ['住建局', '城管局', '园林局', '施工单位', '街道办', '设计院'],
    did: ['启动', '完成', '推进', '验收', '规划', '改造'],
    what: ['雨污分流管网', '口袋公园', '背街小巷', '城市绿道', '老旧小区', '滨江步道', '停车设施', '排水泵站'],
    metric: ['绿地面积', '改造面积', '管网长度', '投资额'],
    unit: ['万平方米', '公里', '亿元', '个'],
  },
  {
    name: '科技',
    who: ['通信公司', '芯片企业', '大数据局', '研究院', '软件园', '创业团队'],
    did: ['发布', '测试', '上线', '量产', '升级', '部署'],
    what: ['5G基站', '路由器', '算力中心', '操作系统', '折叠屏手机', '智能网联汽车', '数据平台', '液冷服务器'],
    metric: ['用户数', '出货量', '研发投入', '业务收入'],
    unit: ['万户', '万台', '亿元', '个'],
  },
  {
    name: '财经',
    who: ['统计局', '商务局', '银行', '证券公司', '产业基金', '外贸企业'],
    did: ['公布', '调整', '发行', '扩大', '收紧', '优化'],
    what: ['消费券', '贷款利率', '外贸订单', '社会消费品零售总额', '制造业投资', '债券', '减税政策', '跨境电商'],
    metric: ['增速', '成交额', '余额', '规模'],
    unit: ['%', '亿元', '万笔', '亿美元'],
  },
  {
    name: '体育',
    who: ['体育局', '俱乐部', '马拉松组委会', '全民健身中心', '青训营', '裁判组'],
    did: ['举办', '开放', '签约', '选拔', '承办', '培训'],
    what: ['城市马拉松', '游泳馆', '青少年足球联赛', '篮球场', '羽毛球公开赛', '健身步道', '学校体育场馆', '社区运动会'],
    metric: ['参赛人数', '观众人数', '场馆数量', '培训人次'],
    unit: ['人', '万人次', '座', '场'],
  },
];

function sameTopicText(rng: Rng, t: Topic, k: number): { title: string; body: string } {
  const sentence = (): string => {
    const roll = rng();
    const place = pick(rng, PLACES);
    if (roll < 0.35) return `${pick(rng, WHEN)}，${place}${pick(rng, t.who)}${pick(rng, t.did)}${pick(rng, t.what)}项目。`;
    if (roll < 0.6)
      return `${place}${pick(rng, t.metric)}达到${Math.floor(rng() * 900 + 10)}${pick(rng, t.unit)}，同比${rng() < 0.5 ? '增长' : '下降'}${(rng() * 30).toFixed(1)}%。`;
    if (roll < 0.8) return `${pick(rng, t.who)}负责人介绍，${pick(rng, t.what)}和${pick(rng, t.what)}将在${pick(rng, WHEN)}${pick(rng, t.did)}。`;
    return `“${pick(rng, t.what)}${rng() < 0.5 ? '给大家带来了便利' : '还有不少改进空间'}，”${place}一位市民说。`;
  };
  const paras = Array.from({ length: 4 + Math.floor(rng() * 4) }, () => Array.from({ length: 3 + Math.floor(rng() * 3) }, sentence).join(''));
  return { title: `${pick(rng, PLACES)}${pick(rng, t.who)}${pick(rng, t.did)}${pick(rng, t.what)}（${t.name}${k}）`, body: paras.join('\n') };
}

/** As the lookup decides: a band-sharing candidate whose estimate calls for exact verification, and whose exact overlap flags. */
function detected(original: TextFingerprint, copy: TextFingerprint): boolean {
  const est = estimateSimilarity({ signature: copy.signature, size: copy.shingles.size }, { signature: original.signature, size: original.shingles.size });
  return isCandidate(copy, original) && est.overlap >= VERIFY_AT && compareFingerprints(copy, original).overlap >= FLAG_AT;
}

test('originality: edited copies are detected, unrelated same-topic pairs are not flagged', () => {
  const rng = createRng(20261127);
  const docs = demoArticles.map((a) => ({ a, paras: paragraphsOf(a.body) }));
  const fps = docs.map((d) => fingerprintText(seg, d.a.title, d.paras.join('\n')));

  // Edited copies: every demo article × every kind of edit.
  let copies = 0;
  let found = 0;
  const missed: string[] = [];
  for (const [i, d] of docs.entries()) {
    const donor = (docs[(i + 17) % docs.length] as (typeof docs)[number]).paras;
    for (const kind of KINDS) {
      const title = kind.includes('traditional') ? toTraditional(d.a.title) : d.a.title;
      const copy = fingerprintText(seg, title, editedCopy(rng, d.paras, kind, donor));
      copies++;
      if (detected(fps[i] as TextFingerprint, copy)) found++;
      else missed.push(`${d.a.title} (${kind}: ${compareFingerprints(copy, fps[i] as TextFingerprint).overlap.toFixed(2)})`);
    }
  }

  // Unrelated pairs on the same topic: demo articles of one category, and synthetic articles of one category.
  let pairs = 0;
  let flagged = 0;
  const falsePositives: string[] = [];
  for (let i = 0; i < docs.length; i++)
    for (let j = i + 1; j < docs.length; j++) {
      if ((docs[i] as (typeof docs)[number]).a.category !== (docs[j] as (typeof docs)[number]).a.category) continue;
      pairs++;
      if (detected(fps[i] as TextFingerprint, fps[j] as TextFingerprint)) {
        flagged++;
        falsePositives.push(`${docs[i]?.a.title} ~ ${docs[j]?.a.title}`);
      }
    }
  // Synthetic same-topic texts: independent sentences over one topic's shared vocabulary.
  for (const topic of TOPICS) {
    const texts = Array.from({ length: 40 }, (_, k) => sameTopicText(rng, topic, k));
    const tf = texts.map((t) => fingerprintText(seg, t.title, t.body));
    for (let i = 0; i < tf.length; i++)
      for (let j = i + 1; j < tf.length; j++) {
        pairs++;
        if (detected(tf[i] as TextFingerprint, tf[j] as TextFingerprint)) {
          flagged++;
          falsePositives.push(`${texts[i]?.title} ~ ${texts[j]?.title}`);
        }
      }
  }

  // The seed command's synthetic corpus is not a negative set: its articles are collages of one pool of
  // whole sentences (median overlap of two same-category articles ≈ 0.4). Shown for information only.
  const synthetic = [...syntheticArticles(120, 7, ['local', 'tech'], ['a', 'b'], { now: new Date('2026-11-27T00:00:00Z') })];
  const sfps = synthetic.map((s) => fingerprintText(seg, s.title, htmlToText(s.body)));
  let collagePairs = 0;
  let collageFlagged = 0;
  for (let i = 0; i < synthetic.length; i++)
    for (let j = i + 1; j < synthetic.length; j++) {
      if (synthetic[i]?.category !== synthetic[j]?.category) continue;
      collagePairs++;
      if (detected(sfps[i] as TextFingerprint, sfps[j] as TextFingerprint)) collageFlagged++;
    }
  console.log(`seed corpus (sentence collages, not asserted): ${collageFlagged}/${collagePairs} same-category pairs share ≥ ${FLAG_AT * 100}% of shingles`);

  const detectionRate = found / copies;
  const falseRate = flagged / pairs;
  console.log(
    `originality quality: detected ${found}/${copies} edited copies (${(detectionRate * 100).toFixed(1)}%), ` +
      `flagged ${flagged}/${pairs} unrelated same-topic pairs (${(falseRate * 100).toFixed(2)}%)`,
  );
  if (missed.length) console.log(`missed: ${missed.slice(0, 15).join('; ')}`);
  if (falsePositives.length) console.log(`false positives: ${falsePositives.slice(0, 10).join('; ')}`);
  assert.ok(copies >= 500, `test set too small: ${copies}`);
  assert.ok(pairs >= 1000, `too few unrelated pairs: ${pairs}`);
  assert.ok(detectionRate >= 0.95, `detection ${detectionRate}`);
  assert.ok(falseRate <= 0.005, `false positives ${falseRate}`);
});
