import { sql, type Kysely } from 'kysely';

/**
 * One open report per member and target: a unique partial index on the open reports of members, keyed by
 * (reporter, target type, URL, target id; a URL report has no target id, so it counts as 0 to be compared
 * at all). The service's check before its insert let a double submit through; now the index decides and
 * the loser is told 「您已经举报过这条内容」. Guests' reports (no reporter) are not in it: an IP address is
 * not a person (offices, campuses and mobile carriers share one), and guests are held by the rate limit.
 *
 * A live site may hold such duplicates already. They are merged into the member's earliest open report
 * on the target (the one the index keeps): a later one's description, when it says something else, is
 * added to the earliest's, and the later rows go. They are all open, so no decision, audit entry or
 * message names them; the member's 我的举报 and the queue's 举报次数 then count one report, as they would
 * have without the double submit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ id: number | string; k: string; description: string }>`
    select r.id, r.description,
      cast(r.reporter_id as varchar(20)) || '|' || r.target_type || '|' || cast(coalesce(r.target_id, 0) as varchar(20)) || '|' || r.url as k
    from reports r
    where r.status = 'open' and r.reporter_id is not null and exists (
      select 1 from reports d
      where d.status = 'open' and d.reporter_id = r.reporter_id and d.target_type = r.target_type
        and coalesce(d.target_id, 0) = coalesce(r.target_id, 0) and d.url = r.url and d.id <> r.id
    )
    order by r.id`.execute(db);
  const kept = new Map<string, { id: number; texts: string[] }>();
  const drop: number[] = [];
  for (const r of rows.rows) {
    const id = Number(r.id);
    const text = r.description.trim();
    const first = kept.get(r.k);
    if (!first) {
      kept.set(r.k, { id, texts: [text] });
      continue;
    }
    drop.push(id);
    if (text && !first.texts.includes(text)) first.texts.push(text);
  }
  for (const { id, texts } of kept.values()) {
    if (texts.length > 1) await sql`update reports set description = ${texts.filter(Boolean).join('\n\n')} where id = ${id}`.execute(db);
  }
  for (let i = 0; i < drop.length; i += 500) {
    const chunk = drop.slice(i, i + 500);
    await sql`delete from reports where id in (${sql.join(chunk)})`.execute(db);
  }
  await sql`create unique index reports_open_per_reporter on reports (reporter_id, target_type, url, (coalesce(target_id, 0)))
    where status = 'open' and reporter_id is not null`.execute(db);
}
