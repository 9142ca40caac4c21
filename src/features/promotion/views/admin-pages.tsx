import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, Select, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime, urls } from '../../articles/index.ts';
import { FLOOR_MAX, KEYWORD_MAX, SLOTS_MAX } from '../promotion.schema.ts';
import { periodLabel } from '../promotion.periods.ts';
import type { Bid, Keyword } from '../promotion.service.ts';
import { Tabs } from '../../../platform/html/tabs.tsx';

const s = t.promotion;

export interface KeywordFormValues {
  keyword: string;
  floorPrice: string;
  slots: string;
  active: boolean;
  category: string;
}

/** Categories offered for 栏目推广, indented under their parents. */
export type CategoryOption = { id: number; name: string; depth: number };

export const keywordValues = (k: Keyword): KeywordFormValues => ({
  keyword: k.keyword,
  floorPrice: String(k.floorPrice),
  slots: String(k.slots),
  active: k.active,
  category: k.categoryId === null ? '' : String(k.categoryId),
});

function KeywordForm(props: {
  action: string;
  csrf: string;
  values: KeywordFormValues;
  categories: CategoryOption[];
  errors?: FormErrors;
  message?: string;
  submit: string;
}): SafeHtml {
  const v = props.values;
  const e = props.errors ?? {};
  return (
    <>
      <ErrorSummary message={props.message} errors={props.errors} />
      <Form action={props.action} csrf={props.csrf}>
        <Field name="keyword" label={s.keyword} value={v.keyword} error={e.keyword} hint={s.keywordHint} maxlength={KEYWORD_MAX} required />
        <Field name="floorPrice" label={s.floorPrice} value={v.floorPrice} error={e.floorPrice} maxlength={String(FLOOR_MAX).length} required />
        <Field name="slots" label={s.slots} value={v.slots} error={e.slots} hint={`1–${SLOTS_MAX}`} maxlength={2} required />
        <Select
          name="category"
          label={s.category}
          value={v.category}
          error={e.category}
          hint={s.categoryHint}
          options={[{ value: '', label: s.categoryNone }, ...props.categories.map((c) => ({ value: String(c.id), label: `${'　'.repeat(c.depth)}${c.name}` }))]}
        />
        <Checkbox name="active" label={s.active} checked={v.active} />
        <button type="submit" class="btn primary">
          {props.submit}
        </button>
      </Form>
    </>
  );
}

export function KeywordsView(props: {
  keywords: Keyword[];
  /** Held bids per keyword in the next period. */
  held: Map<number, number>;
  nextPeriod: string;
  csrf: string;
  values: KeywordFormValues;
  categories: CategoryOption[];
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const categoryName = new Map(props.categories.map((c) => [c.id, c.name]));
  return (
    <div class="admin-promotion">
      <div class="notice">
        <p>{s.settleHint}</p>
        <ActionButton action="/admin/promotion/settle" csrf={props.csrf} label={s.settleNow} class="btn primary" />
      </div>
      {props.keywords.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{s.colKeyword}</th>
                <th>{s.colFloor}</th>
                <th>{s.colSlots}</th>
                <th>{s.colCategory}</th>
                <th>{s.colActive}</th>
                <th>
                  {s.colHeld}（{periodLabel(props.nextPeriod)}）
                </th>
                <th>{s.colAction}</th>
              </tr>
            </thead>
            <tbody>
              {props.keywords.map((k) => (
                <tr>
                  <td class="title">{k.keyword}</td>
                  <td class="num">{format(s.pointsUnit, { n: k.floorPrice })}</td>
                  <td class="num">{k.slots}</td>
                  <td>{k.categoryId === null ? '—' : (categoryName.get(k.categoryId) ?? '—')}</td>
                  <td>{k.active ? s.activeYes : s.activeNo}</td>
                  <td class="num">{props.held.get(k.id) ?? 0}</td>
                  <td>
                    <div class="row-actions">
                      <a class="btn small" href={`/admin/promotion/keywords/${k.id}`}>
                        {s.edit}
                      </a>
                      <a class="btn small" href={`/admin/promotion/keywords/${k.id}/bids`}>
                        {s.bids}
                      </a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.noKeywords}</p>
      )}
      <section id="new">
        <h2>{s.newKeyword}</h2>
        <KeywordForm
          action="/admin/promotion/keywords"
          csrf={props.csrf}
          values={props.values}
          categories={props.categories}
          errors={props.errors}
          message={props.message}
          submit={s.create}
        />
      </section>
    </div>
  );
}

export function KeywordEditView(props: {
  keyword: Keyword;
  csrf: string;
  values: KeywordFormValues;
  categories: CategoryOption[];
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const k = props.keyword;
  return (
    <>
      <p>
        <a href="/admin/promotion/">← {s.back}</a> · <a href={`/admin/promotion/keywords/${k.id}/bids`}>{s.bids}</a>
      </p>
      <KeywordForm
        action={`/admin/promotion/keywords/${k.id}`}
        csrf={props.csrf}
        values={props.values}
        categories={props.categories}
        errors={props.errors}
        message={props.message}
        submit={s.save}
      />
      <p>
        <ActionButton action={`/admin/promotion/keywords/${k.id}/delete`} csrf={props.csrf} label={s.remove} class="btn danger" confirm={s.removeConfirm} />
      </p>
    </>
  );
}

export function RoundBidsView(props: {
  keyword: Keyword;
  period: string;
  periods: string[];
  settledAt: string | null | undefined;
  bids: Array<Bid & { memberName: string; articleTitle: string | undefined }>;
}): SafeHtml {
  const k = props.keyword;
  return (
    <>
      <p>
        <a href="/admin/promotion/">← {s.back}</a>
      </p>
      <Tabs
        label="period"
        tabs={props.periods.map((p) => ({ href: `/admin/promotion/keywords/${k.id}/bids?period=${p}`, label: periodLabel(p), current: p === props.period }))}
      />
      <p class="muted">
        {format(s.pointsUnit, { n: k.floorPrice })} · {s.colSlots} {k.slots} ·{' '}
        {props.settledAt ? `${s.settled} ${formatDateTime(props.settledAt)}` : s.notSettled}
      </p>
      {props.bids.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>#</th>
                <th>{s.colMember}</th>
                <th>{s.colArticle}</th>
                <th>{s.colAmount}</th>
                <th>{s.colStatus}</th>
                <th>{s.colPlacedAt}</th>
              </tr>
            </thead>
            <tbody>
              {props.bids.map((b, i) => (
                <tr>
                  <td class="num">{i + 1}</td>
                  <td>{b.memberName}</td>
                  <td class="title">{b.articleTitle ? <a href={urls.article(b.articleId)}>{b.articleTitle}</a> : `#${b.articleId}`}</td>
                  <td class="num">{format(s.pointsUnit, { n: b.amount })}</td>
                  <td>
                    <span class={`status status-${b.status}`}>{s.statuses[b.status]}</span>
                  </td>
                  <td class="nowrap">{formatDateTime(b.placedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.roundEmpty}</p>
      )}
    </>
  );
}
