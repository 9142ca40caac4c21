import type { Audit } from '../audit/index.ts';
import { SettingsPatchSchema, type Settings, type SettingsService } from '../settings/index.ts';
import { apiActor, jsonObject, parseWith, type ApiRoute } from './api.route.ts';

/** Keys whose value differs (for the audit entry, like the console's). */
function changedKeys(before: Settings, after: Settings): string[] {
  return (Object.keys(after) as Array<keyof Settings>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** Site settings: admins only, both ways (they include contact details and switches). */
export function settingsRoutes(deps: { settings: SettingsService; audit: Audit }): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/settings',
      tag: 'settings',
      summary: 'Get the site settings',
      access: 'admin',
      responses: [{ status: 200, description: 'All settings', schema: 'Settings' }],
      async handler() {
        return deps.settings.get();
      },
    },
    {
      method: 'PATCH',
      path: '/settings',
      tag: 'settings',
      summary: 'Change some settings (validated together; all or nothing)',
      access: 'admin',
      body: 'SettingsPatch',
      responses: [{ status: 200, description: 'All settings after the change', schema: 'Settings' }],
      async handler(req, _reply, me) {
        const patch = parseWith(SettingsPatchSchema, jsonObject(req));
        const before = await deps.settings.get();
        const after = await deps.settings.update(patch);
        const detail = { changed: changedKeys(before, after), via: 'api' };
        await deps.audit.record({ ...apiActor(req, me), action: 'settings.update', targetType: 'settings', detail });
        return after;
      },
    },
  ];
}
