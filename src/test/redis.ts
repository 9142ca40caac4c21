// Test support: the Redis the Redis tests use, and whether it answers (they skip without it, except in CI).
import net from 'node:net';

export const REDIS_URL = process.env.ZIXUN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when something accepts connections at REDIS_URL within a second. */
export function redisReachable(): Promise<boolean> {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379), timeout: 1000 }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.on('timeout', () => (s.destroy(), resolve(false)));
  });
}
