import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Member, Role } from '../features/members/index.ts';
import type { TestApp } from './app.ts';

export const TEST_PASSWORD = 'correct-horse-42';

/** A browser-like client: cookies (session, CSRF) and form posts with the token, as a page would send. */
export interface Client {
  member: Member | undefined;
  csrf: string;
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POST a form; `_csrf` is added unless `withoutToken`. */
  post(
    url: string,
    fields?: Record<string, string | string[]>,
    opts?: { withoutToken?: boolean; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

function client(z: TestApp, member: Member | undefined, sessionToken: string | undefined): Client {
  const csrf = randomBytes(24).toString('base64url');
  const cookie = [`zx_csrf=${csrf}`, ...(sessionToken ? [`zx_sid=${sessionToken}`] : [])].join('; ');
  return {
    member,
    csrf,
    cookie,
    get: (url, headers = {}) => z.app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    post(url, fields = {}, opts = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      if (!opts.withoutToken) body.set('_csrf', csrf);
      return z.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
        payload: body.toString(),
      });
    },
  };
}

/** A guest visitor (CSRF cookie, no session). */
export function guest(z: TestApp): Client {
  return client(z, undefined, undefined);
}

/** A logged-in member of the given role (created, with password TEST_PASSWORD, when new). */
export async function loginAs(z: TestApp, username: string, role: Role = 'member'): Promise<Client> {
  const member =
    (await z.members.byUsername(username)) ?? (await z.members.create({ username, role, password: TEST_PASSWORD, email: `${username}@example.com` }));
  const token = await z.auth.store.create(member.id, { ip: '127.0.0.1', userAgent: 'test' }, 3600_000);
  return client(z, member, token);
}
