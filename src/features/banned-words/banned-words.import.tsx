import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ValidationError } from '../../platform/errors.ts';
import { clientIp } from '../../platform/http/app.ts';
import { ErrorSummary, Form, TextArea, type FormErrors } from '../../platform/html/forms.tsx';
import type { Guards, Member } from '../members/index.ts';
import type { Console } from '../console/index.ts';
import type { Audit } from '../audit/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { t, format } from '../../strings/index.ts';
import type { BannedWords, ImportResult } from './banned-words.service.ts';

const s = t.admin;
const LIST = '/admin/banned-words/';
export const IMPORT_PATH = '/admin/banned-words/import';
/** Longest pasted text (2,000 words of up to 64 characters fit well). */
const TEXT_MAX = 200_000;

export interface BannedWordsImportDeps {
  guards: Guards;
  console: Console;
  audit: Audit;
  bannedWords: BannedWords;
  settings: SettingsService;
  /** Post/Redirect/Get: the import's result waits here for GET ?result=<key> (the console's store, per session). */
  batchResults: {
    keep(req: FastifyRequest, memberId: number, kind: string, value: unknown): Promise<string>;
    read(req: FastifyRequest, memberId: number, kind: string, key: string): Promise<unknown>;
  };
}

const RESULT_KIND = 'banned-words.import';
const KeptResult = z.object({ added: z.array(z.string()), existing: z.array(z.string()), invalid: z.array(z.string()) });

function WordList({ label, words }: { label: string; words: string[] }): SafeHtml | null {
  if (!words.length) return null;
  return (
    <div class="import-list">
      <h3>
        {label}（{words.length}）
      </h3>
      <p>{words.join('、')}</p>
    </div>
  );
}

function ImportView(p: { value: string; errors: FormErrors; csrf: string; result?: ImportResult; action: string; notice?: string }): SafeHtml {
  return (
    <div class="admin-banned-words-import">
      {p.result ? (
        <div class="import-result" role="status">
          <p class="flash">{format(s.importSummary, { added: p.result.added.length, existing: p.result.existing.length, invalid: p.result.invalid.length })}</p>
          <p class="hint">{format(s.importAction, { action: p.action })}</p>
          <WordList label={s.importAdded} words={p.result.added} />
          <WordList label={s.importExisting} words={p.result.existing} />
          <WordList label={s.importInvalid} words={p.result.invalid} />
        </div>
      ) : null}
      <Form action={IMPORT_PATH} csrf={p.csrf} class="form">
        <ErrorSummary errors={p.errors} message={p.notice} />
        <TextArea name="words" label={s.importWordsLabel} value={p.value} error={p.errors.words} hint={s.importWordsHint} rows={12} required />
        <p class="hint">{format(s.importAction, { action: p.action })}</p>
        <div class="form-actions">
          <button type="submit" class="btn primary">
            {s.importWordsButton}
          </button>{' '}
          <a href={LIST}>{s.bannedWords}</a>
        </div>
      </Form>
    </div>
  );
}

/** 违禁词 批量导入 (admins): paste many words, get 新增 / 已有 / 无效 back; one audit entry per batch. */
export function registerBannedWordsImport(app: FastifyInstance, deps: BannedWordsImportDeps): void {
  const { guards, bannedWords, audit } = deps;

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, value: string, errors: FormErrors = {}, result?: ImportResult, notice?: string) {
    const st = await deps.settings.get();
    const action = st.bannedWordAction === 'reject' ? s.s.bannedReject : s.s.bannedHold;
    const body = <ImportView value={value} errors={errors} csrf={deps.console.csrf(req, reply)} result={result} action={action} notice={notice} />;
    return deps.console.admin(req, reply, me, {
      title: `${s.bannedWords} · ${s.importWords}`,
      current: LIST,
      body,
      status: notice ? 404 : Object.keys(errors).length ? 422 : 200,
    });
  }

  app.get<{ Querystring: { result?: string } }>(IMPORT_PATH, async (req, reply) => {
    const me = await guards.admin(req);
    if (typeof req.query.result !== 'string') return render(req, reply, me, '');
    // The page the import redirected to: its result, as often as it is reloaded (nothing is imported again).
    const kept = KeptResult.safeParse(await deps.batchResults.read(req, me.id, RESULT_KIND, req.query.result));
    return kept.success ? render(req, reply, me, '', {}, kept.data) : render(req, reply, me, '', {}, undefined, s.importResultGone);
  });

  app.post(IMPORT_PATH, { bodyLimit: TEXT_MAX * 4 }, async (req, reply) => {
    const me = await guards.admin(req);
    const raw = (req.body as Record<string, unknown> | undefined)?.words;
    const text = typeof raw === 'string' ? raw : '';
    if (text.length > TEXT_MAX) return render(req, reply, me, '', { words: format(s.importTextTooLong, { n: TEXT_MAX }) });
    let result: ImportResult;
    try {
      result = await bannedWords.importMany(text);
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, me, text, { words: e.fields?.words ?? e.message });
      throw e;
    }
    await audit.record({
      actorId: me.id,
      ip: clientIp(req),
      action: 'banned_word.import',
      targetType: 'banned_word',
      detail: { added: result.added.length, existing: result.existing.length, invalid: result.invalid.length, words: result.added.slice(0, 100) },
    });
    const key = await deps.batchResults.keep(req, me.id, RESULT_KIND, result);
    return reply.redirect(`${IMPORT_PATH}?result=${key}`, 303);
  });
}
