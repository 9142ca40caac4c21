import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ErrorSummary, Field, Form, type FormErrors } from '../../../platform/html/forms.tsx';
import { t } from '../../../strings/index.ts';

const s = t.tips;

export interface TipSettingsValues {
  presets: string;
  sharePercent: string;
  minAmount: string;
  maxAmount: string;
}

/** 打赏设置 (admins): presets, the author's share and the limits of one tip. */
export function TipSettingsForm(p: { values: TipSettingsValues; errors: FormErrors; csrf: string; action: string }): SafeHtml {
  return (
    <div class="tip-settings">
      <p class="intro">{s.settingsIntro}</p>
      <Form action={p.action} csrf={p.csrf}>
        <ErrorSummary errors={p.errors} />
        <Field name="presets" label={s.presetsLabel} value={p.values.presets} error={p.errors.presets} hint={s.presetsHint} maxlength={100} required />
        <Field name="sharePercent" label={s.shareLabel} value={p.values.sharePercent} error={p.errors.sharePercent} maxlength={3} required />
        <Field name="minAmount" label={s.minLabel} value={p.values.minAmount} error={p.errors.minAmount} maxlength={7} required />
        <Field name="maxAmount" label={s.maxLabel} value={p.values.maxAmount} error={p.errors.maxAmount} maxlength={7} required />
        <button type="submit" class="btn primary">
          {s.save}
        </button>
      </Form>
    </div>
  );
}
