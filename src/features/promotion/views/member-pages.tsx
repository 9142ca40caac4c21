import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, ErrorSummary, Field, Form, Select, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime, Pagination, urls } from '../../articles/index.ts';
import { periodLabel } from '../promotion.periods.ts';
import type { Bid, Keyword } from '../promotion.service.ts';
import { bidFormUrl } from './public-page.tsx';

const s = t.promotion;

export interface MyBid extends Bid {
  keyword: string;
  articleTitle: string | undefined;
  /** Still open: the period has not started, so it may be raised or withdrawn. */
  open: boolean;
}

export function MyBidsView(props: {
  items: MyBid[];
  balance: number;
  page: number;
  pages: number;
  csrf: string;
  formKey: (bidId: number) => string;
}): SafeHtml {
  return (
    <div class="my-promotion">
      <p class="toolbar">
        <span class="balance">{format(s.balance, { n: props.balance })}</span>{' '}
        <a class="btn primary" href={bidFormUrl()}>
          {s.bidNow}
        </a>{' '}
        <a href="/promotion/">{s.howTitle}</a>
      </p>
      {props.items.length ? (
        <div class="table-wrap">
          <table class="table stack my-bids">
            <thead>
              <tr>
                <th>{s.colKeyword}</th>
                <th>{s.colPeriod}</th>
                <th>{s.colArticle}</th>
                <th>{s.colAmount}</th>
                <th>{s.colStatus}</th>
                <th>{s.colPlacedAt}</th>
                <th>{s.colAction}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((b) => (
                <tr id={`bid${b.id}`}>
                  <td data-label={s.colKeyword}>{b.keyword}</td>
                  <td class="nowrap" data-label={s.colPeriod}>
                    {periodLabel(b.period)}
                  </td>
                  <td class="title" data-label={s.colArticle}>
                    {b.articleTitle ? <a href={urls.article(b.articleId)}>{b.articleTitle}</a> : `#${b.articleId}`}
                  </td>
                  <td class="num" data-label={s.colAmount}>
                    {format(s.pointsUnit, { n: b.amount })}
                  </td>
                  <td data-label={s.colStatus}>
                    <span class={`status status-${b.status}`}>{s.statuses[b.status]}</span>
                  </td>
                  <td class="nowrap" data-label={s.colPlacedAt}>
                    {formatDateTime(b.placedAt)}
                  </td>
                  <td>
                    {b.status === 'held' && b.open ? (
                      <div class="row-actions">
                        <a class="btn small" href={bidFormUrl(b.keywordId, b.period)}>
                          {s.raise}
                        </a>
                        <ActionButton
                          action={`/member/promotion/${b.id}/withdraw`}
                          csrf={props.csrf}
                          label={s.withdraw}
                          class="btn small danger"
                          confirm={s.withdrawConfirm}
                          fields={{ key: props.formKey(b.id) }}
                        />
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.myEmpty}</p>
      )}
      <Pagination page={props.page} pages={props.pages} urlFor={(n) => `/member/promotion/?page=${n}`} />
    </div>
  );
}

export interface BidFormValues {
  keyword: string;
  period: string;
  article: string;
  amount: string;
}

export function BidFormView(props: {
  keywords: Keyword[];
  periods: string[];
  articles: Array<{ id: number; title: string }>;
  values: BidFormValues;
  balance: number;
  /** Standing of the round picked in the form, when one is. */
  standing?: { entryPrice: number; slots: number; count: number; mine: number | undefined };
  formKey: string;
  csrf: string;
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const v = props.values;
  const e = props.errors ?? {};
  if (!props.keywords.length) return <p class="notice">{s.noKeywords}</p>;
  if (!props.articles.length)
    return (
      <p class="notice">
        {s.noArticles} <a href="/member/articles/new">{t.submissions.newArticle}</a>
      </p>
    );
  return (
    <>
      <p class="intro">
        {format(s.balance, { n: props.balance })} · <a href="/promotion/">{s.howTitle}</a>
      </p>
      {props.standing ? (
        <p class="notice standing">
          {format(s.standingHint, { n: props.standing.entryPrice, slots: props.standing.slots, count: props.standing.count })}
          {props.standing.mine !== undefined ? ` ${format(s.myStandingHint, { n: props.standing.mine })}` : ''}
        </p>
      ) : null}
      <ErrorSummary message={props.message} errors={props.errors} />
      <Form action="/member/promotion/bid" csrf={props.csrf}>
        <input type="hidden" name="key" value={props.formKey} />
        <Select
          name="keyword"
          label={s.keyword}
          value={v.keyword}
          error={e.keyword}
          options={props.keywords.map((k) => ({ value: String(k.id), label: format(s.keywordOption, { keyword: k.keyword, n: k.floorPrice }) }))}
        />
        <Select name="period" label={s.period} value={v.period} error={e.period} options={props.periods.map((p) => ({ value: p, label: periodLabel(p) }))} />
        <Select
          name="article"
          label={s.article}
          value={v.article}
          error={e.article}
          hint={s.articleHint}
          options={props.articles.map((a) => ({ value: String(a.id), label: a.title }))}
        />
        <Field name="amount" label={s.amount} value={v.amount} error={e.amount} hint={s.amountHint} maxlength={12} />
        <button type="submit" class="btn primary">
          {s.submitBid}
        </button>
      </Form>
    </>
  );
}
