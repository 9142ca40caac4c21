import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { Checkbox, ErrorSummary, Field, Form, Select, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { urls, formatDateTime } from '../../articles/index.ts';
import type { Category } from '../../categories/index.ts';
import type { ArticleFormValues } from '../admin.articles.form.ts';
import { categoryOptions, s } from '../admin.shared.tsx';
import { RichBodyField } from './rich-body.tsx';

export interface ArticleFormData {
  /** Undefined for a new article (添加文章). */
  id?: number;
  /** Where the form posts. */
  action: string;
  /** The statuses the form offers. */
  statuses: readonly string[];
  authorName: string;
  createdAt?: string;
  isPublic: boolean;
  values: ArticleFormValues;
  errors: FormErrors;
  categories: Category[];
  csrf: string;
  /** The form came back with errors after a cover upload: the stored file's URL is in `values.cover`. */
  coverKept?: boolean;
}

export function ArticleFormView({ d }: { d: ArticleFormData }): SafeHtml {
  const v = d.values;
  const e = d.errors;
  const hasErrors = Object.keys(e).length > 0;
  return (
    <div class="admin-article-form">
      {d.id !== undefined ? (
        <p class="muted meta-line">
          {s.id} {d.id} · {s.author} {d.authorName}
          {d.createdAt ? ` · ${formatDateTime(d.createdAt)}` : ''}
          {' · '}
          {d.isPublic ? (
            <a href={urls.article(d.id)} target="_blank" rel="noopener">
              {s.view}
            </a>
          ) : (
            <a href={`/admin/articles/${d.id}/preview`} target="_blank" rel="noopener">
              {s.preview}
            </a>
          )}
        </p>
      ) : null}
      <Form action={d.action} csrf={d.csrf} class="form wide" multipart>
        <ErrorSummary message={hasErrors ? s.formInvalid : undefined} errors={e} />
        <Field name="title" label={s.f.title} value={v.title} error={e.title} required maxlength={200} />
        <Field name="subtitle" label={s.f.subtitle} value={v.subtitle} error={e.subtitle} maxlength={200} />
        {d.id === undefined ? <Field name="author" label={s.f.author} value={v.author} error={e.author} hint={s.f.authorHint} maxlength={32} /> : null}
        <TextArea name="summary" label={s.f.summary} value={v.summary} error={e.summary} rows={3} maxlength={500} />
        <RichBodyField label={s.f.body} value={v.body} error={e.body} hint={s.f.bodyHint} />
        <div class="field-row">
          <Select name="category" label={s.f.category} value={v.category} error={e.category} options={categoryOptions(d.categories)} required />
          <Select
            name="status"
            label={s.f.status}
            value={v.status}
            error={e.status}
            options={d.statuses.map((st) => ({ value: st, label: s.statuses[st] ?? st }))}
          />
          <Select
            name="recommendLevel"
            label={s.f.recommendLevel}
            value={v.recommendLevel}
            error={e.recommendLevel}
            options={s.levels.map((l, i) => ({ value: String(i), label: l }))}
          />
        </div>
        <Field name="tags" label={s.f.tags} value={v.tags} error={e.tags} hint={s.f.tagsHint} />
        <Field name="cover" label={s.f.cover} value={v.cover} error={e.cover} hint={s.f.coverHint} maxlength={500} />
        {d.coverKept && v.cover ? (
          <p class="current-cover notice" role="status">
            <img src={v.cover} alt={s.f.cover} width="160" /> {s.f.coverKept}
          </p>
        ) : null}
        <div class={e.coverFile ? 'field has-error' : 'field'}>
          <label for="f-coverFile">{s.f.coverFile}</label>
          <input id="f-coverFile" type="file" name="coverFile" accept="image/jpeg,image/png,image/webp,image/gif" />
          <small class="hint">{s.f.coverFileHint}</small>
          {e.coverFile ? (
            <small class="error" id="e-coverFile">
              {e.coverFile}
            </small>
          ) : null}
        </div>
        <div class="field-row">
          <Field name="source" label={s.f.source} value={v.source} error={e.source} maxlength={100} />
          <Field name="sourceUrl" label={s.f.sourceUrl} value={v.sourceUrl} error={e.sourceUrl} maxlength={500} />
        </div>
        <Field name="publishedAt" type="datetime-local" label={s.f.publishedAt} value={v.publishedAt} error={e.publishedAt} hint={s.f.publishedAtHint} />
        <Field name="keywords" label={s.f.keywords} value={v.keywords} error={e.keywords} hint={s.f.keywordsHint} />
        <TextArea name="description" label={s.f.description} value={v.description} error={e.description} hint={s.f.descriptionHint} rows={2} maxlength={200} />
        <Field name="redirectUrl" label={s.f.redirectUrl} value={v.redirectUrl} error={e.redirectUrl} hint={s.f.redirectUrlHint} maxlength={500} />
        <input type="hidden" name="extrasShown" value="1" />
        <div class="field-row checks">
          <Checkbox name="original" label={s.f.original} checked={v.original} />
          <Checkbox name="verified" label={s.f.verified} checked={v.verified} />
          <Checkbox name="allowComments" label={s.f.allowComments} checked={v.allowComments} />
        </div>
        <div class="form-actions">
          <button type="submit" class="btn primary">
            {s.save}
          </button>
          <a class="btn" href="/admin/articles/">
            {s.back}
          </a>
          {d.id !== undefined ? (
            <>
              <a class="btn" href={`/admin/articles/${d.id}/preview`} target="_blank" rel="noopener">
                {s.preview}
              </a>
              <a class="btn danger push-right" href={`/admin/articles/${d.id}/delete`}>
                {s.delete}
              </a>
            </>
          ) : null}
        </div>
      </Form>
    </div>
  );
}
