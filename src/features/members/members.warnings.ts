import type { Audit, AuditEntry } from '../audit/index.ts';

export interface AdminWarning {
  at: string;
  /** The staff member's username (or '' when the account is gone). */
  by: string;
  reason: string;
}

const PAGE = 200;
const MAX_PAGES = 10;

/**
 * A member's warnings as the audit log recorded them (`member.warn`, reason in the detail), newest first.
 * The audit log is read by action and filtered here: it has no target filter (see the report), and
 * warnings are rare, so the scan stops once the member's `expected` warnings are found.
 */
export async function listWarnings(
  audit: Pick<Audit, 'list'>,
  memberId: number,
  expected: number,
  nameOf: (id: number) => Promise<string | undefined>,
): Promise<AdminWarning[]> {
  if (expected <= 0) return [];
  // Warnings taken back (a report decision reversed) are left out: the member's count no longer has them.
  const withdrawn = new Set<number>();
  for await (const e of entriesOf(audit, 'member.warn_withdraw', memberId)) if (typeof e.detail.warnId === 'number') withdrawn.add(e.detail.warnId);
  const found: Array<{ at: string; actorId: number | null; reason: string }> = [];
  for (let page = 0; page < MAX_PAGES && found.length < expected; page++) {
    const { items } = await audit.list({ action: 'member.warn', limit: PAGE, offset: page * PAGE });
    for (const e of items) {
      if (e.targetType !== 'member' || e.targetId !== memberId || withdrawn.has(e.id)) continue;
      found.push({ at: e.createdAt, actorId: e.actorId, reason: typeof e.detail.reason === 'string' ? e.detail.reason : '' });
    }
    if (items.length < PAGE) break;
  }
  const names = new Map<number, string>();
  for (const id of new Set(found.map((f) => f.actorId).filter((x): x is number => x !== null))) names.set(id, (await nameOf(id)) ?? '');
  return found.map((f) => ({ at: f.at, by: f.actorId === null ? '' : (names.get(f.actorId) ?? ''), reason: f.reason }));
}

/** The audit entries of one action about one member, newest first (the scan is bounded like the list's). */
async function* entriesOf(audit: Pick<Audit, 'list'>, action: string, memberId: number): AsyncGenerator<AuditEntry> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items } = await audit.list({ action, limit: PAGE, offset: page * PAGE });
    for (const e of items) if (e.targetType === 'member' && e.targetId === memberId) yield e;
    if (items.length < PAGE) return;
  }
}
