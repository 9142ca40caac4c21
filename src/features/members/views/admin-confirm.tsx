import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { t } from '../../../strings/index.ts';
import type { AdminWarning } from '../members.warnings.ts';
import { beijingTime } from './account-views.tsx';

const s = t.members;

/**
 * The confirmation step of a one-click action with heavy effects (封禁, granting 管理员): the form posted
 * again with `confirm=1`. Works without JavaScript; nothing was written yet.
 */
export function ConfirmStep(p: {
  message: string;
  note?: string;
  action: string;
  csrf: string;
  fields: Record<string, string>;
  label: string;
  cancel: string;
}): SafeHtml {
  return (
    <section class="panel confirm">
      <p>{p.message}</p>
      {p.note ? <p class="muted">{p.note}</p> : null}
      <div class="form-actions">
        <form method="post" action={p.action} class="inline">
          <input type="hidden" name="_csrf" value={p.csrf} />
          {Object.entries(p.fields).map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="confirm" value="1" />
          <button type="submit" class="btn danger">
            {p.label}
          </button>
        </form>
        <a class="btn" href={p.cancel}>
          {t.admin.cancel}
        </a>
      </div>
    </section>
  );
}

/** The member's warnings, newest first: when, by whom, why. */
export function WarningsList({ items }: { items: AdminWarning[] }): SafeHtml {
  if (!items.length) return <p class="muted">{s.noWarnings}</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th>{s.warnedAt}</th>
            <th>{s.warnedBy}</th>
            <th>{s.warnReason}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((w) => (
            <tr>
              <td class="nowrap">{beijingTime(w.at)}</td>
              <td>{w.by}</td>
              <td>{w.reason || s.noReason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
