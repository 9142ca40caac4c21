import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../platform/validation.ts';
import { SettingsPatchSchema, SettingsSchema } from './settings.schema.ts';

test('links are refused when protocol-relative or with backslashes (browsers read `/\\host` as `//host`)', () => {
  for (const href of [
    '//evil.example/',
    '/\\evil.example/',
    '/\\/evil.example/',
    '\\\\evil.example',
    'https:\\\\evil.example',
    'https://ok.example/a\\b',
    '/a b',
  ]) {
    for (const patch of [{ footerLinks: [{ label: '链接', href }] }, { logoUrl: href }, { icpUrl: href }]) {
      const r = check(SettingsPatchSchema, patch);
      assert.equal(r.ok, false, `${JSON.stringify(patch)} is refused`);
    }
  }
  for (const href of ['/', '/page/about.html', 'https://beian.miit.gov.cn/', 'http://partner.example/a?b=c#d']) {
    assert.equal(check(SettingsPatchSchema, { footerLinks: [{ label: '链接', href }] }).ok, true, href);
  }
});

test('footer link items are strict: an unknown field is named, not silently dropped', () => {
  const r = check(SettingsPatchSchema, {
    footerLinks: [
      { label: '首页', href: '/' },
      { label: '关于', href: '/page/about.html', target: '_blank' },
    ],
  });
  assert.equal(r.ok, false);
  assert.deepEqual(r.ok ? {} : Object.keys(r.fields), ['footerLinks.1.target']);
  // Stored settings are read leniently: an extra key in a stored row does not throw away every setting.
  assert.equal(SettingsSchema.shape.footerLinks.safeParse([{ label: '首页', href: '/', old: 1 }]).success, true);
});
