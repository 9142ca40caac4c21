import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { assetUrl } from '../../platform/html/asset-url.ts';
import { ErrorSummary, Field, Form, Select, type FormErrors } from '../../platform/html/forms.tsx';
import { format, t } from '../../strings/index.ts';
import { urls } from '../articles/index.ts';
import type { RelatedOverride } from './related.service.ts';
import { RELATED_FLOOR } from './related.text.ts';

const s = t.related;

/** An entry of the shown list: its similarity score (0: filled from the same category), or pinned. */
export interface RelatedEntry {
  id: number;
  title: string;
  score?: number;
  pinned?: boolean;
}

export interface RelatedAdminProps {
  articleId: number;
  list: RelatedEntry[] | undefined;
  /** Each override with the article's title and, when it is not public now, its state (草稿, 定时发布, 已删除 …); each can be removed. */
  overrides: Array<RelatedOverride & { title: string; notPublic?: string; deleted?: boolean }>;
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
      <link rel="stylesheet" href={assetUrl('related.css')} />
      <h2>{s.relatedHeading}</h2>
      <ErrorSummary message={p.message} errors={p.errors} />
      <p>{p.list ? format(s.relatedComputed, { floor: RELATED_FLOOR }) : s.relatedNone}</p>
      {p.list?.length ? (
        <ol class="related-list">
          {p.list.map((a) => (
            <li>
              <a href={urls.article(a.id)}>{a.title}</a> <small>#{a.id}</small>{' '}
              <small class="score">
                {a.pinned ? s.pinnedMark : a.score === undefined ? '' : a.score > 0 ? format(s.score, { score: a.score.toFixed(2) }) : s.filler}
              </small>
            </li>
          ))}
        </ol>
      ) : null}
      <h3>{s.overridesHeading}</h3>
      {p.overrides.length ? (
        <ul class="related-overrides">
          {p.overrides.map((o) => (
            <li>
              {o.action === 'pin' ? s.pinned : s.excluded}：
              {o.deleted ? <span class="deleted">{o.title || s.errNoArticle}</span> : <a href={urls.article(o.relatedId)}>{o.title || s.errNoArticle}</a>}{' '}
              <small>#{o.relatedId}</small>
              {o.notPublic ? <strong class="not-public">{o.notPublic}</strong> : null}{' '}
              <Form action={`/admin/related/${p.articleId}`} csrf={p.csrf} class="inline-form">
                {p.back ? <input type="hidden" name="back" value={p.back} /> : null}
                <input type="hidden" name="relatedId" value={String(o.relatedId)} />
                <input type="hidden" name="action" value="clear" />
                <button type="submit" class="btn small">
                  {o.action === 'pin' ? s.btnUnpin : s.btnUnexclude}
                </button>
              </Form>
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
