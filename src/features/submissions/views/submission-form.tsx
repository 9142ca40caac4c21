import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { Checkbox, Field, Form, Select, type FormErrors } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';
import type { FormValues } from '../submissions.form.ts';
import { TagSuggestions } from './tag-suggestions.tsx';
import { IMAGE_UPLOAD } from '../submissions.images.tsx';

const s = t.submissions;

export type FormMode = 'new' | 'edit' | 'revision';

export interface SubmissionFormProps {
  action: string;
  csrf: string;
  mode: FormMode;
  values: FormValues;
  categories: Array<{ value: string; label: string }>;
  /** The cover the article has now (edit forms). */
  cover?: string;
  /** A file was chosen but the form failed: it was not kept. */
  uploadLost?: boolean;
  /** The author publishes without review. */
  direct: boolean;
  notices: string[];
  errors?: FormErrors;
  message?: string;
  /** 推荐标签 from the text so far (undefined: nothing written yet). */
  suggestions?: string[];
}

/**
 * A message with the article addresses it names (the copy refusal's `/news/8.html`) made real links. Only
 * article paths: the message may quote a title, and `//host/x.html` in one must stay text.
 */
export function Linked(p: { text: string }): SafeHtml {
  const parts = p.text.split(/(?<![\w/])(\/news\/\d+(?:_\d+)?\.html)/);
  return <>{parts.map((x, i) => (i % 2 ? <a href={x}>{x}</a> : x))}</>;
}

/** The summary above the form: the message once (not again in the list when a field says the same), links live. */
function FormProblems(p: { message?: string; errors?: FormErrors }): SafeHtml {
  const list = [...new Set(Object.values(p.errors ?? {}).filter((x): x is string => !!x))];
  const message = p.message && !list.includes(p.message) ? p.message : undefined;
  if (!message && !list.length) return <></>;
  return (
    <div class="form-errors" role="alert">
      {message ? (
        <p>
          <Linked text={message} />
        </p>
      ) : null}
      {list.length ? (
        <ul>
          {list.map((m) => (
            <li>
              <Linked text={m} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The rich-text body: a textarea that public/editor.js turns into a small toolbar editor. */
function BodyField(p: { value: string; error?: string }): SafeHtml {
  return (
    <div class={p.error ? 'field body-field has-error' : 'field body-field'}>
      <label for="f-body">{s.fieldBody}</label>
      <textarea id="f-body" name="body" rows={18} data-editor={JSON.stringify(s.editor)} data-upload={IMAGE_UPLOAD} aria-invalid={p.error ? 'true' : undefined}>
        {p.value}
      </textarea>
      <small class="hint">
        {s.hintBody}{' '}
        <a href={IMAGE_UPLOAD} target="_blank" rel="noopener">
          {s.imageUploadLink}
        </a>
      </small>
      {p.error ? (
        <small class="error" id="e-body">
          <Linked text={p.error} />
        </small>
      ) : null}
    </div>
  );
}

function CoverField(p: { cover?: string; error?: string; uploadLost?: boolean }): SafeHtml {
  return (
    <div class={p.error ? 'field cover-field has-error' : 'field cover-field'}>
      <label for="f-coverFile">{s.fieldCover}</label>
      {p.cover ? (
        <p class="current-cover">
          <img src={p.cover} alt={s.currentCover} width="240" />
          <label>
            <input type="checkbox" name="removeCover" value="1" /> {s.removeCover}
          </label>
        </p>
      ) : null}
      <input id="f-coverFile" type="file" name="coverFile" accept="image/jpeg,image/png,image/webp,image/gif" />
      <small class="hint">{s.hintCover}</small>
      {p.uploadLost ? <small class="hint">{s.hintCoverAgain}</small> : null}
      {p.error ? (
        <small class="error" id="e-cover">
          {p.error}
        </small>
      ) : null}
    </div>
  );
}

export function SubmissionForm(p: SubmissionFormProps): SafeHtml {
  const e = p.errors ?? {};
  const v = p.values;
  const primary = p.mode === 'revision' ? s.btnSubmitRevision : p.direct ? s.btnPublish : s.btnSubmit;
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      {p.notices.map((n) => (
        <p class="notice">{n}</p>
      ))}
      <FormProblems message={p.message} errors={p.errors} />
      <Form action={p.action} csrf={p.csrf} multipart class="form submission-form">
        <Field name="title" label={s.fieldTitle} value={v.title} error={e.title} required maxlength={200} />
        <Select
          name="category"
          label={s.fieldCategory}
          value={v.category}
          error={e.category}
          required
          options={[{ value: '', label: s.chooseCategory }, ...p.categories]}
        />
        <div class={e.summary ? 'field has-error' : 'field'}>
          <label for="f-summary">{s.fieldSummary}</label>
          <textarea id="f-summary" name="summary" rows={3} maxlength={500}>
            {v.summary}
          </textarea>
          <small class="hint">{s.hintSummary}</small>
          {e.summary ? <small class="error">{e.summary}</small> : null}
        </div>
        <BodyField value={v.body} error={e.body} />
        <CoverField cover={p.cover} error={e.cover} uploadLost={p.uploadLost} />
        <Field name="tags" label={s.fieldTags} value={v.tags} error={e.tags} hint={s.hintTags} />
        <TagSuggestions tags={p.suggestions} refresh={{ name: 'op', value: 'suggest' }} />
        <Field name="source" label={s.fieldSource} value={v.source} error={e.source} hint={s.hintSource} maxlength={100} />
        <Checkbox name="original" label={s.fieldOriginal} checked={v.original} />
        <p class="form-actions">
          <button type="submit" name="op" value="submit" class="btn primary">
            {primary}
          </button>{' '}
          {p.mode === 'revision' ? null : (
            <button type="submit" name="op" value="draft" class="btn">
              {s.btnSaveDraft}
            </button>
          )}
        </p>
      </Form>
      <script src={assetUrl('editor.js')} defer></script>
    </>
  );
}
