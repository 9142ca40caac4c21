import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';
import { ArticlePreview, urls, type ArticleDetail, type Revision, type WorkflowArticle } from '../../articles/index.ts';
import type { Chunk, LineDiff } from '../review.diff.ts';
import type { RevisionDiff } from '../review.service.ts';
import { RejectForm, ReviewMeta } from './review-page.tsx';

const s = t.submissions;

export function Chunks({ chunks }: { chunks: Chunk[] }): SafeHtml {
  return <>{chunks.map((c) => (c.op === 'ins' ? <ins>{c.text}</ins> : c.op === 'del' ? <del>{c.text}</del> : c.text))}</>;
}

function BodyDiff({ lines }: { lines: LineDiff[] }): SafeHtml {
  return (
    <ol class="diff-lines">
      {lines.map((l) =>
        l.kind === 'gap' ? (
          <li class="gap">… {l.count} …</li>
        ) : l.kind === 'chg' ? (
          <li class="chg">
            <Chunks chunks={l.chunks} />
          </li>
        ) : l.kind === 'eq' ? (
          <li class="eq">{l.text}</li>
        ) : (
          <li class={l.kind}>{l.kind === 'ins' ? <ins>{l.text}</ins> : <del>{l.text}</del>}</li>
        ),
      )}
    </ol>
  );
}

function FieldValue({ field, value }: { field: string; value: string }): SafeHtml {
  if (field !== 'cover') return <>{value}</>;
  return value ? (
    <span class="diff-cover">
      <img src={value} alt="" />
    </span>
  ) : (
    <>{s.noCover}</>
  );
}

export function DiffView({ diff }: { diff: RevisionDiff }): SafeHtml {
  const nothing = !diff.title && !diff.summary && !diff.body && !diff.bodyMarkupOnly && !diff.fields.length;
  if (nothing) return <p class="empty">{s.diffNone}</p>;
  return (
    <div class="diff">
      <div class="table-wrap">
        <table class="table diff-table">
          <thead>
            <tr>
              <th>{s.diffField}</th>
              <th>{s.diffOld}</th>
              <th>{s.diffNew}</th>
            </tr>
          </thead>
          <tbody>
            {diff.title ? (
              <tr class="diff-title">
                <th>{s.fieldNames.title}</th>
                <td colspan="2">
                  <Chunks chunks={diff.title} />
                </td>
              </tr>
            ) : null}
            {diff.summary ? (
              <tr class="diff-summary">
                <th>{s.fieldNames.summary}</th>
                <td colspan="2">
                  <Chunks chunks={diff.summary} />
                </td>
              </tr>
            ) : null}
            {diff.fields.map((f) => (
              <tr class={`diff-${f.field}`}>
                <th>{s.fieldNames[f.field] ?? f.field}</th>
                <td>
                  <del>
                    <FieldValue field={f.field} value={f.old} />
                  </del>
                </td>
                <td>
                  <ins>
                    <FieldValue field={f.field} value={f.new} />
                  </ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {diff.body ? (
        <section class="diff-body">
          <h3>{s.fieldNames.body}</h3>
          <BodyDiff lines={diff.body} />
        </section>
      ) : null}
      {diff.bodyMarkupOnly ? <p class="hint">{s.diffMarkupOnly}</p> : null}
    </div>
  );
}

/** A pending revision of a live article: the diff, a preview of the new version, approve or reject. */
export function RevisionPage(p: {
  revision: Revision;
  article: WorkflowArticle;
  authorName: string;
  words: string[];
  diff: RevisionDiff;
  preview: ArticleDetail | undefined;
  disclaimer: string;
  isStaffAuthor: boolean;
  csrf: string;
  reason?: string;
  reasonError?: string;
}): SafeHtml {
  const base = `/admin/review/revisions/${p.revision.id}`;
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      <ReviewMeta authorName={p.authorName} at={p.revision.createdAt} words={p.words} />
      <p>
        <a href={urls.article(p.article.id)} target="_blank" rel="noopener">
          {s.liveArticle}
        </a>
      </p>
      <h2>{s.diffHeading}</h2>
      <DiffView diff={p.diff} />
      <p class="form-actions">
        <ActionButton action={`${base}/approve`} csrf={p.csrf} label={s.btnApproveRevision} class="btn primary" />
      </p>
      <RejectForm action={`${base}/reject`} csrf={p.csrf} reason={p.reason} error={p.reasonError} label={s.btnRejectRevision} />
      <details class="review-preview">
        <summary>{s.previewHeading}</summary>
        {p.preview ? <ArticlePreview article={p.preview} disclaimer={p.disclaimer} isStaffAuthor={p.isStaffAuthor} /> : null}
      </details>
    </>
  );
}
