import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { ActionButton, type FormErrors } from '../../platform/html/forms.tsx';
import { clientIp } from '../../platform/http/app.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { Guards, Member, Members } from '../members/index.ts';
import type { Console } from '../console/index.ts';
import type { Audit, AuditInput } from '../audit/index.ts';
import type { ArticleIndexer, Articles } from '../articles/index.ts';
import type { PublishedCopyCheck, ReviewDecided } from '../review/index.ts';
import type { BatchResults } from '../../platform/http/batch-results.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Comments } from '../comments/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import type { Pages } from '../pages/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { SettingsService } from '../settings/index.ts';
import type { Hits } from '../rankings/index.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { FastLane } from '../../platform/http/fast-lane.ts';
import { format, t } from '../../strings/index.ts';

/** What the admin console needs from the composition root. */
export interface AdminDeps {
  clock: Clock;
  dbh: DbHandle;
  guards: Guards;
  console: Console;
  audit: Audit;
  members: Members;
  articles: Articles;
  comments: Comments;
  categories: Categories;
  pages: Pages;
  bannedWords: BannedWords;
  settings: SettingsService;
  /** 系统状态 reads these (the figures /api/v1/status reports). */
  cache: PageCache;
  fastLane: FastLane;
  hits: Hits;
  /** Redis, when instances share state through it: this instance's id on the bus and whether it is connected. */
  redisState?: (() => { instance: string; connected: boolean } | undefined) | undefined;
  /** Search index and 相关文章 upkeep of articles the console publishes. */
  articleIndexer: ArticleIndexer;
  /** Where uploaded covers are stored. */
  storage: Storage;
  /** The points reward of an approved submission (the same hook registerReview gets). */
  onArticleApproved?: ((a: { id: number; authorId: number; title: string }) => Promise<void>) | undefined;
  /** The author's 站内信 about a decision (the same hook registerReview gets). */
  onDecided?: ((d: ReviewDecided) => Promise<void>) | undefined;
  /** Publishing a submission runs review's copy check against published articles (search's originality). */
  originality: PublishedCopyCheck;
  /** Where a batch's result waits for the page the browser is sent to (Post/Redirect/Get). */
  batchResults: BatchResults;
  baseUrl?: string | undefined;
}

export const s = t.admin;

/** A form body as plain strings (the first value of a repeated field); anything else is dropped. */
export function formOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const x = Array.isArray(v) ? v[0] : v;
    if (typeof x === 'string' && k !== '_csrf') out[k] = x;
  }
  return out;
}

/** Service field errors keyed by their top-level field (`tags.0` → `tags`), first message wins. */
export function topLevel(fields: FieldErrors | undefined): FormErrors {
  const out: FormErrors = {};
  for (const [k, v] of Object.entries(fields ?? {})) out[k.split('.')[0] as string] ??= v;
  return out;
}

/** Parses an integer form value; undefined when it is not one. */
export function intOf(v: string | undefined): number | undefined {
  const x = (v ?? '').trim();
  return /^-?\d{1,9}$/.test(x) ? Number(x) : undefined;
}

/** Parses a positive page number from the query; 1 for anything else. */
export function pageOf(v: unknown): number {
  return typeof v === 'string' && /^[1-9]\d{0,5}$/.test(v) ? Number(v) : 1;
}

/** The flash line named by `?ok=<key>` after a redirect; only known keys are shown. */
export function flashOf(query: unknown): string | undefined {
  const key = (query as Record<string, unknown> | undefined)?.ok;
  return typeof key === 'string' ? s.flash[key] : undefined;
}

/** Who and from where, for audit entries. */
export function actor(req: FastifyRequest, me: Member): Pick<AuditInput, 'actorId' | 'ip'> {
  return { actorId: me.id, ip: clientIp(req) };
}

/** Start of the current China day (UTC+8) as an ISO instant, comparable with stored timestamps. */
export function chinaDayStart(now: Date): string {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  shifted.setUTCHours(0, 0, 0, 0);
  return new Date(shifted.getTime() - 8 * 3600_000).toISOString();
}

/** `2026-11-27T16:30` (China time) for a datetime-local input, from a stored ISO instant. */
export function toChinaLocal(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** Parses `2026-11-27T16:30`, `2026-11-27 16:30` or with seconds, read as China time; undefined if malformed. */
export function fromChinaLocal(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m) return undefined;
  const [y, mo, d, hh, mi, ss] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, hh, mi, ss) - 8 * 3600_000;
  const back = new Date(ms + 8 * 3600_000);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || hh > 23 || mi > 59 || ss > 59) return undefined;
  return new Date(ms).toISOString();
}

/** http(s) URL or a site path (never javascript: and the like); empty is allowed. */
export function isSafeUrl(v: string): boolean {
  return v === '' || /^(https?:\/\/[^\s"'<>]+|\/(?!\/)[^\s"'<>]*)$/i.test(v);
}

/** Category select options, indented by depth, in tree order. */
export function categoryOptions(all: Category[], exclude: Set<number> = new Set()): Array<{ value: string; label: string }> {
  const out: Array<{ value: string; label: string }> = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of all.filter((x) => x.parentId === parent)) {
      if (exclude.has(c.id)) continue;
      out.push({ value: c.slug, label: `${'　'.repeat(depth)}${depth ? '└ ' : ''}${c.name}` });
      if (depth < 10) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The error line at the top of a confirmation panel (a refused delete), when there is one. */
export function PanelError(p: { error?: string | undefined }): SafeHtml {
  return p.error ? (
    <p class="flash error" role="alert">
      {p.error}
    </p>
  ) : (
    <></>
  );
}

/** A confirmation step for a destructive action: works without JavaScript. */
export function ConfirmBox(p: { message: string; action: string; csrf: string; cancel: string; error?: string; warning?: string }): SafeHtml {
  return (
    <section class="panel confirm">
      <PanelError error={p.error} />
      <p>{p.message}</p>
      <p class="muted">{p.warning ?? s.deleteWarning}</p>
      <div class="form-actions">
        <ActionButton action={p.action} csrf={p.csrf} label={s.confirmDelete} class="btn danger" />
        <a class="btn" href={p.cancel}>
          {s.cancel}
        </a>
      </div>
    </section>
  );
}

/** A count line above a table. */
export function Total({ n }: { n: number }): SafeHtml {
  return <p class="muted total">{format(s.total, { n })}</p>;
}

/** Reply helper: 303 to a GET page after a successful POST. */
export function seeOther(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}
