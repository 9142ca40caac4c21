import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { ErrorSummary, Field, Form, type FormErrors } from '../../platform/html/forms.tsx';
import { formatDateTime } from '../articles/index.ts';
import type { Member } from '../members/index.ts';
import { registerBannedWordsImport } from '../banned-words/index.ts';
import { format } from '../../strings/index.ts';
import { actor, ConfirmBox, flashOf, formOf, intOf, s, seeOther, Total, type AdminDeps } from './admin.shared.tsx';

type Word = { id: number; word: string; createdAt: string };
const HOME = '/admin/banned-words/';

function BannedWordsView(p: { words: Word[]; value: string; errors: FormErrors; csrf: string }): SafeHtml {
  return (
    <div class="admin-banned-words">
      <p class="intro">{s.bannedWordsIntro}</p>
      <Form action={HOME} csrf={p.csrf} class="form inline-form">
        <ErrorSummary errors={p.errors} />
        <Field name="word" label={s.word} value={p.value} error={p.errors.word} required maxlength={64} />
        <button type="submit" class="btn primary">
          {s.addWord}
        </button>
      </Form>
      <p>
        <a class="btn" href="/admin/banned-words/import">
          {s.importWords}
        </a>
      </p>
      <Total n={p.words.length} />
      {p.words.length ? (
        <div class="table-wrap">
          <table class="table compact">
            <thead>
              <tr>
                <th>{s.word}</th>
                <th>{s.addedAt}</th>
                <th>{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              {p.words.map((w) => (
                <tr>
                  <td>{w.word}</td>
                  <td class="nowrap">{formatDateTime(w.createdAt)}</td>
                  <td>
                    <a class="btn small danger" href={`/admin/banned-words/${w.id}/delete`}>
                      {s.delete}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.noWords}</p>
      )}
    </div>
  );
}

/** 违禁词 (admins): list, add, remove (after a confirmation page, as every delete in the console). */
export function registerAdminBannedWords(app: FastifyInstance, deps: AdminDeps): void {
  const { guards, bannedWords, audit } = deps;

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, value = '', errors: FormErrors = {}, status?: number) {
    const body = <BannedWordsView words={await bannedWords.all()} value={value} errors={errors} csrf={deps.console.csrf(req, reply)} />;
    return deps.console.admin(req, reply, me, {
      title: s.bannedWords,
      current: HOME,
      body,
      flash: flashOf(req.query),
      status: status ?? (Object.keys(errors).length ? 422 : 200),
    });
  }

  app.get(HOME, async (req, reply) => render(req, reply, await guards.admin(req)));
  registerBannedWordsImport(app, deps); // 批量导入 (features/banned-words)

  app.post(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const word = formOf(req.body).word ?? '';
    try {
      await bannedWords.add(word);
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, me, word, { word: e.fields?.word ?? e.message });
      if (e instanceof ConflictError) return render(req, reply, me, word, { word: e.message }, 409);
      throw e;
    }
    await audit.record({ ...actor(req, me), action: 'banned_word.add', targetType: 'banned_word', detail: { word: word.trim() } });
    return seeOther(reply, `${HOME}?ok=added`);
  });

  app.get<{ Params: { id: string } }>('/admin/banned-words/:id/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const id = intOf(req.params.id);
    const w = (await bannedWords.all()).find((x) => x.id === id);
    if (!w) throw new NotFoundError(s.notFound.word);
    const message = format(s.deleteWordBody, { word: w.word });
    const body = <ConfirmBox message={message} action={`/admin/banned-words/${w.id}/delete`} csrf={deps.console.csrf(req, reply)} cancel={HOME} />;
    return deps.console.admin(req, reply, me, { title: s.deleteWord, current: HOME, body });
  });

  app.post<{ Params: { id: string } }>('/admin/banned-words/:id/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const id = intOf(req.params.id);
    const w = (await bannedWords.all()).find((x) => x.id === id);
    if (!w) throw new NotFoundError(s.notFound.word);
    await bannedWords.remove(w.id);
    await audit.record({ ...actor(req, me), action: 'banned_word.remove', targetType: 'banned_word', targetId: w.id, detail: { word: w.word } });
    return seeOther(reply, `${HOME}?ok=deleted`);
  });
}
