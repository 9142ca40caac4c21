import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { memoCopy } from '../../platform/cache/shared-memos.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { defaultSettings, SettingsPatchSchema, SettingsSchema, type Settings } from './settings.schema.ts';

/**
 * A renamed static page's former slugs → its current slug (their old URLs answer with a 301). Kept under
 * its own key in the settings table, outside `SettingsSchema`: the form and the API never show or write it.
 */
const OLD_SLUGS_KEY = 'pageOldSlugs';
const MAX_OLD_SLUGS = 500;
const OldSlugsSchema = z.record(z.string(), z.string());

/** The footer hrefs that point at a static page (desktop and phone). */
const pageHrefs = (slug: string) => [`/page/${slug}.html`, `/mobile/page/${slug}.html`];

/** Settings are read on every page: cached in memory, reloaded after a write. */
export function createSettings(deps: { db: Db; clock: Clock; onChange?: () => void }) {
  const { db, clock } = deps;
  // In-memory copies, dropped after a write here and on every page-cache clear (another instance's write).
  const current = memoCopy(async (): Promise<Settings> => {
    const rows = await db.selectFrom('settings').selectAll().execute();
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const r of rows) {
      try {
        merged[r.key] = JSON.parse(r.value);
      } catch {
        /* a corrupt row falls back to the default */
      }
    }
    // A stored value the schema no longer accepts falls back on its own: never the whole site at once
    // (its name, ICP number, 关闭网站 and the rest would silently become the defaults).
    let parsed = SettingsSchema.safeParse(merged);
    for (let tries = 0; !parsed.success && tries < 3; tries++) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (typeof key === 'string' && Object.hasOwn(defaultSettings, key)) merged[key] = defaultSettings[key as keyof Settings];
      }
      parsed = SettingsSchema.safeParse(merged);
    }
    return parsed.success ? parsed.data : defaultSettings;
  });
  const oldSlugs = memoCopy(async (): Promise<Record<string, string>> => {
    const row = await db.selectFrom('settings').select('value').where('key', '=', OLD_SLUGS_KEY).executeTakeFirst();
    try {
      return row ? OldSlugsSchema.parse(JSON.parse(row.value)) : {};
    } catch {
      return {}; // a corrupt row redirects nothing
    }
  });
  const get = () => current.get();
  const pageOldSlugs = () => oldSlugs.get();

  /** Writes validated values in one transaction: all or nothing. */
  async function write(values: Record<string, unknown>): Promise<void> {
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) continue;
        await trx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
          .execute();
      }
    });
    invalidate();
    deps.onChange?.();
  }

  /** Validate the whole patch first, then write it in one transaction: all or nothing. */
  async function update(patch: unknown): Promise<Settings> {
    await write(parseOrThrow(SettingsPatchSchema, patch));
    return get();
  }

  /** Where a former static-page slug now lives (after a rename), if anywhere. */
  async function pageRedirect(slug: string): Promise<string | undefined> {
    const map = await pageOldSlugs();
    return Object.hasOwn(map, slug) ? map[slug] : undefined;
  }

  /**
   * A static page was renamed: footer links to its old URL follow it, and the old slug redirects to the new
   * one (earlier slugs too). One write, which clears the page cache.
   */
  async function pageRenamed(from: string, to: string): Promise<void> {
    if (from === to) return;
    const s = await get();
    const [oldDesktop, oldMobile] = pageHrefs(from);
    const [newDesktop, newMobile] = pageHrefs(to);
    const footerLinks = s.footerLinks.map((l) => (l.href === oldDesktop ? { ...l, href: newDesktop } : l.href === oldMobile ? { ...l, href: newMobile } : l));
    const map: Record<string, string> = {};
    for (const [k, v] of Object.entries(await pageOldSlugs())) map[k] = v === from ? to : v;
    map[from] = to;
    delete map[to]; // the new slug is a live page again
    const entries = Object.entries(map);
    await write({ footerLinks, [OLD_SLUGS_KEY]: Object.fromEntries(entries.slice(Math.max(0, entries.length - MAX_OLD_SLUGS))) });
  }

  /** A static page was deleted: footer links to it are removed and its former slugs stop redirecting. */
  async function pageRemoved(slug: string): Promise<void> {
    const s = await get();
    const hrefs = pageHrefs(slug);
    const footerLinks = s.footerLinks.filter((l) => !hrefs.includes(l.href));
    const old = await pageOldSlugs();
    const map = Object.fromEntries(Object.entries(old).filter(([k, v]) => v !== slug && k !== slug));
    if (footerLinks.length === s.footerLinks.length && Object.keys(map).length === Object.keys(old).length) return;
    await write({ footerLinks, [OLD_SLUGS_KEY]: map });
  }

  /** The footer links (from the settings) that point at a static page. */
  async function footerLinksTo(slug: string): Promise<Settings['footerLinks']> {
    const hrefs = pageHrefs(slug);
    return (await get()).footerLinks.filter((l) => hrefs.includes(l.href));
  }

  /** Drop the in-memory copy (another instance wrote): the next read goes to the database. */
  function invalidate(): void {
    current.drop();
    oldSlugs.drop();
  }

  return { get, update, pageRedirect, pageRenamed, pageRemoved, footerLinksTo, invalidate };
}

export type SettingsService = ReturnType<typeof createSettings>;
