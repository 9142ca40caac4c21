import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Points } from '../points/index.ts';
import type { Gift } from './mall.gifts.ts';
import type { Mall } from './index.ts';

/** Test support for the mall's tests (imported by *.test.ts only). */
type TestApp = { mall: Mall; points: Points; dbh: DbHandle };

let n = 0;

/** A gift created through the service as `actorId`; fields as the admin form sends them. */
export async function makeGift(z: TestApp, actorId: number, over: Record<string, string | string[]> = {}): Promise<Gift> {
  n++;
  return z.mall.gifts.create(
    {
      name: `青川文创帆布袋${n}`,
      description: '结实耐用的帆布袋，印有青川江景。',
      price: '100',
      stock: '10',
      perMemberLimit: '0',
      availableFrom: '',
      availableUntil: '',
      active: '1',
      ...over,
    },
    '',
    { actorId, ip: '127.0.0.1' },
  );
}

/** A valid redeem form with a fresh idempotency key. */
export function redeemForm(over: Record<string, string> = {}): Record<string, string> {
  return { quantity: '1', contactName: '张小青', phone: '13800138000', address: '青川市江滨路88号3栋2单元', key: randomUUID(), ...over };
}

/** Gives the member `amount` points (an admin adjustment from issuance). */
export async function fund(z: TestApp, memberId: number, amount: number): Promise<void> {
  await z.points.adjust({ actorId: memberId, memberId, amount, reason: '测试充值' });
}

/** What redeeming must leave untouched when it is refused. */
export async function snapshot(z: TestApp, giftId: number, memberId: number) {
  const gift = await z.mall.gifts.mustGet(giftId);
  const orders = await z.dbh.db.selectFrom('mall_orders').select('id').where('gift_id', '=', giftId).execute();
  const ledger = await z.dbh.db.selectFrom('ledger_transactions').select('id').where('reason', 'like', 'mall.%').execute();
  return { stock: gift.stock, redeemed: gift.redeemed, orders: orders.length, ledger: ledger.length, balance: await z.points.balance(memberId) };
}
