// Shared set-up of the ads tests (a test file by name, as promotion.fixtures.test.ts: it holds no tests of its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { clickUrl } from './ads.sign.ts';

export async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const admin = await loginAs(z, 'ads_admin', 'admin');
  for (const [code, name, kind, w, h] of [
    ['home-banner', '首页横幅', 'image', '960', '90'],
    ['article-links', '文章下方文字链', 'text', '640', '30'],
    ['article-sidebar', '文章页侧栏', 'html', '300', '250'],
  ] as const)
    await z.ads.savePosition(undefined, { code, name, kind, width: w, height: h, pricePerDay: '10', capacity: '3', active: '1' }, admin.member!, '127.0.0.1');
  return { z, admin };
}

export async function memberWith(z: TestApp, admin: Client, username: string, points: number): Promise<Client> {
  const c = await loginAs(z, username);
  const now = await z.points.balance(c.member!.id);
  if (points !== now) await z.points.adjust({ actorId: admin.member!.id, memberId: c.member!.id, amount: points - now, reason: '测试发放' });
  return c;
}

let keyN = 0;
export async function bookText(c: Client, over: Record<string, string> = {}) {
  const r = await c.post('/member/ads/new', {
    position: 'article-links',
    title: '青川本地好物',
    targetUrl: 'https://shop.example.com/',
    startsOn: '2026-11-28',
    days: '3',
    key: `serving-key-${++keyN}-xyz`,
    ...over,
  });
  assert.equal(r.statusCode, 303, r.body.slice(0, 600));
}

export const lastAdId = async (z: TestApp) => (await z.dbh.db.selectFrom('ads').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
let visitorN = 0;
/** Fills slots as a browser would; each call is a new visitor unless a user agent is given. */
export const slots = async (z: TestApp, codes: string, userAgent = `Mozilla/5.0 (X11; Linux x86_64) visitor-${++visitorN}`) =>
  (await guest(z).get(`/ads/slots?positions=${codes}`, { 'user-agent': userAgent })).json().slots as Record<string, { id: number; html: string }>;
