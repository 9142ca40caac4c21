import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import type { Member } from '../members/index.ts';
import { registerSiteClosedGate } from './admin.settings.closed.ts';
import { dropOwnLogo, registerAdminSettingsLogo } from './admin.settings.logo.ts';
import {
  changedKeys,
  changedLengths,
  changedValues,
  patchFromValues,
  valuesFromForm,
  valuesFromSettings,
  type SettingsFormValues,
} from './admin.settings.form.ts';
import { actor, flashOf, formOf, s, seeOther, topLevel, type AdminDeps } from './admin.shared.tsx';
import { LogoBox, SettingsFormView } from './views/settings-form.tsx';

const HOME = '/admin/settings';
const lengthsOf = (l: Record<string, string>) => (Object.keys(l).length ? { lengths: l } : {});

/** 网站设置 (admins): every site setting in one form, saved all or nothing; the page cache is cleared. */
export function registerAdminSettings(app: FastifyInstance, deps: AdminDeps): void {
  const { guards, settings, audit } = deps;

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, v: SettingsFormValues, errors: FormErrors = {}, logoError?: string) {
    const pageLinks = await deps.pages.footerLinks();
    const csrf = deps.console.csrf(req, reply);
    const logoUrl = (await settings.get()).logoUrl;
    const body = (
      <>
        <LogoBox logoUrl={logoUrl} csrf={csrf} error={logoError} />
        <SettingsFormView v={v} errors={errors} csrf={csrf} pageLinks={pageLinks} />
      </>
    );
    return deps.console.admin(req, reply, me, {
      title: s.settings,
      current: HOME,
      body,
      flash: flashOf(req.query),
      status: Object.keys(errors).length || logoError ? 422 : 200,
    });
  }

  // 关闭网站 (the gate in front of every route) and 上传 / 删除 Logo.
  registerSiteClosedGate(app, deps);
  registerAdminSettingsLogo(app, deps, HOME, async (req, reply, me, logoError) =>
    render(req, reply, me, valuesFromSettings(await settings.get()), {}, logoError),
  );

  app.get(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    return render(req, reply, me, valuesFromSettings(await settings.get()));
  });

  app.post(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const values = valuesFromForm(formOf(req.body));
    const parsed = patchFromValues(values);
    if (!parsed.ok) return render(req, reply, me, values, parsed.errors);
    const before = await settings.get();
    let after;
    try {
      after = await settings.update(parsed.patch);
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, me, values, topLevel(e.fields));
      throw e;
    }
    const changed = changedKeys(before, after);
    await audit.record({
      ...actor(req, me),
      action: 'settings.update',
      targetType: 'settings',
      detail: { changed, now: changedValues(after, changed), ...lengthsOf(changedLengths(before, after, changed)) },
    });
    // An uploaded logo replaced by a typed URL: its file goes.
    if (before.logoUrl !== after.logoUrl) await dropOwnLogo(deps.storage, before.logoUrl);
    return seeOther(reply, `${HOME}?ok=saved`);
  });
}
