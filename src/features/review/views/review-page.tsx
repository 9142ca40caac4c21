import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { Checkbox, ErrorSummary, Field, Form, Select, type FormErrors } from '../../../platform/html/forms.tsx';
import { t, format } from '../../../strings/index.ts';
import { ArticlePreview, formatDateTime, type ArticleDetail, type WorkflowArticle } from '../../articles/index.ts';
import type { CopyOf, DecisionValues } from '../review.service.ts';
import { IMAGE_UPLOAD, TagSuggestions } from '../../submissions/index.ts';

const s = t.submissions;

export interface ReviewPageProps {
  article: WorkflowArticle;
  authorName: string;
  words: string[];
  preview: ArticleDetail | undefined;
  disclaimer: string;
  isStaffAuthor: boolean;
  values: DecisionValues;
  categories: Array<{ value: string; label: string }>;
  csrf: string;
  errors?: FormErrors;
  message?: string;
  reason?: string;
  reasonError?: string;
  /** 推荐标签 from the submission's text (or from what the editor typed, after 更新预览). */
  suggestions?: string[];
  /** Blocks other features add under the form (原创检测 side by side, 相关文章 pins/excludes). */
  blocks?: SafeHtml;
  /** Approval was refused: the text copies this published article (the editor may confirm). */
  copyOf?: CopyOf;
  /** The cover the approval gives the article ('' = none): the submission's, or one chosen on this form. */
  cover: string;
  /** The cover differs from the submission's after a refused attempt (an upload kept, or removed). */
  coverKept?: boolean;
}

export function ReviewMeta(p: { authorName: string; at: string; words: string[] }): SafeHtml {
  return (
    <>
      <p class="review-meta">
        <a href="/admin/review/">{s.backToQueue}</a> · {format(s.submittedBy, { author: p.authorName, at: formatDateTime(p.at) })}
      </p>
      {p.words.length ? <p class="banned-warning">{format(s.bannedWarning, { words: p.words.join('、') })}</p> : null}
    </>
  );
}

export function RejectForm(p: { action: string; csrf: string; reason?: string; error?: string; label: string }): SafeHtml {
  return (
    <Form action={p.action} csrf={p.csrf} class="form reject-form">
      <div class={p.error ? 'field has-error' : 'field'}>
        <label for="f-reason">{s.fieldReason}</label>
        <textarea id="f-reason" name="reason" rows={3} maxlength={500}>
          {p.reason ?? ''}
        </textarea>
        <small class="hint">{s.hintReason}</small>
        {p.error ? <small class="error">{p.error}</small> : null}
      </div>
      <button type="submit" class="btn danger">
        {p.label}
      </button>
    </Form>
  );
}

/**
 * 封面: the current one (the submission's, or what this form chose), 删除封面, and a file that adds or
 * replaces it; a 推荐图文 needs one. The hidden `cover` carries the shown cover across a refused attempt.
 */
function CoverField(p: { cover: string; kept: boolean; error?: string }): SafeHtml {
  return (
    <div class={p.error ? 'field cover-field has-error' : 'field cover-field'}>
      <input type="hidden" name="cover" value={p.cover} />
      {p.cover ? (
        <p class="current-cover">
          {s.currentCover}：<img src={p.cover} alt={s.currentCover} width="160" />{' '}
          <label>
            <input type="checkbox" name="removeCover" value="1" /> {s.removeCover}
          </label>
        </p>
      ) : null}
      {p.kept && p.cover ? <p class="notice">{s.reviewCoverKept}</p> : null}
      <label for="f-coverFile">{p.cover ? s.reviewCoverReplace : s.reviewCoverAdd}</label>
      <input id="f-coverFile" type="file" name="coverFile" accept="image/jpeg,image/png,image/webp,image/gif" aria-invalid={p.error ? 'true' : undefined} />
      <small class="hint">{s.reviewCoverHint}</small>
      {p.error ? (
        <small class="error" id="e-coverFile">
          {p.error}
        </small>
      ) : null}
    </div>
  );
}

