import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { t } from '../../strings/index.ts';
import type { Role } from './members.roles.ts';

/** A member group (会员组): the submission limits shared by its members. */
export interface MemberGroup {
  id: number;
  name: string;
  dailyQuota: number;
  minIntervalSec: number;
  needsReview: boolean;
  createdAt: string;
  /** The group new members join (the oldest one). */
  isDefault: boolean;
}

/** What the submissions feature enforces for one member. */
export interface SubmissionLimits {
  dailyQuota: number;
  minIntervalSec: number;
  needsReview: boolean;
}

const s = t.members;
const intField = (max: number, message: string) =>
  z.coerce.number({ error: message }).int({ error: message }).min(0, { error: message }).max(max, { error: message });

export const GroupInputSchema = z.object({
  name: z.string().trim().min(1, { error: s.errGroupName }).max(32, { error: s.errGroupName }),
  dailyQuota: intField(1000, s.errQuota),
  minIntervalSec: intField(86400, s.errInterval),
  needsReview: z.preprocess((v) => v === true || v === '1' || v === 'on', z.boolean()),
});
export type GroupInput = z.output<typeof GroupInputSchema>;

/** Built-in groups, created when there are none: the first is the default for new members. */
const DEFAULT_GROUPS = [
  { name: s.defaultGroupName, daily_quota: 10, min_interval_sec: 60, needs_review: 1 },
  { name: s.trustedGroupName, daily_quota: 30, min_interval_sec: 30, needs_review: 0 },
];

type Row = { id: number; name: string; daily_quota: number; min_interval_sec: number; needs_review: number; created_at: string };

export function createMemberGroups(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const cols = ['id', 'name', 'daily_quota', 'min_interval_sec', 'needs_review', 'created_at'] as const;
  const toGroup = (r: Row, defaultId: number | undefined): MemberGroup => ({
    id: r.id,
    name: r.name,
    dailyQuota: r.daily_quota,
    minIntervalSec: r.min_interval_sec,
    needsReview: r.needs_review === 1,
    createdAt: r.created_at,
    isDefault: r.id === defaultId,
  });

  /** Creates the built-in groups when the table is empty (safe to race: names are unique). */
  async function ensureDefaults(trx: Db = db): Promise<void> {
    const any = await trx.selectFrom('member_groups').select('id').limit(1).executeTakeFirst();
    if (any) return;
    const now = clock.now().toISOString();
    for (const g of DEFAULT_GROUPS) {
      await trx
        .insertInto('member_groups')
        .values({ ...g, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    }
  }

  async function defaultGroup(trx: Db = db): Promise<MemberGroup> {
    await ensureDefaults(trx);
    const r = await trx.selectFrom('member_groups').select(cols).orderBy('id').limit(1).executeTakeFirstOrThrow();
    return toGroup(r, r.id);
  }

  async function list(): Promise<Array<MemberGroup & { memberCount: number }>> {
    await ensureDefaults();
    const rows = await db.selectFrom('member_groups').select(cols).orderBy('id').execute();
    const counts = await db
      .selectFrom('members')
      .select(['group_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('group_id')
      .execute();
    const byGroup = new Map(counts.map((c) => [c.group_id, toNumber(c.n)]));
    const defaultId = rows[0]?.id;
    // Members without a group belong to the default one.
    return rows.map((r) => ({ ...toGroup(r, defaultId), memberCount: (byGroup.get(r.id) ?? 0) + (r.id === defaultId ? (byGroup.get(null) ?? 0) : 0) }));
  }

  async function byId(id: number, trx: Db = db): Promise<MemberGroup | undefined> {
    const r = await trx.selectFrom('member_groups').select(cols).where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const first = await trx.selectFrom('member_groups').select('id').orderBy('id').limit(1).executeTakeFirst();
    return toGroup(r, first?.id);
  }

  async function nameTaken(trx: Db, name: string, exceptId?: number): Promise<boolean> {
    let q = trx.selectFrom('member_groups').select('id').where('name', '=', name);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return !!(await q.executeTakeFirst());
  }

  async function create(raw: unknown, trx: Db = db): Promise<MemberGroup> {
    const g = parseOrThrow(GroupInputSchema, raw);
    if (await nameTaken(trx, g.name)) throw new ValidationError({ name: s.errGroupNameTaken });
    const r = await trx
      .insertInto('member_groups')
      .values({
        name: g.name,
        daily_quota: g.dailyQuota,
        min_interval_sec: g.minIntervalSec,
        needs_review: g.needsReview ? 1 : 0,
        created_at: clock.now().toISOString(),
      })
      .returning(cols)
      .executeTakeFirstOrThrow();
    return toGroup(r, undefined);
  }

  async function update(id: number, raw: unknown, trx: Db = db): Promise<MemberGroup> {
    const g = parseOrThrow(GroupInputSchema, raw);
    if (!(await byId(id, trx))) throw new NotFoundError(t.members.errGroupNotFound, 'group_not_found');
    if (await nameTaken(trx, g.name, id)) throw new ValidationError({ name: s.errGroupNameTaken });
    await trx
      .updateTable('member_groups')
      .set({ name: g.name, daily_quota: g.dailyQuota, min_interval_sec: g.minIntervalSec, needs_review: g.needsReview ? 1 : 0 })
      .where('id', '=', id)
      .execute();
    return (await byId(id, trx)) as MemberGroup;
  }

  /**
   * The submission limits of a member: those of their group (the default group when they have none).
   * Trusted members and staff never need review, whatever their group says.
   */
  async function limitsFor(member: { id: number; role: Role }): Promise<SubmissionLimits> {
    const row = await db
      .selectFrom('members')
      .leftJoin('member_groups', 'member_groups.id', 'members.group_id')
      .select(['member_groups.daily_quota', 'member_groups.min_interval_sec', 'member_groups.needs_review'])
      .where('members.id', '=', member.id)
      .executeTakeFirst();
    const g =
      row && row.daily_quota !== null && row.min_interval_sec !== null && row.needs_review !== null
        ? { dailyQuota: row.daily_quota, minIntervalSec: row.min_interval_sec, needsReview: row.needs_review === 1 }
        : await defaultGroup();
    return { dailyQuota: g.dailyQuota, minIntervalSec: g.minIntervalSec, needsReview: member.role === 'member' ? g.needsReview : false };
  }

  /** The id of the member's group (the default group when they have none); undefined for an unknown member. */
  async function groupIdOf(memberId: number): Promise<number | undefined> {
    const r = await db.selectFrom('members').select('group_id').where('id', '=', memberId).executeTakeFirst();
    if (!r) return undefined;
    return r.group_id ?? (await defaultGroup()).id;
  }

  return { ensureDefaults, defaultGroup, list, byId, create, update, limitsFor, groupIdOf };
}

export type MemberGroups = ReturnType<typeof createMemberGroups>;
