// Deciding on a report group as a moderator does: the group's page is loaded, then its form is posted with
// the newest open report the page showed (`upTo`).
import type { Client } from '../../test/session.ts';

/**
 * The `upTo` the group's page gives its decision form now; when nothing is open any more (the page a
 * moderator still has open was made before), the report itself.
 */
export async function shownUpTo(c: Client, reportId: number): Promise<string> {
  const page = await c.get(`/admin/reports/${reportId}`);
  return /name="upTo" value="(\d+)"/.exec(page.body)?.[1] ?? String(reportId);
}

/** Loads the group's page and posts its decision form with `fields` (which may set `upTo` themselves). */
export async function decide(c: Client, reportId: number, fields: Record<string, string>) {
  return c.post(`/admin/reports/${reportId}`, { upTo: await shownUpTo(c, reportId), ...fields });
}
