import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import type { Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

/** Test support for the review feature's tests (imported by *.test.ts only). */

/** The 投稿 form as a member sends it, with overrides. */
export function submission(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '青川新开一条公交线路',
    category: 'local',
    summary: '新线路连接高铁站和老城区。',
    body: '<p>正文第一段。</p>',
    tags: '公交, 青川',
    source: '',
    op: 'submit',
    ...over,
  };
}

/** The app with the categories 本地 (local) and 交通 (traffic); closed after the test. */
export async function reviewSetup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeCategory(z, { slug: 'traffic', name: '交通' });
  return z;
}

/** Submits for review as `m`; the new article's id. */
export async function submitAs(m: Client, over: Record<string, string> = {}): Promise<number> {
  const r = await m.post('/member/articles/new', submission(over));
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  return Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
}
