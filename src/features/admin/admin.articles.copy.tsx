import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { Form } from '../../platform/html/forms.tsx';
import { t } from '../../strings/index.ts';
import type { CopyOf } from '../review/index.ts';
import type { ArticleFormValues } from './admin.articles.form.ts';
import { s } from './admin.shared.tsx';

/**
 * Publishing from the edit form was refused by review's copy check: the original, and a 仍然发布 button
 * that sends the same values again with `confirmCopy=1` (as the review page's checkbox does). A cover
 * uploaded with the refused request was not kept, so the editor is told to upload it again.
 */
export function CopyConfirm(p: { action: string; csrf: string; values: ArticleFormValues; copyOf: CopyOf; uploadDropped: boolean }): SafeHtml {
  const v = p.values;
  const fields: Record<string, string> = {
    title: v.title,
    subtitle: v.subtitle,
    summary: v.summary,
    body: v.body,
    category: v.category,
    tags: v.tags,
    cover: v.cover,
    source: v.source,
    sourceUrl: v.sourceUrl,
    recommendLevel: v.recommendLevel,
    status: v.status,
    publishedAt: v.publishedAt,
    ...(v.original ? { original: '1' } : {}),
    ...(v.verified ? { verified: '1' } : {}),
    // The SEO fields, 允许评论 and 跳转链接 typed in the refused post go along too (extrasShown says so).
    keywords: v.keywords,
    description: v.description,
    redirectUrl: v.redirectUrl,
    ...(v.allowComments ? { allowComments: '1' } : {}),
    extrasShown: '1',
    confirmCopy: '1',
  };
  return (
    <section class="panel copy-warning" role="alert">
      <p>
        {t.submissions.duplicateOfLabel}
        <a href={p.copyOf.url} target="_blank" rel="noopener">
          《{p.copyOf.title}》
        </a>{' '}
        ({Math.round(p.copyOf.similarity * 100)}%)
      </p>
      {p.uploadDropped ? <p class="muted">{s.e.copyReupload}</p> : null}
      <Form action={p.action} csrf={p.csrf}>
        {Object.entries(fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p class="form-actions">
          {s.e.copyConfirm}
          <button type="submit" class="btn danger">
            {s.e.copyConfirmButton}
          </button>
        </p>
      </Form>
    </section>
  );
}
