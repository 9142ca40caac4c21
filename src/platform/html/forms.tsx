import { h, Fragment, type Child, type SafeHtml } from './jsx.ts';
import { t } from '../../strings/index.ts';

/**
 * Form building blocks: every field shows its error next to it and keeps what the person typed.
 * Labels and messages come from the caller (strings live in src/strings).
 */
export type FormErrors = Record<string, string | undefined>;

export function Form(props: {
  action: string;
  csrf: string;
  method?: 'post' | 'get';
  multipart?: boolean;
  class?: string;
  /** Asked (window.confirm, site.js) before the form is sent. */
  confirm?: string;
  children?: Child;
}): SafeHtml {
  const action = props.multipart ? `${props.action}${props.action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(props.csrf)}` : props.action;
  return (
    <form
      method={props.method ?? 'post'}
      action={action}
      class={props.class ?? 'form'}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      data-confirm={props.confirm}
      novalidate
    >
      {props.method === 'get' ? null : <input type="hidden" name="_csrf" value={props.csrf} />}
      {props.children}
    </form>
  );
}

/** The summary at the top of a form that failed validation. */
export function ErrorSummary({ message, errors }: { message?: string; errors?: FormErrors }): SafeHtml {
  const list = Object.values(errors ?? {}).filter(Boolean) as string[];
  if (!message && !list.length) return <></>;
  return (
    <div class="form-errors" role="alert">
      {message ? <p>{message}</p> : null}
      {list.length ? (
        <ul>
          {list.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: string;
  required?: boolean;
  maxlength?: number;
  autocomplete?: string;
  placeholder?: string;
}

/** The ids of a field's hint and error, for aria-describedby: the hint is read with the field always, not only after an error. */
export function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `h-${name}` : '', error ? `e-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame(props: { name: string; label: string; error?: string; hint?: string; children?: Child }): SafeHtml {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <small class="hint" id={`h-${props.name}`}>
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small class="error" id={`e-${props.name}`}>
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

export function Field(p: FieldProps): SafeHtml {
  return (
    <FieldFrame name={p.name} label={p.label} error={p.error} hint={p.hint}>
      <input
        id={`f-${p.name}`}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value}
        required={p.required}
        maxlength={p.maxlength}
        autocomplete={p.autocomplete}
        placeholder={p.placeholder}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      />
    </FieldFrame>
  );
}

export function TextArea(p: FieldProps & { rows?: number }): SafeHtml {
  return (
    <FieldFrame name={p.name} label={p.label} error={p.error} hint={p.hint}>
      <textarea
        id={`f-${p.name}`}
        name={p.name}
        rows={p.rows ?? 5}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select(p: FieldProps & { options: Array<{ value: string; label: string }> }): SafeHtml {
  return (
    <FieldFrame name={p.name} label={p.label} error={p.error} hint={p.hint}>
      <select id={`f-${p.name}`} name={p.name} required={p.required} aria-describedby={describedBy(p.name, p.hint, p.error)}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function Checkbox(p: { name: string; label: string; checked?: boolean; value?: string }): SafeHtml {
  return (
    <div class="field checkbox">
      <label>
        <input type="checkbox" name={p.name} value={p.value ?? '1'} checked={p.checked} /> {p.label}
      </label>
    </div>
  );
}

/** A honeypot: invisible to people, filled in by naive bots. */
export function Honeypot({ name, label = t.http.honeypotLabel }: { name: string; label?: string }): SafeHtml {
  return (
    <div class="hp" aria-hidden="true">
      <label>
        {label} <input type="text" name={name} tabindex="-1" autocomplete="off" />
      </label>
    </div>
  );
}

/** A one-button POST form (delete, approve, log out...). */
export function ActionButton(p: { action: string; csrf: string; label: string; fields?: Record<string, string>; class?: string; confirm?: string }): SafeHtml {
  return (
    <form method="post" action={p.action} class="inline" data-confirm={p.confirm}>
      <input type="hidden" name="_csrf" value={p.csrf} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={p.class ?? 'btn'}>
        {p.label}
      </button>
    </form>
  );
}
