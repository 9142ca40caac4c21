import { sql, type Kysely } from 'kysely';

/**
 * A unique index on lower(username): two sign-ups racing for `Zhang` and `zhang` can no longer both land.
 *
 * Older sites may already hold names differing only in case (2026112921 kept its index non-unique for
 * them). Start-up must not fail on them, and renaming someone's log-in name is not a migration's call.
 * So where such groups exist, the oldest account of each group stays in the index and the later ones
 * are left out of it by id (a partial index with a literal id list, valid on both dialects). Every
 * account created from now on is covered: it can never share a name in any case with anyone indexed,
 * and the indexed one of each old group holds that name. The old duplicates keep working (log-in
 * prefers the exact spelling) and are reported on the console, so the operator can rename them.
 *
 * The non-unique index from 2026112921 stays: a partial index does not serve plain lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Grouped on the database's lower() (k), not JS toLowerCase(): the two disagree beyond ASCII (SQLite's
  // lower() folds ASCII only), and the unique index below uses the database's.
  const rows = await sql<{ id: number | string; username: string; k: string }>`
    select id, username, lower(username) as k from members where lower(username) in (
      select lower(username) from members group by lower(username) having count(*) > 1
    ) order by id`.execute(db);
  const seen = new Set<string>();
  const later: number[] = [];
  for (const r of rows.rows) {
    if (seen.has(r.k)) later.push(Number(r.id));
    else seen.add(r.k);
  }
  const ids = later.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (!ids.length) {
    await sql`create unique index members_username_lower_unique on members (lower(username))`.execute(db);
    return;
  }
  console.warn(
    `members: ${ids.length} account(s) share a username with an older one ignoring case (${rows.rows.map((r) => r.username).join(', ')}); ` +
      'they keep working but are left out of the unique index members_username_lower_unique — rename them to fix.',
  );
  // Integers checked above: the list is inlined (index predicates take no bound parameters).
  await sql`create unique index members_username_lower_unique on members (lower(username)) where id not in (${sql.raw(ids.join(', '))})`.execute(db);
}
