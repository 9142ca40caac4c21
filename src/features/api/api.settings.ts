import { SettingsPatchSchema, type SettingsService } from '../settings/index.ts';
import { jsonObject, parseWith, type ApiRoute } from './api.route.ts';

/** Site settings: admins only, both ways (they include contact details and switches). */
export function settingsRoutes(deps: { settings: SettingsService }): ApiRoute[] {
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
      async handler(req) {
        return deps.settings.update(parseWith(SettingsPatchSchema, jsonObject(req)));
      },
    },
  ];
}
