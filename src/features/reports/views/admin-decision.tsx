import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Form, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime } from '../../articles/index.ts';
import type { ReversalOffer } from '../reports.reversal.ts';
import { AUTHOR_REASON_MAX } from '../reports.schema.ts';
import type { DecisionPreview } from '../reports.service.ts';

const s = t.reports;

/** The decision as typed, carried through the confirmation step in hidden fields. */
export interface DecisionValues {
  hide: boolean;
  warn: boolean;
  ban: boolean;
  note: string;
  reason: string;
  /** The newest open report the form showed, as posted: the confirmed decision closes none newer. */
  upTo: string;
}

function hidden(v: DecisionValues): Record<string, string> {
  return {
    decision: 'resolve',
    upTo: v.upTo,
    ...(v.hide ? { hide: '1' } : {}),
    ...(v.warn ? { warn: '1' } : {}),
    ...(v.ban ? { ban: '1' } : {}),
    note: v.note,
    reason: v.reason,
  };
}

/**
 * The confirmation step of a decision that warns or bans the author (as 封禁 on the member page): what will
 * happen, the reason recorded with the warning or ban, and the 站内信 the author will get. Works without
 * JavaScript: 确认处理 posts the same decision with `confirm=1`; 返回修改 posts it back to the form.
 */
export function ConfirmDecision({ p, reportId, csrf, values }: { p: DecisionPreview; reportId: number; csrf: string; values: DecisionValues }): SafeHtml {
  const name = p.author?.username ?? '';
  const action = `/admin/reports/${reportId}`;
  return (
    <section class="panel confirm report-confirm">
      <p>{s.confirmIntro}</p>
      <ul>
        {p.actions.includes('hide') && s.confirmHide[p.target.type] ? <li>{s.confirmHide[p.target.type]}</li> : null}
        {p.actions.includes('warn') ? <li>{format(s.confirmWarn, { name })}</li> : null}
        {p.actions.includes('ban') ? <li>{format(p.alreadyBanned ? s.confirmAlreadyBanned : s.confirmBan, { name })}</li> : null}
      </ul>
      <h3>{s.confirmTold}</h3>
      <blockquote class="report-told">{p.told}</blockquote>
      {p.notice ? (
        <>
          <h3>{s.confirmNotice}</h3>
          <blockquote class="report-notice">{p.notice}</blockquote>
        </>
      ) : null}
      <div class="form-actions">
        <ActionButton action={action} csrf={csrf} label={s.confirmSubmit} fields={{ ...hidden(values), confirm: '1' }} class="btn danger" />
        <ActionButton action={action} csrf={csrf} label={s.confirmBack} fields={{ ...hidden(values), edit: '1' }} />
      </div>
    </section>
  );
}

/**
 * 撤销处理结果 under a resolved group: the decision (when, by whom, what), a reversal already made, and the
 * choices still open (restore the content, lift the ban, withdraw the warning) with a note for the author.
 */
export function ReversalPanel(p: {
  offer: ReversalOffer;
  reportId: number;
  csrf: string;
  who: (id: number | null) => string;
  targetType: 'article' | 'comment' | 'url';
  values?: { restore?: boolean; unban?: boolean; unwarn?: boolean; reason?: string };
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const { offer: o } = p;
  const d = o.decision;
  const v = p.values ?? { restore: o.restore, unban: o.unban, unwarn: o.unwarn };
  const open = o.restore || o.unban || o.unwarn;
  return (
    <section class="report-reversal" id="reverse">
      <h2>{s.reverseTitle}</h2>
      <p>{format(s.decidedLine, { time: formatDateTime(d.at), who: p.who(d.actorId), actions: d.actions.map((a) => s.actionWords[a]).join('、') })}</p>
      {d.reversal ? (
        <p class="muted">
          {format(s.reversedLine, {
            time: formatDateTime(d.reversal.at),
            who: p.who(d.reversal.actorId),
            what: d.reversal.undone.map((u) => s.reversedWords[u]).join('、'),
          })}
        </p>
      ) : null}
      {open ? (
        <>
          <p class="muted">{s.reverseIntro}</p>
          <ErrorSummary message={p.message} errors={p.errors} />
          <Form action={`/admin/reports/${p.reportId}/reverse`} csrf={p.csrf}>
            {o.restore ? <Checkbox name="restore" label={s.reverseRestore[p.targetType] ?? ''} checked={v.restore} /> : null}
            {o.unban ? (
              <>
                <Checkbox name="unban" label={s.reverseUnban} checked={v.unban} />
                <small class="meta">{format(s.reverseUnbanNow, { reason: o.banReason })}</small>
              </>
            ) : null}
            {o.unwarn ? <Checkbox name="unwarn" label={s.reverseUnwarn} checked={v.unwarn} /> : null}
            <TextArea
              name="reason"
              label={s.reverseReason}
              value={v.reason}
              error={p.errors?.reason}
              hint={format(s.reverseReasonHint, { n: AUTHOR_REASON_MAX })}
              maxlength={AUTHOR_REASON_MAX}
              rows={2}
            />
            <button type="submit" class="btn">
              {s.reverseSubmit}
            </button>
          </Form>
        </>
      ) : (
        <>
          {/* A refused reversal (taken back meanwhile by someone else) still says so. */}
          <ErrorSummary message={p.message} errors={p.errors} />
          <p class="muted">{s.reverseNothing}</p>
        </>
      )}
    </section>
  );
}
