import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { Checkbox, ErrorSummary, Form, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { Member } from '../../members/index.ts';
import type { Report, ReportGroup } from '../reports.repo.ts';
import { AUTHOR_REASON_MAX, NOTE_MAX, REPORT_STATUSES, type ReportStatus, type ReportTarget } from '../reports.schema.ts';
import type { TargetInfo } from '../reports.service.ts';
import { Tabs } from '../../../platform/html/tabs.tsx';

/** The reported thing: its kind, a link to it while public, and whether it is hidden or gone. */
export function TargetCell({ target, info }: { target: ReportTarget; info: TargetInfo }): SafeHtml {
  return (
    <span class="report-target-cell">
      <span class="badge">{t.reports.targetTypes[target.type]}</span>{' '}
      {info.href && !info.gone ? (
        <a href={info.href} rel={target.type === 'url' ? 'nofollow noopener noreferrer' : undefined} target={target.type === 'url' ? '_blank' : undefined}>
          {info.label}
        </a>
      ) : (
        <span>{info.label}</span>
      )}
      {info.gone ? <em class="muted"> {t.reports.targetGone}</em> : !info.visible ? <em class="muted"> {t.reports.targetHidden}</em> : null}
      {info.context ? <small class="meta"> {format(t.reports.commentOn, { title: info.context })}</small> : null}
    </span>
  );
}

export function StatusTabs({ current, base }: { current: ReportStatus; base: string }): SafeHtml {
  return <Tabs label="status" tabs={REPORT_STATUSES.map((s) => ({ href: `${base}?status=${s}`, label: t.reports.tabs[s], current: s === current }))} />;
}

export interface QueueData {
  status: ReportStatus;
  groups: Array<ReportGroup & { info: TargetInfo }>;
  page: number;
  pages: number;
}

export function QueueView({ d }: { d: QueueData }): SafeHtml {
  return (
    <>
      <StatusTabs current={d.status} base="/admin/reports/" />
      {d.groups.length ? (
        <table class="table report-queue">
          <thead>
            <tr>
              <th>{t.reports.colTarget}</th>
              <th>{t.reports.colCount}</th>
              <th>{t.reports.colReason}</th>
              <th>{t.reports.colLatest}</th>
              <th>{t.reports.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {d.groups.map((g) => (
              <tr>
                <td>
                  <TargetCell target={g.target} info={g.info} />
                </td>
                <td class="count">{g.count}</td>
                <td>{g.reasons.map((r) => `${t.reports.reasons[r.reason]}×${r.count}`).join('，')}</td>
                <td>{formatDateTime(g.lastAt)}</td>
                <td>
                  <a href={`/admin/reports/${g.latestId}`}>{d.status === 'open' ? t.reports.handle : t.reports.view}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">{t.reports.adminEmpty}</p>
      )}
      <Pagination page={d.page} pages={d.pages} urlFor={(n) => `/admin/reports/?status=${d.status}&page=${n}`} />
    </>
  );
}

export interface GroupData {
  reportId: number;
  target: ReportTarget;
  info: TargetInfo;
  reports: Report[];
  author: Member | undefined;
  members: Map<number, Member>;
  openCount: number;
  csrf: string;
  values: { hide?: boolean; warn?: boolean; ban?: boolean; note?: string; reason?: string };
  errors?: FormErrors;
  message?: string;
}

function AuthorLine({ d }: { d: GroupData }): SafeHtml {
  if (d.target.type === 'url') return <></>;
  return (
    <p class="report-author">
      {t.reports.authorLabel}：
      {d.author ? (
        <>
          {d.author.username}
          {d.author.status === 'banned' ? <span class="badge">{t.reports.authorBanned}</span> : null}
        </>
      ) : (
        t.reports.guestAuthor
      )}
    </p>
  );
}

function who(id: number | null, members: Map<number, Member>): string {
  return id === null ? t.reports.guestReporter : (members.get(id)?.username ?? `#${id}`);
}

export function GroupView({ d }: { d: GroupData }): SafeHtml {
  const e = d.errors ?? {};
  // The newest open report shown: the decision closes the open reports up to it, not one filed after the page was made.
  const upTo = Math.max(0, ...d.reports.filter((r) => r.status === 'open').map((r) => r.id));
  return (
    <>
      <div class="report-group">
        <TargetCell target={d.target} info={d.info} />
        <AuthorLine d={d} />
      </div>
      <h2>{format(t.reports.reportsOnTarget, { n: d.reports.length })}</h2>
      <table class="table report-list">
        <thead>
          <tr>
            <th>{t.reports.colReason}</th>
            <th>{t.reports.description}</th>
            <th>{t.reports.colReporter}</th>
            <th>{t.reports.colTime}</th>
            <th>{t.reports.colStatus}</th>
            <th>{t.reports.colResult}</th>
          </tr>
        </thead>
        <tbody>
          {d.reports.map((r) => (
            <tr id={`r${r.id}`} class={r.status}>
              <td>{t.reports.reasons[r.reason]}</td>
              <td class="description">{r.description}</td>
              <td>
                {who(r.reporterId, d.members)}
                <small class="meta"> {r.reporterIp}</small>
              </td>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>{t.reports.statuses[r.status]}</td>
              <td>
                {r.status === 'open' ? null : (
                  <>
                    {r.resolution || t.reports.noNote}
                    <small class="meta">
                      {' '}
                      {who(r.resolvedBy, d.members)} {r.resolvedAt ? formatDateTime(r.resolvedAt) : ''}
                    </small>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.openCount ? (
        <section class="report-actions">
          <h2>{t.reports.actionsTitle}</h2>
          <ErrorSummary message={d.message} errors={d.errors} />
          <Form action={`/admin/reports/${d.reportId}`} csrf={d.csrf}>
            <input type="hidden" name="upTo" value={String(upTo)} />
            {d.target.type === 'url' ? null : (
              <>
                <Checkbox name="hide" label={t.reports.actionHide} checked={d.values.hide} />
                {e.hide ? <small class="error">{e.hide}</small> : null}
                <Checkbox name="warn" label={t.reports.actionWarn} checked={d.values.warn} />
                {e.warn ? <small class="error">{e.warn}</small> : null}
                <Checkbox name="ban" label={t.reports.actionBan} checked={d.values.ban} />
                {e.ban ? <small class="error">{e.ban}</small> : null}
                <TextArea
                  name="reason"
                  label={t.reports.authorReasonLabel}
                  value={d.values.reason}
                  error={e.reason}
                  hint={format(t.reports.authorReasonHint, { n: AUTHOR_REASON_MAX })}
                  maxlength={AUTHOR_REASON_MAX}
                  rows={2}
                />
              </>
            )}
            <TextArea
              name="note"
              label={t.reports.note}
              value={d.values.note}
              error={e.note}
              hint={format(t.reports.noteHint, { n: NOTE_MAX })}
              maxlength={NOTE_MAX}
              rows={3}
            />
            <button type="submit" name="decision" value="resolve" class="btn primary">
              {t.reports.resolveButton}
            </button>{' '}
            <button type="submit" name="decision" value="dismiss" class="btn">
              {t.reports.dismissButton}
            </button>
          </Form>
        </section>
      ) : (
        <p class="empty">{t.reports.nothingOpen}</p>
      )}
    </>
  );
}
