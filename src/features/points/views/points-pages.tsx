import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, type FormErrors } from '../../../platform/html/forms.tsx';
import { Pagination } from '../../../platform/html/pagination.tsx';
import { format, t } from '../../../strings/index.ts';
import type { HistoryEntry, ReasonRow, RewardRuleSetting } from '../points.service.ts';
import type { SystemAccountCode } from '../points.ledger.ts';

const s = t.points;
const pagerLabels = { first: t.firstPage, prev: t.prevPage, next: t.nextPage, last: t.lastPage };

/** `2026-11-27 16:05` in Beijing time. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export const reasonLabel = (reason: string) => s.reasons[reason] ?? reason;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** 我的积分: balance and the paginated history, each entry linking to what caused it when it can. */
export function MyPoints(p: {
  balance: number;
  items: HistoryEntry[];
  page: number;
  pages: number;
  linkFor: (e: HistoryEntry) => string | undefined;
}): SafeHtml {
  return (
    <>
      <p class="points-balance">
        {s.balance}：<strong class="points-balance-n">{p.balance}</strong>
      </p>
      <p class="muted">{s.earnHint}</p>
      <h2>{s.history}</h2>
      <HistoryTable items={p.items} linkFor={p.linkFor} />
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `/member/points/${n > 1 ? `?page=${n}` : ''}`} labels={pagerLabels} />
    </>
  );
}

/** One member's 积分明细 for admins (/admin/points/members/<id>): balance, every entry, a link back to the member. */
export function MemberLedger(p: {
  member: { id: number; username: string; displayName: string };
  balance: number;
  items: HistoryEntry[];
  total: number;
  page: number;
  pages: number;
  linkFor: (e: HistoryEntry) => string | undefined;
}): SafeHtml {
  const base = `/admin/points/members/${p.member.id}`;
  return (
    <>
      <p class="points-member">
        <a href={`/admin/members/${p.member.id}`}>
          {p.member.displayName} <span class="muted">({p.member.username})</span>
        </a>
      </p>
      <p class="points-balance">
        {s.balance}：<strong class="points-balance-n">{p.balance}</strong>
      </p>
      <h2>
        {s.history} <span class="muted">{format(s.entryCount, { n: p.total })}</span>
      </h2>
      <HistoryTable items={p.items} linkFor={p.linkFor} />
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `${base}${n > 1 ? `?page=${n}` : ''}`} labels={pagerLabels} />
      <p>
        <a href="/admin/points/">{s.backToLedger}</a>
      </p>
    </>
  );
}

