import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { check } from './validation.ts';

const fields = (schema: z.ZodType, value: unknown) => {
  const r = check(schema, value);
  assert.equal(r.ok, false);
  return r.ok ? {} : r.fields;
};

test('field messages are plain Chinese, without English type names or zod notation', () => {
  const S = z.object({
    title: z.string(),
    place: z.enum(['pre', 'post']),
    n: z.number().int().min(1).max(5),
    on: z.boolean(),
    tags: z.array(z.string()).max(2),
    name: z.string().min(1),
    link: z.url(),
  });
  const f = fields(S, { title: 5, place: 'mid', n: 9, on: 'yes', tags: ['a', 'b', 'c'], name: '', link: 'nope' });
  assert.equal(f.title, '期望文本，收到数字');
  assert.equal(f.place, '应为以下之一：pre、post');
  assert.equal(f.n, '不能大于5');
  assert.equal(f.on, '期望布尔值（true 或 false），收到文本');
  assert.equal(f.tags, '不超过2项');
  assert.equal(f.name, '不能为空');
  assert.equal(f.link, '不是有效的网址');
  for (const m of Object.values(f)) assert.doesNotMatch(m, /string|number|boolean|expected|\||<=|>=/i);
});

test('an absent field is required, an integer is asked for as one, and a custom message still wins', () => {
  const f = fields(z.object({ a: z.string(), b: z.number().int(), c: z.string().min(3, '至少三个字') }), { b: 1.5, c: 'x' });
  assert.equal(f.a, '此项为必填项');
  assert.equal(f.b, '期望整数，收到数字');
  assert.equal(f.c, '至少三个字');
});

test('a choice sent without a value asks for one, without listing the codes behind the options', () => {
  const f = fields(z.object({ decision: z.enum(['resolve', 'dismiss']), kind: z.enum(['a', 'b']) }), { kind: '' });
  assert.equal(f.decision, '请选择一项');
  assert.equal(f.kind, '请选择一项');
  for (const m of Object.values(f)) assert.doesNotMatch(m, /resolve|dismiss|\ba\b/);
});
