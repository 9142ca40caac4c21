import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import type { Member } from '../members/index.ts';

/** Fixtures shared by the promotion tests (this file holds no tests itself; the .test name keeps it out of shipped code). An app, an admin, a category. */
export async function promotionApp(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'promo_admin', 'admin');
  const cat = await makeCategory(z);
  return { z, admin, adminMember: admin.member as Member, cat };
}

/** A member with points and a published article of their own. */
export async function bidder(
  z: TestApp,
  username: string,
  catSlug: string,
  pointsGranted: number,
  title?: string,
): Promise<{ c: Client; me: Member; articleId: number }> {
  const c = await loginAs(z, username);
  const me = c.member as Member;
  const a = await makeArticle(z, { category: catSlug, author: username, ...(title ? { title } : {}) });
  if (pointsGranted > 0) await z.points.adjust({ actorId: me.id, memberId: me.id, amount: pointsGranted, reason: '测试发放' });
  return { c, me, articleId: a.id };
}

export async function keyword(z: TestApp, admin: Member, keywordText: string, floorPrice = 100, slots = 2, active = true) {
  return z.promotion.createKeyword(
    { keyword: keywordText, floorPrice: String(floorPrice), slots: String(slots), ...(active ? { active: '1' } : {}) },
    admin,
    '127.0.0.1',
  );
}

/** POST the bid form as the browser would (a fresh idempotency key unless one is given). */
export function postBid(c: Client, f: { keyword: number | string; period: string; article: number | string; amount: string; key?: string }) {
  return c.post('/member/promotion/bid', {
    keyword: String(f.keyword),
    period: f.period,
    article: String(f.article),
    amount: f.amount,
    key: f.key ?? randomUUID(),
  });
}

export async function systemBalance(z: TestApp, code: 'escrow' | 'revenue'): Promise<number> {
  const r = await z.dbh.db.selectFrom('point_accounts').select('balance').where('code', '=', code).executeTakeFirstOrThrow();
  return r.balance;
}

export async function ledgerCount(z: TestApp): Promise<number> {
  const r = await z.dbh.db
    .selectFrom('ledger_transactions')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const NEXT = '2026-12';
/** 2026-12-01 00:00 Beijing time. */
export const NEXT_STARTS = '2026-11-30T16:00:00.000Z';
