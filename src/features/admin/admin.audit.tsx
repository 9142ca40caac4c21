import type { FastifyInstance } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { Pagination, formatDateTime } from '../articles/index.ts';
import type { AuditEntry } from '../audit/index.ts';
import { format, t } from '../../strings/index.ts';
import { pageOf, s, Total, type AdminDeps } from './admin.shared.tsx';
import { SETTING_CHOICES } from './admin.settings.form.ts';

const HOME = '/admin/audit/';
const PER_PAGE = 50;

interface AuditQuery {
  action: string;
  member: string;
  page: number;
}

function parseQuery(raw: unknown): AuditQuery {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (k: string, re: RegExp) => (typeof r[k] === 'string' && re.test((r[k] as string).trim()) ? (r[k] as string).trim() : '');
  return { action: str('action', /^[a-z0-9_.-]{1,64}$/), member: str('member', /^[A-Za-z0-9_\u4e00-\u9fa5]{1,32}$/), page: pageOf(r.page) };
}

function urlOf(q: AuditQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.action) p.set('action', q.action);
  if (q.member) p.set('member', q.member);
  if (page > 1) p.set('page', String(page));
  const qs = p.toString();
  return `${HOME}${qs ? `?${qs}` : ''}`;
}

const settingLabels: Record<string, string> = { ...(s.s as unknown as Record<string, string>), footerLinks: s.s.footer };
/** Changed fields as their form labels: settings first, then the article form's. */
const fieldLabels: Record<string, string> = { ...(s.f as unknown as Record<string, string>), ...settingLabels, body: s.auditDetail.keys.body ?? 'body' };
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const STATUS_KEYS = new Set(['status', 'from', 'to']);

const d = s.auditDetail;

/**
 * Words that depend on what was done: a 友情链接's kind, status and form fields are the links console's
 * (图片链接, 未通过), not an ad's or an article's; an upload's kind is 附件管理's.
 */
interface DetailWords {
  keys?: Record<string, string>;
  kinds?: Record<string, string>;
  statuses?: Record<string, string>;
  fields?: Record<string, string>;
  reasons?: Record<string, string>;
}

const l = t.links;
const LINK_WORDS: DetailWords = {
  keys: {
    name: l.name,
    url: l.url,
    contact: l.contact,
    note: l.note,
    description: l.description,
    kind: l.kind,
    sortOrder: l.sortOrder,
    changed: d.keys.changed!,
  },
  kinds: l.kinds,
  statuses: l.statuses,
  fields: {
    name: l.name,
    url: l.url,
    logo: l.logo,
    description: l.description,
    kind: l.kind,
    status: l.status,
    sortOrder: l.sortOrder,
    contact: l.contact,
    note: l.note,
  },
};
const UPLOAD_WORDS: DetailWords = { kinds: t.uploads.kinds, reasons: d.sweepRefusals };
const BANNED_IMPORT_WORDS: DetailWords = { keys: d.importKeys };
const NO_WORDS: DetailWords = {};

function wordsFor(action: string): DetailWords {
  if (action.startsWith('link.')) return LINK_WORDS;
  if (action.startsWith('uploads.')) return UPLOAD_WORDS;
  if (action === 'banned_word.import') return BANNED_IMPORT_WORDS;
  return NO_WORDS;
}

const keyText = (k: string, w: DetailWords) => (w.keys && own(w.keys, k)) ?? d.keys[k] ?? k;

/** A plain object (not an array, not null). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `关键词：青川，底价：200`: a nested object's fields by their Chinese names (for `from`/`to`, `before`/`after`, rules). */
function pairsText(o: Record<string, unknown>, w: DetailWords): string {
  return Object.entries(o)
    .map(([k, x]) => `${keyText(k, w)}：${valueText(k, x, w)}`)
    .join('，');
}

/** A word from a table of words, never an inherited property: values are typed by people (a group named `constructor`). */
function own(table: Record<string, string>, v: string): string | undefined {
  return Object.hasOwn(table, v) ? table[v] : undefined;
}

