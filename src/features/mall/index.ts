import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { createGifts } from './mall.gifts.ts';
import { createOrders } from './mall.orders.ts';
import { registerMallPages } from './mall.public.tsx';
import { registerMallAdmin } from './mall.admin.tsx';
import { registerMallApi } from './mall.api.ts';

export { mallApiDocs } from './mall.api.ts';
export { availability, MALL_TAG, type Gift, type Gifts, type Availability } from './mall.gifts.ts';
export type { Order, Orders } from './mall.orders.ts';
import type { Order } from './mall.orders.ts';
export { ORDER_STATUSES, type OrderStatus } from './mall.schema.ts';

export { countPendingOrders } from './mall.counts.ts';

export interface MallDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  storage: Storage;
  audit: Audit;
  members: Members;
  points: Points;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  baseUrl: string | undefined;
}

/** The mall's services, without HTTP (the CLI's demo seeding and tests use them). */
export function createMall(
  deps: Pick<MallDeps, 'dbh' | 'clock' | 'cache' | 'audit' | 'members' | 'points'> & {
    /** After staff shipped or cancelled an order (its member's 站内信). */
    onOrderChanged?: ((o: Order, change: 'shipped' | 'cancelled') => Promise<void>) | undefined;
  },
) {
  const purge = (tags: string[]) => void deps.cache.purge(tags);
  const gifts = createGifts({
    dbh: deps.dbh,
    clock: deps.clock,
    audit: deps.audit,
    purge,
    groupIds: async () => (await deps.members.groups.list()).map((g) => g.id),
  });
  const orders = createOrders({
    dbh: deps.dbh,
    clock: deps.clock,
    audit: deps.audit,
    points: deps.points,
    purge,
    groupIdOf: deps.members.groups.groupIdOf,
    onOrderChanged: deps.onOrderChanged,
  });
  return { gifts, orders };
}

export type Mall = ReturnType<typeof createMall>;

/**
 * 积分换礼: `/mall/` and `/mall/<id>` (public), the redeem form `/mall/<id>/redeem` and 我的订单
 * `/member/orders` (members), 礼品管理 `/admin/mall/gifts` and 订单管理 `/admin/mall/orders` (staff), and
 * `/api/v1/mall/…` for a member's API token (mall.api.ts).
 */
export function registerMall(app: FastifyInstance, deps: MallDeps & { mall: Mall }): Mall {
  const { mall } = deps;
  const groupNames = async () => new Map((await deps.members.groups.list()).map((g) => [g.id, g.name] as [number, string]));
  deps.points.registerRefLink('mall_order', (id) => `/member/orders#o${encodeURIComponent(id)}`);
  registerMallPages(app, { ...deps, ...mall, groupNames });
  registerMallAdmin(app, { ...deps, ...mall, groupNames });
  registerMallApi(app, { ...mall, points: deps.points, members: deps.members, clock: deps.clock });
  return mall;
}
