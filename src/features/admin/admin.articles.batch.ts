import { format } from '../../strings/index.ts';
import { s } from './admin.shared.tsx';

/** At most this many articles per batch operation (a list page shows 20). */
export const BATCH_MAX = 100;

export type BatchOp =
  | { kind: 'move'; category: string }
  | { kind: 'level'; level: number }
  | { kind: 'verify'; verified: boolean }
  | { kind: 'publish' }
  | { kind: 'unpublish' }
  | { kind: 'delete' }
  /** 回收站: back as drafts, or back and published (恢复并发布). */
  | { kind: 'restore'; publish: boolean }
  /** 回收站: 彻底删除 (admins, after a confirmation page). */
  | { kind: 'purge' };

/** Operations the 回收站 accepts (every other one is refused for deleted articles). */
export const TRASH_OPS: ReadonlySet<BatchOp['kind']> = new Set(['move', 'restore', 'purge']);

/** The ticked ids (the `ids` fields) and the operation chosen, or what is wrong with them. */
export function parseBatch(body: unknown): { ok: true; ids: number[]; op: BatchOp } | { ok: false; error: string } {
  const f = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw = Array.isArray(f.ids) ? f.ids : f.ids === undefined ? [] : [f.ids];
  const ids = [...new Set(raw.filter((v): v is string => typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v)).map(Number))];
  if (!ids.length) return { ok: false, error: s.batch.errNone };
  if (ids.length > BATCH_MAX) return { ok: false, error: format(s.batch.errTooMany, { max: String(BATCH_MAX) }) };
  const op = typeof f.op === 'string' ? f.op : '';
  const category = typeof f.category === 'string' ? f.category.trim() : '';
  if (op === 'move') return category ? { ok: true, ids, op: { kind: 'move', category } } : { ok: false, error: s.batch.errCategory };
  const level = /^level:([0-3])$/.exec(op);
  if (level) return { ok: true, ids, op: { kind: 'level', level: Number(level[1]) } };
  if (op === 'verify' || op === 'unverify') return { ok: true, ids, op: { kind: 'verify', verified: op === 'verify' } };
  if (op === 'delete' || op === 'publish' || op === 'unpublish' || op === 'purge') return { ok: true, ids, op: { kind: op } };
  if (op === 'restore' || op === 'restore-publish') return { ok: true, ids, op: { kind: 'restore', publish: op === 'restore-publish' } };
  return { ok: false, error: s.batch.errOp };
}
