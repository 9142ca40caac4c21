import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { format } from '../../strings/index.ts';
import { s, type AdminDeps } from './admin.shared.tsx';

const VERSION = ((): string => {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '';
  } catch {
    return '';
  }
})();

const st = s.statusPage;

/** The figures /api/v1/status reports (same sources: cache, fast lane, hit counter, database, process). */
export function statusFigures(deps: AdminDeps) {
  const mem = process.memoryUsage();
  return {
    version: VERSION,
    database: deps.dbh.dialect,
    uptimeSeconds: Math.round(process.uptime()),
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    pageCache: deps.cache.stats(),
    fastLane: deps.fastLane.stats(),
    hits: deps.hits.stats(),
    redis: deps.redisState?.() ?? null,
  };
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function duration(sec: number): string {
  const d = Math.floor(sec / 86400);
  const hh = Math.floor((sec % 86400) / 3600);
  const mm = Math.floor((sec % 3600) / 60);
  return format(st.duration, { d, h: hh, m: mm });
}

const pct = (hit: number, miss: number) => (hit + miss ? `${((hit / (hit + miss)) * 100).toFixed(1)}%` : '—');

function Table({ caption, rows }: { caption: string; rows: Array<[string, string | number]> }): SafeHtml {
  return (
    <section class="panel">
      <h2>{caption}</h2>
      <div class="table-wrap">
        <table class="table">
          <tbody>
            {rows.map(([k, v]) => (
              <tr>
                <th scope="row">{k}</th>
                <td class="num">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** 系统状态 (admins): the operational figures of this process, as /api/v1/status reports them. */
export function registerAdminStatus(app: FastifyInstance, deps: AdminDeps): void {
  app.get('/admin/status', async (req, reply) => {
    const me = await deps.guards.admin(req);
    const f = statusFigures(deps);
    const c = f.pageCache;
    const body = (
      <div class="admin-status">
        <p class="hint">{st.intro}</p>
        <Table
          caption={st.process}
          rows={[
            [st.version, f.version || '—'],
            [st.database, f.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'],
            [st.redis, !f.redis ? st.redisOff : format(f.redis.connected ? st.redisUp : st.redisDown, { id: f.redis.instance })],
            [st.uptime, duration(f.uptimeSeconds)],
            [st.rss, bytes(f.memory.rssBytes)],
            [st.heap, bytes(f.memory.heapUsedBytes)],
          ]}
        />
        <Table
          caption={st.pageCache}
          rows={[
            [st.enabled, c.enabled ? s.yes : s.no],
            [st.pageHits, c.pageHits],
            [st.pageMisses, c.pageMisses],
            [st.hitRate, pct(c.pageHits, c.pageMisses)],
            [st.fragmentHits, c.fragmentHits],
            [st.fragmentMisses, c.fragmentMisses],
            [st.entries, c.pages],
            [st.fragments, c.fragments],
            [st.bytes, bytes(c.bytes)],
            [st.heldBytes, bytes(c.heldBytes)],
            [st.purges, c.purges],
            [st.purgedPages, c.purgedPages],
            [st.notAdmitted, c.notAdmitted],
          ]}
        />
        <Table
          caption={st.fastLane}
          rows={[
            [st.served, f.fastLane.served],
            [st.notModified, f.fastLane.notModified],
            [st.passed, f.fastLane.passed],
          ]}
        />
        <Table
          caption={st.hits}
          rows={[
            [st.counted, f.hits.counted],
            [st.repeats, f.hits.repeats],
            [st.bots, f.hits.bots],
            [st.embeds, f.hits.embeds],
            [st.pendingArticles, f.hits.pendingArticles],
            [st.trackedVisitors, f.hits.trackedVisitors],
            [st.flushes, f.hits.flushes],
            [st.written, f.hits.written],
          ]}
        />
      </div>
    );
    return deps.console.admin(req, reply, me, { title: st.title, current: '/admin/status', body });
  });
}
