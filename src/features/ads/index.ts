import type { FastifyInstance } from 'fastify';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { registerAdsAdmin } from './ads.admin.tsx';
import { registerAdsMember } from './ads.member.tsx';
import { registerAdsPublic } from './ads.public.tsx';
import type { Ads } from './ads.service.ts';

export { createAds, type Ads, type Ad, type AdPosition, type FreeDay } from './ads.service.ts';
export { AD_KINDS, AD_STATUSES, type AdKind, type AdStatus } from './ads.schema.ts';
export { clickUrl } from './ads.sign.ts';

export { countPendingAds } from './ads.counts.ts';

export interface AdsRoutesDeps {
  ads: Ads;
  points: Points;
  guards: Guards;
  members: Members;
  console: Console;
  chrome: ChromeBuilder;
  secret: Buffer;
  baseUrl: string | undefined;
}

/** 广告服务: the public page, slot JSON and click redirect; 我的广告; the admin pages. */
export function registerAds(app: FastifyInstance, deps: AdsRoutesDeps): void {
  deps.points.registerRefLink('ad_booking', () => '/member/ads/');
  registerAdsPublic(app, deps);
  registerAdsMember(app, deps);
  registerAdsAdmin(app, deps);
}
