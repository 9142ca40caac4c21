import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime } from '../../articles/index.ts';
import type { TipView } from '../tips.service.ts';

const s = t.tips;

/** The tip page of an article, remembering which layout the reader came from. */
export const tipUrl = (articleId: number, mobile: boolean) => `/tip/${articleId}${mobile ? '?m=1' : ''}`;

/**
 * 打赏记录 under an article: the latest tips (who, or 匿名; how much; when) and the total count. Rendered
 * as the page-cache fragment `tips:<id>` (`m-tips:<id>` on the mobile page), the same for every reader;
 * public/tips.js shows the thank-you line after a tip (the redirect adds `?tipped=<id>`).
 */
export function TipsBlock(p: { articleId: number; items: TipView[]; total: number; mobile: boolean }): SafeHtml {
  return (
    <section class="box tips" id="tips">
      <h2 class="box-title">
        <span>{s.recordTitle}</span>
        <span class="count">{format(s.recordCount, { n: p.total })}</span>
      </h2>
      <div class="box-body">
        <p class="tip-notice" role="status" hidden data-tip-notice>
          {s.thanks}
        </p>
        {p.items.length ? (
          <ul class="tip-list">
            {p.items.map((x) => (
              <li>
                <span class={x.tipperName === null ? 'who anonymous' : 'who'}>{x.tipperName ?? s.anonymous}</span>{' '}
                <span class="amount">{format(s.recordItem, { n: x.amount })}</span> <time datetime={x.createdAt}>{formatDateTime(x.createdAt)}</time>
                {x.message ? <q class="tip-message">{x.message}</q> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{s.recordEmpty}</p>
        )}
        <p class="tip-cta">
          <a class="btn primary" href={tipUrl(p.articleId, p.mobile)} rel="nofollow">
            {s.tipAction}
          </a>
        </p>
      </div>
      <link rel="stylesheet" href={assetUrl('tips.css')} />
      <script src={assetUrl('tips.js')} defer></script>
    </section>
  );
}
