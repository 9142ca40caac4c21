import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { defaultSettings, SettingsPatchSchema, SettingsSchema, type Settings } from './settings.schema.ts';

/** Settings are read on every page: cached in memory, reloaded after a write. */
export function createSettings(deps: { db: Db; clock: Clock; onChange?: () => void }) {
  const { db, clock } = deps;
  let cached: Settings | null = null;

  async function get(): Promise<Settings> {
    if (cached) return cached;
    const rows = await db.selectFrom('settings').selectAll().execute();
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const r of rows) {
      try {
        merged[r.key] = JSON.parse(r.value);
      } catch {
        /* a corrupt row falls back to the default */
      }
    }
    const parsed = SettingsSchema.safeParse(merged);
    cached = parsed.success ? parsed.data : defaultSettings;
    return cached;
  }

  /** Validate the whole patch first, then write it in one transaction: all or nothing. */
  async function update(patch: unknown): Promise<Settings> {
    const parsed = { data: parseOrThrow(SettingsPatchSchema, patch) };
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(parsed.data)) {
        if (value === undefined) continue;
        await trx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
          .execute();
      }
    });
    cached = null;
    deps.onChange?.();
    return get();
  }

  return { get, update };
}

export type SettingsService = ReturnType<typeof createSettings>;
