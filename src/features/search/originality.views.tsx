import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { assetUrl } from '../../platform/html/asset-url.ts';
import { ActionButton } from '../../platform/html/forms.tsx';
import { format, t } from '../../strings/index.ts';
import { formatDateTime } from '../articles/index.ts';
import type { OriginalityReport } from './originality.service.ts';

const s = t.related;

const paragraphs = (text: string) =>
  text
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * The review page's 原创检测 block: the similarity, the submission and its closest earlier article
 * side by side, and (when the 原创 claim is flagged) the editor's override button.
 */
export function OriginalityBlock(p: { report: OriginalityReport; csrf: string; back: string }): SafeHtml {
  const r = p.report;
  const m = r.match;
  return (
    <section class={r.flagged ? 'originality flagged' : 'originality'} id="originality">
      <link rel="stylesheet" href={assetUrl('related.css')} />
      <h2>{s.originalityHeading}</h2>
      {m ? (
        <p class="originality-score">
          <strong>{format(s.similarity, { title: m.title, percent: Math.round(m.similarity * 100) })}</strong>{' '}
          <a href={m.url} target="_blank" rel="noopener">
            {s.openMatch}
          </a>
        </p>
      ) : (
        <p>{s.noMatch}</p>
      )}
      {r.flagged ? (
        <div class="notice warning">
          <p>{s.flaggedNotice}</p>
          <ActionButton
            action={`/admin/originality/${r.articleId}/override`}
            csrf={p.csrf}
            label={s.btnOverride}
            fields={{ back: p.back }}
            class="btn primary"
          />
        </div>
      ) : r.overriddenAt ? (
        <p class="notice">{format(s.overriddenNotice, { at: formatDateTime(r.overriddenAt) })}</p>
      ) : null}
      {m ? (
        <div class="side-by-side">
          <div class="side this-text">
            <h3>{s.thisText}</h3>
            {paragraphs(r.text).map((x) => (
              <p>{x}</p>
            ))}
          </div>
          <div class="side match-text">
            <h3>{format(s.matchText, { title: m.title })}</h3>
            {paragraphs(m.text).map((x) => (
              <p>{x}</p>
            ))}
          </div>
        </div>
      ) : null}
    </section>
  );
}
