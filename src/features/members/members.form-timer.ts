import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';

/**
 * Minimum form time against sign-up bots: the form carries the moment it was shown, signed with a
 * server key; a submission sooner than `minMs` after that is refused, and so is one too old or
 * tampered with. No state is kept on the server.
 */
export type FormTimeVerdict = 'ok' | 'too_fast' | 'invalid';

export function createFormTimer(opts: { key: Buffer; clock: Clock; minMs?: number; maxAgeMs?: number }) {
  const minMs = opts.minMs ?? 3000;
  const maxAgeMs = opts.maxAgeMs ?? 24 * 3600_000;
  const sign = (ms: string) => createHmac('sha256', opts.key).update(`form-time:${ms}`).digest('base64url');

  return {
    /** The value for the form's hidden field. */
    issue(): string {
      const ms = String(opts.clock.now().getTime());
      return `${ms}.${sign(ms)}`;
    },
    check(value: unknown): FormTimeVerdict {
      if (typeof value !== 'string') return 'invalid';
      const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
      if (!m) return 'invalid';
      const [, ms, mac] = m as unknown as [string, string, string];
      const expected = Buffer.from(sign(ms));
      if (!timingSafeEqual(expected, Buffer.from(mac))) return 'invalid';
      const age = opts.clock.now().getTime() - Number(ms);
      if (age < 0 || age > maxAgeMs) return 'invalid';
      return age < minMs ? 'too_fast' : 'ok';
    },
  };
}

export type FormTimer = ReturnType<typeof createFormTimer>;
