import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, diffSeq, diffWords } from './review.diff.ts';

test('a word diff marks only the changed words of a Chinese sentence', () => {
  const chunks = diffWords('青川市今天开通一条公交线路', '青川市明天开通两条公交线路');
  const del = chunks
    .filter((c) => c.op === 'del')
    .map((c) => c.text)
    .join('|');
  const ins = chunks
    .filter((c) => c.op === 'ins')
    .map((c) => c.text)
    .join('|');
  assert.ok(del.includes('今天') && del.includes('一'), del);
  assert.ok(ins.includes('明天') && ins.includes('两'), ins);
  assert.ok(
    chunks.some((c) => c.op === 'eq' && c.text.includes('青川')),
    'unchanged words stay plain',
  );
  assert.equal(
    chunks
      .filter((c) => c.op !== 'ins')
      .map((c) => c.text)
      .join(''),
    '青川市今天开通一条公交线路',
    'old text = eq + del',
  );
  assert.equal(
    chunks
      .filter((c) => c.op !== 'del')
      .map((c) => c.text)
      .join(''),
    '青川市明天开通两条公交线路',
    'new text = eq + ins',
  );
});

test('identical texts give one unchanged chunk; empty to text is one insertion', () => {
  assert.deepEqual(diffWords('不变', '不变'), [{ op: 'eq', text: '不变' }]);
  assert.deepEqual(diffWords('', '新增'), [{ op: 'ins', text: '新增' }]);
});

test('a line diff pairs changed lines, marks added and removed ones and folds long unchanged runs', () => {
  const a = ['第一行', '第二行', '第三行', '第四行', '第五行', '第六行', '第七行旧的', '第八行'].join('\n');
  const b = ['第一行', '第二行', '第三行', '第四行', '第五行', '第六行', '第七行新的', '第八行', '新增第九行'].join('\n');
  const lines = diffLines(a, b, 1);
  assert.deepEqual(lines[0], { kind: 'gap', count: 5 });
  assert.deepEqual(lines[1], { kind: 'eq', text: '第六行' });
  assert.equal(lines[2]?.kind, 'chg');
  assert.deepEqual(lines[3], { kind: 'eq', text: '第八行' });
  assert.deepEqual(lines[4], { kind: 'ins', text: '新增第九行' });
  assert.deepEqual(diffLines('删掉这行\n保留', '保留'), [
    { kind: 'del', text: '删掉这行' },
    { kind: 'eq', text: '保留' },
  ]);
});

test('very large inputs fall back to a replace of the changed middle instead of a quadratic table', () => {
  const a = Array.from({ length: 3000 }, (_, i) => `a${i}`);
  const b = Array.from({ length: 3000 }, (_, i) => `b${i}`);
  const started = Date.now();
  const ops = diffSeq(['same', ...a, 'end'], ['same', ...b, 'end']);
  assert.ok(Date.now() - started < 1000);
  assert.equal(ops.length, 6002);
  assert.deepEqual(ops[0], ['eq', 'same']);
  assert.deepEqual(ops.at(-1), ['eq', 'end']);
});
