import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { describedBy } from '../../../platform/html/forms.tsx';
import { IMAGE_UPLOAD } from '../../submissions/index.ts';
import { t } from '../../../strings/index.ts';

/**
 * The body of an article or a static page: a textarea that public/editor.js turns into the toolbar
 * editor members and the review page use (bold, headings, lists, links, 插入图片 through the body-image
 * upload, 分页). Without JavaScript it stays a textarea taking HTML or plain paragraphs, with a link to
 * the upload page that shows the code to paste. `pagebreak: false` leaves 分页 out (pages are not split).
 */
export function RichBodyField(p: { label: string; value: string; error?: string; hint: string; rows?: number; pagebreak?: boolean }): SafeHtml {
  const hint = p.pagebreak === false ? p.hint : `${p.hint} ${t.submissions.hintPagebreak}`;
  return (
    <>
      <link rel="stylesheet" href={assetUrl('editor.css')} />
      <div class={p.error ? 'field body-field has-error' : 'field body-field'}>
        <label for="f-body">{p.label}</label>
        <textarea
          id="f-body"
          name="body"
          rows={p.rows ?? 18}
          data-editor={JSON.stringify(t.submissions.editor)}
          data-upload={IMAGE_UPLOAD}
          data-pagebreak={p.pagebreak === false ? 'off' : undefined}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy('body', hint, p.error)}
        >
          {p.value}
        </textarea>
        <small class="hint" id="h-body">
          {hint}{' '}
          <a href={IMAGE_UPLOAD} target="_blank" rel="noopener">
            {t.submissions.imageUploadLink}
          </a>
        </small>
        {p.error ? (
          <small class="error" id="e-body">
            {p.error}
          </small>
        ) : null}
      </div>
      <script src={assetUrl('editor.js')} defer></script>
    </>
  );
}
