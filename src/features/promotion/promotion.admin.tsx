import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { h } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { format, t } from '../../strings/index.ts';
import type { Articles } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member, Members } from '../members/index.ts';
import { addPeriods, isPeriod, periodLabel, periodOf } from './promotion.periods.ts';
import type { Promotion } from './promotion.service.ts';
import { KeywordEditView, KeywordsView, keywordValues, RoundBidsView, type CategoryOption, type KeywordFormValues } from './views/admin-pages.tsx';

const s = t.promotion;
const CURRENT = '/admin/promotion/';
const BLANK: KeywordFormValues = { keyword: '', floorPrice: '', slots: '3', active: true, category: '' };

type Q = Record<string, string | undefined>;

function idParam(v: string): number {
  if (!/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647) throw new NotFoundError();
  return Number(v);
}

const formValues = (b: Q): KeywordFormValues => ({
  keyword: b.keyword ?? '',
  floorPrice: b.floorPrice ?? '',
  slots: b.slots ?? '',
  active: b.active === '1',
  category: b.category ?? '',
});

export interface PromotionAdminDeps {
  promotion: Promotion;
  articles: Articles;
  members: Members;
  categories: Categories;
  clock: Clock;
  guards: Guards;
  console: Console;
}

/** 推广关键词 / 出价管理 (admins): keywords CRUD, each round's bids, 立即结算. Every change is audited by the service. */
export function registerPromotionAdmin(app: FastifyInstance, deps: PromotionAdminDeps): void {
  const { promotion, guards } = deps;

  async function categoryOptions(): Promise<CategoryOption[]> {
    const all = await deps.categories.all();
    const out: CategoryOption[] = [];
    const walk = (parent: number | null, depth: number) => {
      for (const c of all.filter((x) => x.parentId === parent)) {
        out.push({ id: c.id, name: c.name, depth });
        if (depth < 8) walk(c.id, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  }

  async function renderList(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    over: { values?: KeywordFormValues; errors?: Record<string, string>; message?: string; status?: number; flash?: string } = {},
  ) {
    const nextPeriod = addPeriods(periodOf(deps.clock.now()), 1);
    const keywords = await promotion.keywords();
    const held = await promotion.standing(
      keywords.map((k) => k.id),
      nextPeriod,
      'held',
    );
    const body = (
      <KeywordsView
        keywords={keywords}
        held={new Map([...held.entries()].map(([id, bids]) => [id, bids.length]))}
        nextPeriod={nextPeriod}
        categories={await categoryOptions()}
        csrf={deps.console.csrf(req, reply)}
        values={over.values ?? BLANK}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return deps.console.admin(req, reply, me, {
      title: s.adminTitle,
      current: CURRENT,
      body,
      status: over.status ?? 200,
      ...(over.flash ? { flash: over.flash } : {}),
    });
  }

  app.get<{ Querystring: Q }>('/admin/promotion/', async (req, reply) => {
    const me = await guards.admin(req);
    const q = req.query;
    const flashes: Record<string, string> = {
      created: s.createdFlash,
      saved: s.savedFlash,
      removed: s.removedFlash,
      settled: format(s.settleFlash, { rounds: Number(q.rounds) || 0, won: Number(q.won) || 0, lost: Number(q.lost) || 0 }),
    };
    const flash = flashes[q.done ?? ''];
    return renderList(req, reply, me, flash ? { flash } : {});
  });

  app.post<{ Body: Q }>('/admin/promotion/keywords', async (req, reply) => {
    const me = await guards.admin(req);
    const b = req.body ?? {};
    try {
      await promotion.createKeyword(b, me, clientIp(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderList(req, reply, me, { values: formValues(b), errors: e.fields ?? {}, message: e.message, status: 422 });
    }
    return reply.redirect('/admin/promotion/?done=created', 303);
  });

  async function renderEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number,
    over: { values?: KeywordFormValues; errors?: Record<string, string>; message?: string; status?: number } = {},
  ) {
    const k = await promotion.keywordById(id);
    const body = (
      <KeywordEditView
        keyword={k}
        categories={await categoryOptions()}
        csrf={deps.console.csrf(req, reply)}
        values={over.values ?? keywordValues(k)}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return deps.console.admin(req, reply, me, { title: `${s.editKeyword}：${k.keyword}`, current: CURRENT, body, status: over.status ?? 200 });
  }

  app.get<{ Params: { id: string } }>('/admin/promotion/keywords/:id', async (req, reply) => {
    const me = await guards.admin(req);
    return renderEdit(req, reply, me, idParam(req.params.id));
  });

  app.post<{ Params: { id: string }; Body: Q }>('/admin/promotion/keywords/:id', async (req, reply) => {
    const me = await guards.admin(req);
    const id = idParam(req.params.id);
    const b = req.body ?? {};
    try {
      await promotion.updateKeyword(id, b, me, clientIp(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderEdit(req, reply, me, id, { values: formValues(b), errors: e.fields ?? {}, message: e.message, status: 422 });
    }
    return reply.redirect('/admin/promotion/?done=saved', 303);
  });

  app.post<{ Params: { id: string } }>('/admin/promotion/keywords/:id/delete', async (req, reply) => {
    const me = await guards.admin(req);
    await promotion.deleteKeyword(idParam(req.params.id), me, clientIp(req));
    return reply.redirect('/admin/promotion/?done=removed', 303);
  });

  app.get<{ Params: { id: string }; Querystring: Q }>('/admin/promotion/keywords/:id/bids', async (req, reply) => {
    const me = await guards.admin(req);
    const k = await promotion.keywordById(idParam(req.params.id));
    const current = periodOf(deps.clock.now());
    const periods = [-1, 0, 1, 2, 3].map((n) => addPeriods(current, n));
    const period = isPeriod(req.query.period) ? req.query.period : addPeriods(current, 1);
    if (!periods.includes(period)) periods.push(period);
    periods.sort();
    const [bids, round] = await Promise.all([promotion.bidsOfRound(k.id, period), promotion.round(k.id, period)]);
    const [names, titles] = await Promise.all([
      deps.members.byIds(bids.map((b) => b.memberId)),
      Promise.all([...new Set(bids.map((b) => b.articleId))].map((id) => deps.articles.getAny(id))),
    ]);
    const titleOf = new Map(titles.flatMap((a) => (a ? [[a.id, a.title] as const] : [])));
    const rows = bids.map((b) => ({ ...b, memberName: names.get(b.memberId)?.username ?? `#${b.memberId}`, articleTitle: titleOf.get(b.articleId) }));
    const body = <RoundBidsView keyword={k} period={period} periods={periods} settledAt={round?.settledAt} bids={rows} />;
    return deps.console.admin(req, reply, me, {
      title: `${format(s.adminBidsTitle, { keyword: k.keyword })} · ${periodLabel(period)}`,
      current: CURRENT,
      body,
    });
  });

  app.post('/admin/promotion/settle', async (req, reply) => {
    const me = await guards.admin(req);
    const r = await promotion.settleDue({ member: me, ip: clientIp(req) });
    return reply.redirect(`/admin/promotion/?done=settled&rounds=${r.rounds}&won=${r.won}&lost=${r.lost}`, 303);
  });
}