/**
 * A detail value as people read it: changed fields by their form labels, choice settings (评论审核方式,
 * 遇到违禁词时) by the form's option labels, article, ad, order and comment statuses, report actions,
 * ad kinds, reward rules and recommend levels in words, times in Beijing time, no value as 无, lists
 * joined, `[before, after]` pairs as 旧 → 新, nested objects as 名称：值 pairs, yes/no in words. Never JSON.
 */
function valueText(key: string, v: unknown, w: DetailWords = NO_WORDS): string {
  if (v === null || v === undefined || v === '') return key === 'categoryId' ? d.allCategories : d.none;
  if (typeof v === 'string') {
    if (w.statuses && STATUS_KEYS.has(key) && own(w.statuses, v)) return own(w.statuses, v)!;
    if (w.kinds && key === 'kind' && own(w.kinds, v)) return own(w.kinds, v)!;
    if (w.reasons && key === 'reason' && own(w.reasons, v)) return own(w.reasons, v)!;
    const choices = Object.hasOwn(SETTING_CHOICES, key) ? SETTING_CHOICES[key] : undefined;
    if (choices && Object.hasOwn(choices, v)) return choices[v]!;
    if (key === 'via' && (v === 'api' || v === 'cli' || v === 'report')) return v === 'api' ? d.viaApi : v === 'cli' ? d.viaCli : d.viaReport;
    if (STATUS_KEYS.has(key)) {
      const word = own(s.statuses, v) ?? own(d.statuses, v) ?? own(d.commentStatuses, v);
      if (word) return word;
    }
    if ((key === 'actions' || key === 'undone') && own(d.reportActions, v)) return own(d.reportActions, v)!;
    if (key === 'target' && v === 'all') return d.broadcastAll;
    if (key === 'target' && /^group:\d+$/.test(v)) return format(d.broadcastGroup, { id: v.slice(6) });
    if (key === 'kind' && own(d.kinds, v)) return own(d.kinds, v)!;
    // Member roles (member.role's from/to, an account created with a role) in words.
    if ((key === 'role' || key === 'from' || key === 'to') && own(t.members.roles, v)) return own(t.members.roles, v)!;
    if (key === 'rule' && own(d.rules, v)) return own(d.rules, v)!;
    if (key === 'active' && (v === '1' || v === '0')) return v === '1' ? s.yes : s.no;
    return ISO_TIME.test(v) ? formatDateTime(v) : v;
  }
  if (typeof v === 'boolean') return v ? s.yes : s.no;
  if (typeof v === 'number' && (key === 'recommendLevel' || key === 'level') && s.levels[v]) return s.levels[v];
  // 设置推荐级别 records the level it changed as numbers in from/to (no other entry has numeric from/to).
  if (typeof v === 'number' && (key === 'from' || key === 'to') && Number.isInteger(v) && s.levels[v]) return s.levels[v];
  if (typeof v === 'number') return String(v);
  // New values by name (`now` of a settings change): 评论开关 否、网站名称 青川资讯.
  if (key === 'now' && isRecord(v))
    return Object.entries(v)
      .map(([k, x]) => `${fieldLabels[k] ?? k} ${valueText(k, x, w)}`)
      .join('、');
  if (isRecord(v)) return `（${pairsText(v, w)}）`;
  if (Array.isArray(v)) {
    if (!v.length) return d.none;
    // A changed number recorded as [before, after] (a gift's price and stock).
    if ((key === 'price' || key === 'stock') && v.length === 2 && v.every((x) => typeof x === 'number')) return `${v[0]} → ${v[1]}`;
    const fields = w.fields ?? fieldLabels;
    return v
      .map((x) => (key === 'changed' && typeof x === 'string' ? (own(fields, x) ?? x) : isRecord(x) ? `（${pairsText(x, w)}）` : valueText(key, x, w)))
      .join('、');
  }
  return String(v);
}

