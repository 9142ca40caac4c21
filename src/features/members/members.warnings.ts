import type { Audit } from '../audit/index.ts';

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
  const found: Array<{ at: string; actorId: number | null; reason: string }> = [];
  for (let page = 0; page < MAX_PAGES && found.length < expected; page++) {
    const { items } = await audit.list({ action: 'member.warn', limit: PAGE, offset: page * PAGE });
    for (const e of items) {
      if (e.targetType !== 'member' || e.targetId !== memberId) continue;
      found.push({ at: e.createdAt, actorId: e.actorId, reason: typeof e.detail.reason === 'string' ? e.detail.reason : '' });
    }
    if (items.length < PAGE) break;
  }
  const names = new Map<number, string>();
  for (const id of new Set(found.map((f) => f.actorId).filter((x): x is number => x !== null))) names.set(id, (await nameOf(id)) ?? '');
  return found.map((f) => ({ at: f.at, by: f.actorId === null ? '' : (names.get(f.actorId) ?? ''), reason: f.reason }));
}
