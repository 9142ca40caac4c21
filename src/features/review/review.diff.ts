/**
 * Readable diffs for reviewing a revision: words within a line (Chinese is segmented into words, so a
 * changed character does not mark a whole sentence), lines within a body. Longest common subsequence
 * after trimming the common head and tail; past a size limit the changed middle is shown as replaced.
 */
export type Op = 'eq' | 'del' | 'ins';
export interface Chunk {
  op: Op;
  text: string;
}
export type LineDiff = { kind: 'eq' | 'del' | 'ins'; text: string } | { kind: 'chg'; chunks: Chunk[] } | { kind: 'gap'; count: number };

const CELL_LIMIT = 4_000_000;

/** Edit script turning `a` into `b`. */
export function diffSeq(a: readonly string[], b: readonly string[]): Array<[Op, string]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((x): [Op, string] => ['eq', x]);
  const tail = a.slice(endA).map((x): [Op, string] => ['eq', x]);
  const A = a.slice(start, endA);
  const B = b.slice(start, endB);
  const n = A.length;
  const m = B.length;
  const mid: Array<[Op, string]> = [];
  if (n * m > CELL_LIMIT) {
    for (const x of A) mid.push(['del', x]);
    for (const x of B) mid.push(['ins', x]);
    return [...head, ...mid, ...tail];
  }
  // lcs[i][j] = LCS length of A[i..] and B[j..], row-major in one typed array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = A[i] === B[j] ? (lcs[(i + 1) * w + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (A[i] === B[j]) {
      mid.push(['eq', A[i] as string]);
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number)) mid.push(['del', A[i++] as string]);
    else mid.push(['ins', B[j++] as string]);
  }
  while (i < n) mid.push(['del', A[i++] as string]);
  while (j < m) mid.push(['ins', B[j++] as string]);
  return [...head, ...mid, ...tail];
}

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });

/** Words, spaces and punctuation as separate tokens. */
export function tokenize(s: string): string[] {
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

function merge(ops: Array<[Op, string]>): Chunk[] {
  const out: Chunk[] = [];
  for (const [op, text] of ops) {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  }
  return out;
}

/** Word-level diff of two short texts (title, summary, one line of a body). */
export function diffWords(a: string, b: string): Chunk[] {
  return merge(diffSeq(tokenize(a), tokenize(b)));
}

/**
 * Line-level diff of two texts: changed lines paired with their replacement show word-level changes;
 * runs of unchanged lines longer than `context` on either side collapse into a gap.
 */
export function diffLines(a: string, b: string, context = 2): LineDiff[] {
  const split = (s: string) => (s === '' ? [] : s.split('\n'));
  const ops = diffSeq(split(a), split(b));
  const lines: LineDiff[] = [];
  for (let k = 0; k < ops.length;) {
    const [op, text] = ops[k] as [Op, string];
    if (op === 'eq') {
      lines.push({ kind: 'eq', text });
      k++;
      continue;
    }
    const dels: string[] = [];
    const inss: string[] = [];
    while (k < ops.length && (ops[k] as [Op, string])[0] === 'del') dels.push((ops[k++] as [Op, string])[1]);
    while (k < ops.length && (ops[k] as [Op, string])[0] === 'ins') inss.push((ops[k++] as [Op, string])[1]);
    const pairs = Math.min(dels.length, inss.length);
    for (let p = 0; p < pairs; p++) lines.push({ kind: 'chg', chunks: diffWords(dels[p] as string, inss[p] as string) });
    for (const d of dels.slice(pairs)) lines.push({ kind: 'del', text: d });
    for (const x of inss.slice(pairs)) lines.push({ kind: 'ins', text: x });
  }
  return collapse(lines, context);
}

function collapse(lines: LineDiff[], context: number): LineDiff[] {
  const changed = lines.map((l) => l.kind !== 'eq');
  const near = (i: number) => {
    for (let d = -context; d <= context; d++) if (changed[i + d]) return true;
    return false;
  };
  const out: LineDiff[] = [];
  let gap = 0;
  lines.forEach((l, i) => {
    if (l.kind === 'eq' && !near(i)) {
      gap++;
      return;
    }
    if (gap) out.push({ kind: 'gap', count: gap });
    gap = 0;
    out.push(l);
  });
  if (gap) out.push({ kind: 'gap', count: gap });
  return out;
}
