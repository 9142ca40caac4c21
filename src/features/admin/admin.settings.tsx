import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import type { Member } from '../members/index.ts';
import { changedKeys, changedValues, patchFromValues, valuesFromForm, valuesFromSettings, type SettingsFormValues } from './admin.settings.form.ts';
import { actor, flashOf, formOf, s, seeOther, topLevel, type AdminDeps } from './admin.shared.tsx';
import { SettingsFormView } from './views/settings-form.tsx';

const HOME = '/admin/settings';

/** 网站设置 (admins): every site setting in one form, saved all or nothing; the page cache is cleared. */
export function registerAdminSettings(app: FastifyInstance, deps: AdminDeps): void {
  const { guards, settings, audit } = deps;

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, v: SettingsFormValues, errors: FormErrors = {}) {
    const pageLinks = await deps.pages.footerLinks();
    const body = <SettingsFormView v={v} errors={errors} csrf={deps.console.csrf(req, reply)} pageLinks={pageLinks} />;
    return deps.console.admin(req, reply, me, {
      title: s.settings,
      current: HOME,
      body,
      flash: flashOf(req.query),
      status: Object.keys(errors).length ? 422 : 200,
    });
  }

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
    await audit.record({ ...actor(req, me), action: 'settings.update', targetType: 'settings', detail: { changed, now: changedValues(after, changed) } });
    return seeOther(reply, `${HOME}?ok=saved`);
  });
}
