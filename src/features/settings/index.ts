export { createSettings, type SettingsService } from './settings.service.ts';
export { createChromeBuilder, type ChromeBuilder } from './chrome.ts';
export { SettingsSchema, SettingsPatchSchema, defaultSettings, ANALYTICS_MAX, type Settings } from './settings.schema.ts';
