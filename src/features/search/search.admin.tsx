import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { ActionButton, ErrorSummary, Field, Form, type FormErrors } from '../../platform/html/forms.tsx';
import { Pagination } from '../../platform/html/pagination.tsx';
import { clientIp } from '../../platform/http/app.ts';
import { format, t } from '../../strings/index.ts';
import { formatDateTime } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Search } from './search.service.ts';
import type { SearchTerm, TermPage } from './search.terms.ts';
import type { IndexJobStatus } from './search.index-jobs.ts';
import { claimManualRebuild } from './search.index-version.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';

const s = t.search.terms;
const HOME = '/admin/search/terms';

export interface SearchAdminDeps {
  search: Search;
  guards: Guards;
  console: Console;
  audit: Audit;
  /** The database and clock of the rebuild claim shared by every instance (search.index-version.ts). */
  dbh: DbHandle;
  clock: Clock;
}

function jobLine(j: IndexJobStatus): string {
  const what = j.kind === 'rebuild' ? s.jobRebuild : format(s.jobTerm, { term: j.term ?? '' });
  const n = { checked: j.checked, total: j.total, updated: j.updated, at: j.finishedAt ? formatDateTime(j.finishedAt) : '' };
  const state = (j.kind === 'rebuild' ? s.rebuildStates[j.state] : s.jobStates[j.state]) ?? '';
  return `${what}：${format(state, n)}`;
}

function JobsView({ jobs, csrf, refused }: { jobs: IndexJobStatus[]; csrf: string; refused?: string | undefined }): SafeHtml {
  const busy = jobs.some((j) => j.state === 'running' || j.state === 'queued');
  return (
    <section class="index-jobs">
      <h2>{s.jobsHeading}</h2>
      <ErrorSummary message={refused} />
      {jobs.length ? (
        <ul class="jobs">
          {jobs.map((j) => (
            <li class={`job ${j.state}`}>{jobLine(j)}</li>
          ))}
        </ul>
      ) : (
        <p class="empty">{s.noJobs}</p>
      )}
      {busy ? <p class="hint">{s.jobsRefresh}</p> : null}
      <p class="hint">{s.rebuildHint}</p>
      <ActionButton action={`${HOME}/reindex`} csrf={csrf} label={s.rebuild} class="btn" confirm={s.rebuildConfirm} />
    </section>
  );
}

function TermsView(p: {
  list: TermPage;
  filter: string;
  value: string;
  errors: FormErrors;
  csrf: string;
  jobs: IndexJobStatus[];
  refused?: string | undefined;
}): SafeHtml {
  const urlFor = (n: number) => {
    const qs = new URLSearchParams();
    if (p.filter) qs.set('q', p.filter);
    if (n > 1) qs.set('page', String(n));
    const str = qs.toString();
    return str ? `${HOME}?${str}` : HOME;
  };
  return (
    <div class="admin-search-terms">
      <p class="intro">{s.intro}</p>
      <Form action={HOME} csrf={p.csrf} class="form inline-form">
        <ErrorSummary errors={p.errors} />
        <Field name="term" label={s.term} value={p.value} error={p.errors.term} required maxlength={20} hint={s.termHint} />
        <button type="submit" class="btn primary">
          {s.add}
        </button>
      </Form>
      <JobsView jobs={p.jobs} csrf={p.csrf} refused={p.refused} />
      <form class="form inline-form term-filter" method="get" action={HOME} role="search">
        <label>
          {s.filter} <input type="search" name="q" value={p.filter} maxlength="20" />
        </label>{' '}
        <button type="submit" class="btn">
          {s.filterButton}
        </button>
      </form>
      <p class="count">{format(p.filter ? s.countFiltered : s.count, { n: p.list.total, q: p.filter })}</p>
      {p.list.terms.length ? (
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
              {p.list.terms.map((w: SearchTerm) => (
                <tr>
                  <td>{w.term}</td>
                  <td class="nowrap">{formatDateTime(w.createdAt)}</td>
                  <td>
                    <ActionButton
                      action={`${HOME}/${w.id}/delete`}
                      csrf={p.csrf}
                      label={s.remove}
                      class="btn small danger"
                      confirm={format(s.removeConfirm, { term: w.term })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{p.filter ? s.noneFiltered : s.none}</p>
      )}
      <Pagination
        page={p.list.page}
        pages={p.list.pages}
        urlFor={urlFor}
        labels={{ first: t.firstPage, prev: t.prevPage, next: t.nextPage, last: t.lastPage }}
      />
    </div>
  );
}

const FLASH: Record<string, string> = { added: s.added, removed: s.removed, reindex: s.rebuildQueued };
const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** 搜索词库 (admins): words the segmenter keeps whole, and the index jobs that follow them. Every change is in the audit log. */
export function registerSearchAdmin(app: FastifyInstance, deps: SearchAdminDeps): void {
  const { guards, search, audit } = deps;
  // Background index jobs stop with the server (before the database closes).
  app.addHook('onClose', async () => search.jobs.stop());

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, value = '', errors: FormErrors = {}, status?: number, refused?: string) {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const filter = one(query.q).trim().slice(0, 20);
    const page = /^[1-9]\d{0,4}$/.test(one(query.page)) ? Number(one(query.page)) : 1;
    const ok = one(query.ok);
    const body = (
      <TermsView
        list={await search.terms.list({ q: filter, page })}
        filter={filter}
        value={value}
        errors={errors}
        csrf={deps.console.csrf(req, reply)}
        jobs={search.jobs.status()}
        refused={refused}
      />
    );
    return deps.console.admin(req, reply, me, {
      title: s.title,
      current: HOME,
      body,
      ...(FLASH[ok] ? { flash: FLASH[ok] } : {}),
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

  app.post(`${HOME}/reindex`, async (req, reply) => {
    const me = await guards.admin(req);
    // Not audited: it changes no content, only rebuilds the index from it. One rebuild at a time over all
    // instances (a start-up rebuild after an index version change included): the database claim decides.
    if (search.jobs.isRebuilding()) return render(req, reply, me, '', {}, 409, s.rebuildRunning);
    const claim = await claimManualRebuild(deps.dbh.db, deps.clock);
    if ('startedAt' in claim) return render(req, reply, me, '', {}, 409, format(s.rebuildElsewhere, { at: formatDateTime(claim.startedAt) }));
    search.jobs.rebuild(claim);
    return reply.redirect(`${HOME}?ok=reindex`, 303);
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