function DecisionForm(p: ReviewPageProps): SafeHtml {
  const e = p.errors ?? {};
  const v = p.values;
  return (
    <Form action={`/admin/review/${p.article.id}/approve`} csrf={p.csrf} class="form review-form" multipart>
      <Field name="title" label={s.fieldTitle} value={v.title} error={e.title} required maxlength={200} />
      <Select
        name="category"
        label={s.fieldCategory}
        value={v.category}
        error={e.category}
        options={[{ value: '', label: s.chooseCategory }, ...p.categories]}
      />
      <div class={e.summary ? 'field has-error' : 'field'}>
        <label for="f-summary">{s.fieldSummary}</label>
        <textarea id="f-summary" name="summary" rows={3} maxlength={500}>
          {v.summary}
        </textarea>
        {e.summary ? <small class="error">{e.summary}</small> : null}
      </div>
      <div class={e.body ? 'field body-field has-error' : 'field body-field'}>
        <label for="f-body">{s.fieldBody}</label>
        <textarea id="f-body" name="body" rows={16} data-editor={JSON.stringify(s.editor)} data-upload={IMAGE_UPLOAD}>
          {v.body}
        </textarea>
        {e.body ? <small class="error">{e.body}</small> : null}
      </div>
      <CoverField cover={p.cover} kept={p.coverKept === true} error={e.coverFile} />
      <Field name="tags" label={s.fieldTags} value={v.tags} error={e.tags} hint={s.hintTags} />
      <TagSuggestions tags={p.suggestions} refresh={{ name: 'op', value: 'preview' }} />
      <Field name="source" label={s.fieldSource} value={v.source} error={e.source} maxlength={100} />
      <Checkbox name="original" label={s.fieldOriginal} checked={v.original} />
      <Select
        name="recommendLevel"
        label={s.fieldRecommend}
        value={v.recommendLevel}
        error={e.recommendLevel}
        options={s.recommend.map((label, i) => ({ value: String(i), label }))}
      />
      <Checkbox name="verified" label={s.fieldVerified} checked={v.verified} />
      <Field name="publishAt" type="datetime-local" label={s.fieldPublishAt} value={v.publishAt} error={e.publishAt} hint={s.hintPublishAt} />
      {p.copyOf ? (
        <div class="copy-warning" role="alert">
          <p>
            {s.duplicateOfLabel}
            <a href={p.copyOf.url} target="_blank" rel="noopener">
              《{p.copyOf.title}》
            </a>{' '}
            ({Math.round(p.copyOf.similarity * 100)}%)
          </p>
          <Checkbox name="confirmCopy" label={s.fieldConfirmCopy} />
        </div>
      ) : null}
      <p class="form-actions">
        <button type="submit" name="op" value="approve" class="btn primary">
          {s.btnApprove}
        </button>{' '}
        <button type="submit" name="op" value="preview" class="btn">
          {s.btnPreview}
        </button>
      </p>
    </Form>
  );
}

/** One pending submission: the preview as it will appear, the editor's form, and rejection. */
export function ReviewPage(p: ReviewPageProps): SafeHtml {
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      <ReviewMeta authorName={p.authorName} at={p.article.submittedAt ?? p.article.createdAt} words={p.words} />
      <ErrorSummary message={p.message} errors={p.errors} />
      <div class="review-layout">
        <section class="review-preview">
          <h2>{s.previewHeading}</h2>
          {p.preview ? <ArticlePreview article={p.preview} disclaimer={p.disclaimer} isStaffAuthor={p.isStaffAuthor} /> : null}
        </section>
        <section class="review-edit">
          <h2>{s.editHeading}</h2>
          <DecisionForm {...p} />
          <RejectForm action={`/admin/review/${p.article.id}/reject`} csrf={p.csrf} reason={p.reason} error={p.reasonError} label={s.btnReject} />
        </section>
      </div>
      {p.blocks ?? null}
      <script src={assetUrl('editor.js')} defer></script>
    </>
  );
}
