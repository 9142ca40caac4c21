import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime, Pagination, urls } from '../../articles/index.ts';
import type { TipView } from '../tips.service.ts';
import { Tabs } from '../../../platform/html/tabs.tsx';

const s = t.tips;
export type TipsTab = 'given' | 'received';

function TipTabs({ current }: { current: TipsTab }): SafeHtml {
  return (
    <Tabs label="tips" tabs={(['given', 'received'] as const).map((tab) => ({ href: `/member/tips/?tab=${tab}`, label: s[tab], current: tab === current }))} />
  );
}

/** 我的打赏: tips the member gave, or tips their articles received (with their share), newest first. */
export function MyTips(p: {
  tab: TipsTab;
  items: TipView[];
  titles: Map<number, string>;
  /** Articles deleted for good; the others without a title are only taken down (已下架). */
  deleted: Set<number>;
  total: number;
  sum: number;
  page: number;
  pages: number;
}): SafeHtml {
  const received = p.tab === 'received';
  return (
    <>
      <TipTabs current={p.tab} />
      {p.items.length ? (
        <>
          <p class="muted">
            {format(s.recordCount, { n: p.total })} · {format(s.balanceValue, { n: p.sum })}
          </p>
          <table class="table stack my-tips">
            <thead>
              <tr>
                <th>{s.colArticle}</th>
                {received ? <th>{s.colWho}</th> : null}
                <th>{s.colAmount}</th>
                {received ? <th>{s.colShare}</th> : null}
                <th>{s.colMessage}</th>
                <th>{s.colTime}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((x) => {
                const title = p.titles.get(x.articleId);
                return (
                  <tr>
                    <td class="title">
                      {title ? (
                        <a href={urls.article(x.articleId)}>{title}</a>
                      ) : (
                        <span class="muted">{p.deleted.has(x.articleId) ? s.deletedArticle : s.offlineArticle}</span>
                      )}
                    </td>
                    {received ? <td data-label={s.colWho}>{x.tipperName ?? s.anonymous}</td> : null}
                    <td data-label={s.colAmount}>{x.amount}</td>
                    {received ? <td data-label={s.colShare}>{x.authorShare}</td> : null}
                    <td data-label={s.colMessage}>{x.message}</td>
                    <td class="nowrap" data-label={s.colTime}>
                      <time datetime={x.createdAt}>{formatDateTime(x.createdAt)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pagination page={p.page} pages={p.pages} urlFor={(n) => `/member/tips/?tab=${p.tab}${n > 1 ? `&page=${n}` : ''}`} />
        </>
      ) : (
        <p class="empty">{received ? s.noReceived : s.noGiven}</p>
      )}
    </>
  );
}
