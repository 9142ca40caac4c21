import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { ActionButton, ErrorSummary, Field, Form, type FormErrors } from '../../platform/html/forms.tsx';
import { clientIp } from '../../platform/http/app.ts';
import { t } from '../../strings/index.ts';
import { formatDateTime } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Search } from './search.service.ts';
import type { SearchTerm } from './search.terms.ts';

const s = t.search.terms;
const HOME = '/admin/search/terms';

export interface SearchAdminDeps {
  search: Search;
  guards: Guards;
  console: Console;
  audit: Audit;
}

function TermsView(p: { terms: SearchTerm[]; value: string; errors: FormErrors; csrf: string }): SafeHtml {
  return (
    <div class="admin-search-terms">
      <p class="intro">{s.intro}</p>
      <Form action={HOME} csrf={p.csrf} class="form inline-form">
        <ErrorSummary errors={p.errors} />
        <Field name="term" label={s.term} value={p.value} error={p.errors.term} required maxlength={20} />
        <button type="submit" class="btn primary">
          {s.add}
        </button>
      </Form>
      {p.terms.length ? (
        <div class="table-wrap">
          <table class="table compact">
            <thead>
              <tr>
                <th>{s.term}</th>
                <th>{s.addedAt}</th>
                <th>{s.actions}</th>
              </tr>
            </thead>
            <tbody>
              {p.terms.map((w) => (
                <tr>
                  <td>{w.term}</td>
                  <td class="nowrap">{formatDateTime(w.createdAt)}</td>
                  <td>
                    <ActionButton action={`${HOME}/${w.id}/delete`} csrf={p.csrf} label={s.remove} class="btn small danger" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{s.none}</p>
      )}
    </div>
  );
}

const FLASH: Record<string, string> = { added: s.added, removed: s.removed };

/** 搜索词库 (admins): words the segmenter keeps whole. Every change is in the audit log. */
export function registerSearchAdmin(app: FastifyInstance, deps: SearchAdminDeps): void {
  const { guards, search, audit } = deps;

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, value = '', errors: FormErrors = {}, status?: number) {
    const ok = (req.query as Record<string, unknown> | undefined)?.ok;
    const body = <TermsView terms={await search.terms.list()} value={value} errors={errors} csrf={deps.console.csrf(req, reply)} />;
    return deps.console.admin(req, reply, me, {
      title: s.title,
      current: HOME,
      body,
      ...(typeof ok === 'string' && FLASH[ok] ? { flash: FLASH[ok] } : {}),
      status: status ?? (Object.keys(errors).length ? 422 : 200),
    });
  }

  app.get(HOME, async (req, reply) => render(req, reply, await guards.admin(req)));

  app.post(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const raw = (req.body as Record<string, unknown> | undefined)?.term;
    const value = typeof raw === 'string' ? raw : '';
    let added: SearchTerm;
    try {
      added = await search.terms.add(value, me.id);
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, me, value, { term: e.fields?.term ?? e.message });
      if (e instanceof ConflictError) return render(req, reply, me, value, { term: e.message }, 409);
      throw e;
    }
    await audit.record({
      actorId: me.id,
      ip: clientIp(req),
      action: 'search_term.add',
      targetType: 'search_term',
      targetId: added.id,
      detail: { term: added.term },
    });
    return reply.redirect(`${HOME}?ok=added`, 303);
  });

  app.post<{ Params: { id: string } }>(`${HOME}/:id/delete`, async (req, reply) => {
    const me = await guards.admin(req);
    const id = /^[1-9]\d{0,9}$/.test(req.params.id) ? Number(req.params.id) : 0;
    if (!id) throw new NotFoundError(s.notFound);
    const gone = await search.terms.remove(id);
    await audit.record({
      actorId: me.id,
      ip: clientIp(req),
      action: 'search_term.remove',
      targetType: 'search_term',
      targetId: gone.id,
      detail: { term: gone.term },
    });
    return reply.redirect(`${HOME}?ok=removed`, 303);
  });
}
