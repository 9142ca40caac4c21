import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { Checkbox, ErrorSummary, Field, Form, type FormErrors } from '../../../platform/html/forms.tsx';
import { formatDateTime } from '../../articles/index.ts';
import type { StaticPage } from '../../pages/index.ts';
import { s, Total } from '../admin.shared.tsx';
import { RichBodyField } from './rich-body.tsx';

export interface PageFormValues {
  slug: string;
  title: string;
  body: string;
  sortOrder: string;
  inFooter: boolean;
}

/** `inSettings`: the page is also one of the footer links in 网站设置 (the footer shows it once). */
export function PageListView({ pages, inSettings }: { pages: StaticPage[]; inSettings: (slug: string) => boolean }): SafeHtml {
  return (
    <div class="admin-pages">
      <p class="toolbar">
        <a class="btn primary" href="/admin/pages/new">
          {s.newPage}
        </a>
      </p>
      <p class="hint">{s.p.footerSources}</p>
      <Total n={pages.length} />
      {pages.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{s.p.title}</th>
                <th>{s.p.slug}</th>
                <th>{s.p.sortOrder}</th>
                <th>{s.p.inFooter}</th>
                <th>{s.p.updatedAt}</th>
                <th>{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              {pages.map((p) => (
                <tr>
                  <td class="title">
                    <a href={`/admin/pages/${p.slug}/edit`}>{p.title}</a>
                  </td>
                  <td>
                    <code>{p.slug}</code>
                  </td>
                  <td class="num">{p.sortOrder}</td>
                  <td>{p.inFooter ? s.p.footerFromPage : inSettings(p.slug) ? s.p.footerFromSettings : s.no}</td>
                  <td class="nowrap">{formatDateTime(p.updatedAt)}</td>
                  <td>
                    <div class="row-actions">
                      <a class="btn small" href={`/admin/pages/${p.slug}/edit`}>
                        {s.edit}
                      </a>
                      <a class="btn small" href={`/page/${p.slug}.html`} target="_blank" rel="noopener">
                        {s.view}
                      </a>
                      <a class="btn small danger" href={`/admin/pages/${p.slug}/delete`}>
                        {s.delete}
                      </a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.empty}</p>
      )}
    </div>
  );
}

export function PageFormView(p: { action: string; values: PageFormValues; errors: FormErrors; csrf: string }): SafeHtml {
  const { values: v, errors: e } = p;
  return (
    <Form action={p.action} csrf={p.csrf} class="form wide">
      <ErrorSummary message={Object.keys(e).length ? s.formInvalid : undefined} errors={e} />
      <Field name="title" label={s.p.title} value={v.title} error={e.title} required maxlength={100} />
      <Field name="slug" label={s.p.slug} value={v.slug} error={e.slug} hint={s.p.slugHint} required maxlength={63} />
      <RichBodyField label={s.p.body} value={v.body} error={e.body} hint={s.f.bodyHint} pagebreak={false} />
      <div class="field-row">
        <Field name="sortOrder" type="number" label={s.p.sortOrder} value={v.sortOrder} error={e.sortOrder} hint={s.c.sortHint} />
      </div>
      <Checkbox name="inFooter" label={s.p.inFooter} checked={v.inFooter} />
      <p class="hint">{s.p.inFooterHint}</p>
      <div class="form-actions">
        <button type="submit" class="btn primary">
          {s.save}
        </button>
        <a class="btn" href="/admin/pages/">
          {s.back}
        </a>
      </div>
    </Form>
  );
}
