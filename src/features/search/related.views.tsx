import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, Select, type FormErrors } from '../../platform/html/forms.tsx';
import { t } from '../../strings/index.ts';
import { urls } from '../articles/index.ts';
import type { RelatedOverride } from './related.service.ts';

const s = t.related;

export interface RelatedAdminProps {
  articleId: number;
  list: Array<{ id: number; title: string }> | undefined;
  overrides: Array<RelatedOverride & { title: string }>;
  csrf: string;
  values?: { relatedId: string; action: string };
  errors?: FormErrors;
  message?: string;
  /** Where to return after saving (the review page); otherwise this form's own page. */
  back?: string;
}

/** The small pin/exclude form with the current list; used on its own page and on the review page. */
export function RelatedOverridesForm(p: RelatedAdminProps): SafeHtml {
  const v = p.values ?? { relatedId: '', action: 'pin' };
  const e = p.errors ?? {};
  return (
    <section class="related-admin" id="related">
      <link rel="stylesheet" href="/static/related.css" />
      <h2>{s.relatedHeading}</h2>
      <ErrorSummary message={p.message} errors={p.errors} />
      <p>{p.list ? s.relatedComputed : s.relatedNone}</p>
      {p.list?.length ? (
        <ol class="related-list">
          {p.list.map((a) => (
            <li>
              <a href={urls.article(a.id)}>{a.title}</a> <small>#{a.id}</small>
            </li>
          ))}
        </ol>
      ) : null}
      <h3>{s.overridesHeading}</h3>
      {p.overrides.length ? (
        <ul class="related-overrides">
          {p.overrides.map((o) => (
            <li>
              {o.action === 'pin' ? s.pinned : s.excluded}：<a href={urls.article(o.relatedId)}>{o.title || `#${o.relatedId}`}</a> <small>#{o.relatedId}</small>
            </li>
          ))}
        </ul>
      ) : (
        <p>{s.noOverrides}</p>
      )}
      <Form action={`/admin/related/${p.articleId}`} csrf={p.csrf} class="form related-form">
        {p.back ? <input type="hidden" name="back" value={p.back} /> : null}
        <Field name="relatedId" label={s.fieldRelatedId} value={v.relatedId} error={e.relatedId} hint={s.hintRelatedId} maxlength={10} />
        <Select
          name="action"
          label={s.fieldAction}
          value={v.action}
          error={e.action}
          options={Object.entries(s.actions).map(([value, label]) => ({ value, label }))}
        />
        <p class="form-actions">
          <button type="submit" class="btn">
            {s.btnSave}
          </button>
        </p>
      </Form>
    </section>
  );
}
