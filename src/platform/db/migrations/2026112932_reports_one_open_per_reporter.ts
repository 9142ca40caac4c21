import { sql, type Kysely } from 'kysely';

/**
 * One open report per member and target: a unique partial index on the open reports of members, keyed by
 * (reporter, target type, URL, target id; a URL report has no target id, so it counts as 0 to be compared
 * at all). The service's check before its insert let a double submit through; now the index decides and
 * the loser is told 「您已经举报过这条内容」. Guests' reports (no reporter) are not in it: an IP address is
 * not a person (offices, campuses and mobile carriers share one), and guests are held by the rate limit.
 *
 * A live site may hold such duplicates already. They are merged into the member's earliest open report
 * on the target (the one the index keeps): what a later one says that the earliest does not — its reason
 * when another (as 【侵权】) and its description — is added to the earliest's description, kept within the
 * form's 1000 characters, and the later rows go. They are all open, so no decision, audit entry or
 * message names them; the member's 我的举报 and the queue's 举报次数 then count one report, as they would
 * have without the double submit.
 */

/** The reasons in words as the form showed them when this migration was written (a migration never changes). */
const REASON_WORDS: Record<string, string> = {
  false_info: '不实信息',
  infringement: '侵权',
  obscene: '色情低俗',
  advert: '广告',
  illegal: '违法违规',
  other: '其他',
};
/** The report form's limit on a description (reports.schema.ts DESCRIPTION_MAX when written). */
const DESCRIPTION_MAX = 1000;

/** At most `max` UTF-16 units (as the form counts), not splitting a character, marked when cut. */
function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ id: number | string; k: string; reason: string; description: string }>`
    select r.id, r.reason, r.description,
      cast(r.reporter_id as varchar(20)) || '|' || r.target_type || '|' || cast(coalesce(r.target_id, 0) as varchar(20)) || '|' || r.url as k
    from reports r
    where r.status = 'open' and r.reporter_id is not null and exists (
      select 1 from reports d
      where d.status = 'open' and d.reporter_id = r.reporter_id and d.target_type = r.target_type
        and coalesce(d.target_id, 0) = coalesce(r.target_id, 0) and d.url = r.url and d.id <> r.id
    )
    order by r.id`.execute(db);
  const kept = new Map<string, { id: number; reason: string; texts: string[]; merged: boolean }>();
  const drop: number[] = [];
  for (const r of rows.rows) {
    const id = Number(r.id);
    const first = kept.get(r.k);
    if (!first) {
      kept.set(r.k, { id, reason: r.reason, texts: [r.description.trim()], merged: false });
      continue;
    }
    drop.push(id);
    // Another reason is named with what it said; the same reason's words only when they are new.
    const text =
      r.reason === first.reason
        ? r.description.trim()
        : `【${Object.hasOwn(REASON_WORDS, r.reason) ? REASON_WORDS[r.reason] : r.reason}】${r.description.trim()}`;
    if (text && !first.texts.includes(text)) {
      first.texts.push(text);
      first.merged = true;
    }
  }
  for (const { id, texts, merged } of kept.values()) {
    if (merged) await sql`update reports set description = ${capped(texts.filter(Boolean).join('\n\n'), DESCRIPTION_MAX)} where id = ${id}`.execute(db);
  }
  for (let i = 0; i < drop.length; i += 500) {
    const chunk = drop.slice(i, i + 500);
    await sql`delete from reports where id in (${sql.join(chunk)})`.execute(db);
  }
  await sql`create unique index reports_open_per_reporter on reports (reporter_id, target_type, url, (coalesce(target_id, 0)))
    where status = 'open' and reporter_id is not null`.execute(db);
}
