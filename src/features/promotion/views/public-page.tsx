import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { format, t } from '../../../strings/index.ts';
import { Breadcrumb, urls } from '../../articles/index.ts';
import { periodLabel } from '../promotion.periods.ts';
import type { Keyword } from '../promotion.service.ts';

const s = t.promotion;

export interface KeywordStanding {
  keyword: Keyword;
  /** The category whose list the winners also top (栏目推广). */
  category?: { name: string; href: string };
  /** Held bids of the next period, highest first (amounts only: bidders are not shown). */
  nextBids: number[];
  entryPrice: number;
  /** This period's promoted articles, in their order on the search page. */
  winners: Array<{ id: number; title: string }>;
}

export interface PromotionPageData {
  currentPeriod: string;
  nextPeriod: string;
  rows: KeywordStanding[];
}

export const bidFormUrl = (keywordId?: number, period?: string) => {
  const q = [keywordId ? `keyword=${keywordId}` : '', period ? `period=${period}` : ''].filter(Boolean).join('&');
  return `/member/promotion/bid${q ? `?${q}` : ''}`;
};

/**
 * The public 排名推广 page: the rules, every keyword with its floor, slots, the next period's bids and
 * entry price, and this month's promoted articles. The same for every visitor (it is cached); the
 * bid links lead to the member centre, which sends guests to log in first.
 */
export function PromotionPage({ d, chrome, head }: { d: PromotionPageData; chrome: Chrome; head: Head }): SafeHtml {
  const pts = (n: number) => format(s.pointsUnit, { n });
  return (
    <DesktopLayout chrome={chrome} head={head}>
      <link rel="stylesheet" href={assetUrl('promotion.css')} />
      <Breadcrumb crumbs={[{ href: '/promotion/', label: s.title }]} />
      <div class="promotion-page">
        <h1>{s.title}</h1>
        <p class="intro">{s.intro}</p>
        <section class="promotion-how">
          <h2>{s.howTitle}</h2>
          <ol>
            {s.how.map((line) => (
              <li>{line}</li>
            ))}
          </ol>
        </section>
        <section class="promotion-keywords">
          <h2>{s.keywordsTitle}</h2>
          <p class="promotion-login">
            {s.loginToBid} <a href={`/member/login?next=${encodeURIComponent('/member/promotion/bid')}`}>{s.loginLink}</a>
          </p>
          {d.rows.length ? (
            <table class="table promotion-table">
              <thead>
                <tr>
                  <th>{s.colKeyword}</th>
                  <th>{s.colFloor}</th>
                  <th>{s.colSlots}</th>
                  <th>{format(s.colBids, { period: periodLabel(d.nextPeriod) })}</th>
                  <th>{s.colEntry}</th>
                  <th>{s.colWinners}</th>
                  <th>{s.colAction}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr data-keyword={r.keyword.keyword}>
                    <td class="kw">
                      {r.keyword.keyword}
                      {r.category ? (
                        <small class="kw-category">
                          {s.colCategory}：<a href={r.category.href}>{r.category.name}</a>
                        </small>
                      ) : null}
                    </td>
                    <td class="num">{pts(r.keyword.floorPrice)}</td>
                    <td class="num">{r.keyword.slots}</td>
                    <td class="bids">{r.nextBids.length ? r.nextBids.map(String).join(' / ') : s.noBids}</td>
                    <td class="num entry">{pts(r.entryPrice)}</td>
                    <td class="winners">
                      {r.winners.length ? (
                        <ol>
                          {r.winners.map((w) => (
                            <li>
                              <a href={urls.article(w.id)}>{w.title}</a>
                            </li>
                          ))}
                        </ol>
                      ) : (
                        s.noWinners
                      )}
                    </td>
                    <td>
                      <a class="btn" href={bidFormUrl(r.keyword.id, d.nextPeriod)}>
                        {s.bidNow}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="empty">{s.noKeywords}</p>
          )}
        </section>
      </div>
    </DesktopLayout>
  );
}