/** The entry's detail as short `名称：值` pairs (Chinese names where known); everything is escaped by the view. */
export function detailText(detail: Record<string, unknown>, action = ''): string {
  const w = wordsFor(action);
  return Object.entries(detail)
    .map(([k, v]) => `${keyText(k, w)}：${valueText(k, v, w)}`)
    .join('；')
    .slice(0, 300);
}

/** `广告 #7`, `会员 alice`: the target's kind in Chinese, then its name when known (members), else its id. */
export function targetText(type: string, id: number | null, name?: string): string {
  if (!type) return '';
  return `${d.targets[type] ?? type}${name ? ` ${name}` : id !== null ? ` #${id}` : ''}`;
}

function AuditView(p: { q: AuditQuery; items: AuditEntry[]; names: Map<number, string>; total: number; note?: string }): SafeHtml {
  const pages = Math.max(1, Math.ceil(p.total / PER_PAGE));
  return (
    <div class="admin-audit">
      <form method="get" action={HOME} class="filters" role="search">
        <label>
          <span>{s.what}</span>
          <select name="action">
            <option value="">{s.allActions}</option>
            {Object.entries(s.actionLabels).map(([code, label]) => (
              <option value={code} selected={code === p.q.action}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{s.member}</span>
          <input name="member" value={p.q.member} maxlength={32} />
        </label>
        <button type="submit" class="btn primary">
          {s.filter}
        </button>
        <a class="btn" href={HOME}>
          {s.reset}
        </a>
      </form>
      {p.note ? <p class="flash error">{p.note}</p> : null}
      <Total n={p.total} />
      {p.items.length ? (
        <div class="table-wrap">
          <table class="table audit">
            <thead>
              <tr>
                <th>{s.when}</th>
                <th>{s.who}</th>
                <th>{s.what}</th>
                <th>{s.target}</th>
                <th>{s.detail}</th>
                <th>{s.ip}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((e) => (
                <tr>
                  <td class="nowrap">{formatDateTime(e.createdAt)}</td>
                  <td>{e.actorId === null ? s.system : (p.names.get(e.actorId) ?? `#${e.actorId}`)}</td>
                  <td title={e.action}>{s.actionLabels[e.action] ?? e.action}</td>
                  <td class="nowrap">
                    {targetText(e.targetType, e.targetId, e.targetType === 'member' && e.targetId !== null ? p.names.get(e.targetId) : undefined)}
                  </td>
                  <td class="detail">{detailText(e.detail, e.action)}</td>
                  <td class="nowrap">
                    <code>{e.ip}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.empty}</p>
      )}
      <Pagination page={p.q.page} pages={pages} urlFor={(n) => urlOf(p.q, n)} />
    </div>
  );
}

/** 操作日志 (admins): every staff action, newest first, filtered by action and by who did it. */
export function registerAdminAudit(app: FastifyInstance, deps: AdminDeps): void {
  app.get(HOME, async (req, reply) => {
    const me = await deps.guards.admin(req);
    const q = parseQuery(req.query);
    const who = q.member ? await deps.members.byUsername(q.member) : undefined;
    const note = q.member && !who ? format(s.unknownMember, { name: q.member }) : undefined;
    const { items, total } = await deps.audit.list({
      limit: PER_PAGE,
      offset: (q.page - 1) * PER_PAGE,
      ...(q.action ? { action: q.action } : {}),
      ...(q.member ? { actorId: who?.id ?? -1 } : {}),
    });
    // Actors and member targets (points adjustments, bans, roles) by username.
    const ids = items.flatMap((e) => [...(e.actorId === null ? [] : [e.actorId]), ...(e.targetType === 'member' && e.targetId !== null ? [e.targetId] : [])]);
    const names = new Map([...(await deps.members.byIds([...new Set(ids)])).entries()].map(([id, m]) => [id, m.username]));
    const body = <AuditView q={q} items={items} names={names} total={total} note={note} />;
    return deps.console.admin(req, reply, me, { title: s.audit, current: HOME, body });
  });
}
