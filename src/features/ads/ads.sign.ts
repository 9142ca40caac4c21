import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Click links are signed with the app secret, so `/ads/click/<id>` only redirects for links this site
 * printed: an id without its signature, or a tampered one, is refused. The target URL itself is never
 * part of the link; it is read from the ad, so the route cannot be used as an open redirect.
 */
export function clickSignature(secret: Buffer, adId: number): string {
  return createHmac('sha256', secret).update(`ad-click:${adId}`).digest('base64url').slice(0, 32);
}

export function clickUrl(secret: Buffer, adId: number): string {
  return `/ads/click/${adId}?sig=${clickSignature(secret, adId)}`;
}

/** Where ads.js reports a click inside an HTML ad (same signature; answers 204, never redirects). */
export function clickPingUrl(secret: Buffer, adId: number): string {
  return `/ads/click/${adId}/ping?sig=${clickSignature(secret, adId)}`;
}

export function isValidClickSignature(secret: Buffer, adId: number, sig: unknown): boolean {
  if (typeof sig !== 'string' || !/^[A-Za-z0-9_-]{32}$/.test(sig)) return false;
  return timingSafeEqual(Buffer.from(sig), Buffer.from(clickSignature(secret, adId)));
}
