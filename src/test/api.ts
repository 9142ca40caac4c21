// Test support for the API tests in this folder (not imported by production code).
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from './app.ts';
import { ROLES, type Role } from '../features/members/index.ts';

export interface ApiFixture {
  z: TestApp;
  tokens: Record<Role, string>;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { as?: Role; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Row counts of what article writes touch, to prove a failed request wrote nothing. */
  counts(): Promise<Record<string, number>>;
}

/** A test app with one member and one token per role (`api_member`, `api_editor`, …). */
export async function createApiFixture(): Promise<ApiFixture> {
  const z = await createTestApp();
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    await z.members.create({ username: `api_${role}`, role });
    tokens[role] = await z.members.createToken(`api_${role}`);
  }
  return {
    z,
    tokens,
    call(method, url, opts = {}) {
      const headers = { ...(opts.as ? { authorization: `Bearer ${tokens[opts.as]}` } : {}), ...opts.headers };
      return z.app.inject({ method, url, headers, ...(opts.body !== undefined ? { payload: opts.body as string } : {}) });
    },
    async counts() {
      const out: Record<string, number> = {};
      for (const table of ['articles', 'members', 'tags', 'article_tags', 'categories', 'pages', 'settings'] as const) {
        const r = await z.dbh.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        out[table] = Number(r.n);
      }
      return out;
    },
  };
}

export function body(res: LightMyRequestResponse): any {
  return JSON.parse(res.body);
}