function HistoryTable(p: { items: HistoryEntry[]; linkFor: (e: HistoryEntry) => string | undefined }): SafeHtml {
  if (p.items.length === 0) return <p class="empty">{s.noHistory}</p>;
  return (
    <table class="table stack points-history">
      <thead>
        <tr>
          <th>{s.colTime}</th>
          <th>{s.colAmount}</th>
          <th>{s.colReason}</th>
          <th>{s.colMemo}</th>
          <th>{s.colLink}</th>
        </tr>
      </thead>
      <tbody>
        {p.items.map((e) => {
          const href = p.linkFor(e);
          return (
            <tr>
              <td data-label={s.colTime}>
                <time datetime={e.createdAt}>{beijingTime(e.createdAt)}</time>
              </td>
              <td class={e.amount > 0 ? 'points-in' : 'points-out'} data-label={s.colAmount}>
                {signed(e.amount)}
              </td>
              <td data-label={s.colReason}>{reasonLabel(e.reason)}</td>
              <td data-label={s.colMemo}>{e.memo}</td>
              <td data-label={s.colLink}>{href ? <a href={href}>{s.view}</a> : null}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export interface AdjustValues {
  username: string;
  amount: string;
  reason: string;
  key: string;
}

export interface LedgerPageData {
  system: { code: SystemAccountCode; balance: number }[];
  members: { memberId: number; username: string; displayName: string; balance: number }[];
  memberTotal: number;
  reasons: ReasonRow[];
  range: { from: string; to: string; error?: string };
  csrf: string;
  adjust: { values: AdjustValues; errors?: FormErrors; message?: string };
}

/** 积分账本: the adjustment form, balances by account and sums by reason. */
export function LedgerPage(d: LedgerPageData): SafeHtml {
  return (
    <>
      <section class="points-adjust">
        <h2>{s.adjustTitle}</h2>
        <Form action="/admin/points/adjust" csrf={d.csrf}>
          <ErrorSummary {...(d.adjust.message ? { message: d.adjust.message } : {})} {...(d.adjust.errors ? { errors: d.adjust.errors } : {})} />
          <input type="hidden" name="key" value={d.adjust.values.key} />
          <Field name="username" label={s.adjustMember} value={d.adjust.values.username} error={d.adjust.errors?.username} required maxlength={32} />
          <Field name="amount" label={s.adjustAmount} value={d.adjust.values.amount} error={d.adjust.errors?.amount} required maxlength={12} />
          <Field name="reason" label={s.adjustReason} value={d.adjust.values.reason} error={d.adjust.errors?.reason} required maxlength={200} />
          <p>
            <button type="submit" class="btn primary">
              {s.adjustSubmit}
            </button>
          </p>
        </Form>
      </section>

      <section class="points-by-account">
        <h2>{s.byAccount}</h2>
        <h3>{s.systemAccounts}</h3>
        <table class="table">
          <thead>
            <tr>
              <th>{s.colAccount}</th>
              <th>{s.colBalance}</th>
            </tr>
          </thead>
          <tbody>
            {d.system.map((a) => (
              <tr data-account={a.code}>
                <td>{s.accounts[a.code]}</td>
                <td>{a.balance}</td>
              </tr>
            ))}
            <tr data-account="members">
              <td>{s.colMember}</td>
              <td>{d.memberTotal}</td>
            </tr>
          </tbody>
        </table>
        <h3>{s.topMembers}</h3>
        {d.members.length === 0 ? (
          <p class="empty">{s.noRows}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>{s.colMember}</th>
                <th>{s.colBalance}</th>
              </tr>
            </thead>
            <tbody>
              {d.members.map((m) => (
                <tr>
                  <td>
                    <a href={`/admin/points/members/${m.memberId}`}>
                      {m.displayName} <span class="muted">({m.username})</span>
                    </a>
                  </td>
                  <td>{m.balance}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="points-by-reason">
        <h2>{s.byReason}</h2>
        <form method="get" action="/admin/points/" class="form inline">
          {d.range.error ? <p class="form-errors">{d.range.error}</p> : null}
          <label>
            {s.from} <input type="date" name="from" value={d.range.from} />
          </label>{' '}
          <label>
            {s.to} <input type="date" name="to" value={d.range.to} />
          </label>{' '}
          <button type="submit" class="btn">
            {s.filter}
          </button>
        </form>
        {d.reasons.length === 0 ? (
          <p class="empty">{s.noRows}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>{s.colReason}</th>
                <th>{s.colCount}</th>
                <th>{s.colVolume}</th>
                <th>{s.colSum}</th>
              </tr>
            </thead>
            <tbody>
              {d.reasons.map((r) => (
                <tr data-reason={r.reason}>
                  <td>{reasonLabel(r.reason)}</td>
                  <td>{r.count}</td>
                  <td>{r.volume}</td>
                  <td>{signed(r.memberNet)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** 积分规则: points and daily cap of each reward rule. */
export function RulesPage(p: { rules: RewardRuleSetting[]; values?: Record<string, string>; errors?: FormErrors; csrf: string }): SafeHtml {
  const v = (name: string, fallback: number) => p.values?.[name] ?? String(fallback);
  return (
    <Form action="/admin/points/rules" csrf={p.csrf}>
      <ErrorSummary {...(p.errors ? { errors: p.errors } : {})} />
      <p class="muted">{s.rulesHint}</p>
      <table class="table points-rules">
        <thead>
          <tr>
            <th>{s.colRule}</th>
            <th>{s.rulePoints}</th>
            <th>{s.ruleCap}</th>
          </tr>
        </thead>
        <tbody>
          {p.rules.map((r) => (
            <tr>
              <td>{s.rules[r.rule]}</td>
              <td class={p.errors?.[`${r.rule}.points`] ? 'has-error' : undefined}>
                <input
                  name={`${r.rule}.points`}
                  value={v(`${r.rule}.points`, r.points)}
                  inputmode="numeric"
                  maxlength={6}
                  aria-label={`${s.rules[r.rule]} ${s.rulePoints}`}
                />
              </td>
              <td class={p.errors?.[`${r.rule}.cap`] ? 'has-error' : undefined}>
                <input
                  name={`${r.rule}.cap`}
                  value={v(`${r.rule}.cap`, r.dailyCap)}
                  inputmode="numeric"
                  maxlength={6}
                  aria-label={`${s.rules[r.rule]} ${s.ruleCap}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="submit" class="btn primary">
          {s.saveRules}
        </button>
      </p>
    </Form>
  );
}

export const adjustedFlash = (name: string, amount: number, balance: number) => format(s.adjusted, { name, amount: signed(amount), balance });
