import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { ValidationError, NotFoundError, isAppError } from '../../platform/errors.ts';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { ErrorSummary } from '../../platform/html/forms.tsx';
import { format, t } from '../../strings/index.ts';
import type { Articles } from '../articles/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import { biddablePeriods, periodOf } from './promotion.periods.ts';
import { entryPrice, type Promotion } from './promotion.service.ts';
import { BidFormView, MyBidsView, type BidFormValues } from './views/member-pages.tsx';

const s = t.promotion;
const PER_PAGE = 20;
const CURRENT = '/member/promotion/';
/** Articles offered in the bid form (the member's latest published ones). */
const ARTICLE_CHOICES = 100;

type Q = Record<string, string | undefined>;

/** The form's idempotency field: a UUID made when the form was rendered; anything else is ignored. */
export function formKeyOf(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(v) ? v : undefined;
}

function idParam(v: string | undefined): number {
  if (!v || !/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647) throw new NotFoundError();
  return Number(v);
}

export interface PromotionMemberDeps {
  promotion: Promotion;
  articles: Articles;
  points: Points;
  clock: Clock;
  guards: Guards;
  console: Console;
}

/** 我的推广 (`/member/promotion/`): my bids with their status, the bid form, withdrawal. */
export function registerPromotionMember(app: FastifyInstance, deps: PromotionMemberDeps): void {
  const { promotion, guards } = deps;

  /**
   * The line above the list after a bid, raise or withdrawal. Amounts come from the member's own bid
   * (named by id in the redirect), never from the URL: a crafted link cannot make the page claim more.
   */
  async function flashFor(me: Member, query: Q, shown: Array<{ id: number; memberId: number; amount: number; status: string }>): Promise<string | undefined> {
    if (query.done === 'replay') return s.replayFlash;
    const template = { bid: s.bidFlash, raise: s.raiseFlash, withdraw: s.withdrawFlash }[query.done ?? ''];
    const id = /^[1-9]\d{0,9}$/.test(query.bid ?? '') ? Number(query.bid) : undefined;
    if (!template || id === undefined) return undefined;
    const b = shown.find((x) => x.id === id) ?? (await promotion.bidById(id));
    if (!b || b.memberId !== me.id) return undefined;
    if (query.done === 'withdraw' ? b.status !== 'withdrawn' : b.status !== 'held') return undefined;
    return format(template, { n: b.amount });
  }

  /** The list of my bids; after a refused withdrawal it carries the refusal above the list (409). */
  async function renderList(req: FastifyRequest, reply: FastifyReply, me: Member, query: Q, over: { message?: string; status?: number } = {}) {
    const page = query.page === undefined ? 1 : idParam(query.page);
    const [{ items, total }, balance] = await Promise.all([promotion.memberBids(me.id, page, PER_PAGE), deps.points.balance(me.id)]);
    const current = periodOf(deps.clock.now());
    const titles = new Map(
      (await Promise.all([...new Set(items.map((b) => b.articleId))].map((id) => deps.articles.getAny(id)))).flatMap((a) =>
        a ? [[a.id, a.title] as const] : [],
      ),
    );
    const rows = items.map((b) => ({ ...b, articleTitle: titles.get(b.articleId), open: b.period > current }));
    const body = (
      <>
        {over.message ? <ErrorSummary message={over.message} /> : null}
        <MyBidsView
          items={rows}
          balance={balance}
          page={page}
          pages={Math.max(1, Math.ceil(total / PER_PAGE))}
          csrf={deps.console.csrf(req, reply)}
          formKey={() => randomUUID()}
        />
      </>
    );
    const flash = over.message ? undefined : await flashFor(me, query, items);
    return deps.console.member(req, reply, me, { title: s.myTitle, current: CURRENT, body, ...(flash ? { flash } : {}), status: over.status ?? 200 });
  }

  app.get<{ Querystring: Q }>('/member/promotion/', async (req, reply) => renderList(req, reply, await guards.member(req), req.query));

  async function renderBidForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    values: BidFormValues,
    over: { errors?: Record<string, string>; message?: string; status?: number } = {},
  ) {
    const periods = biddablePeriods(deps.clock.now());
    const [keywords, mine, balance] = await Promise.all([
      promotion.keywords({ activeOnly: true }),
      deps.articles.list({ authorId: me.id }, ARTICLE_CHOICES),
      deps.points.balance(me.id),
    ]);
    const picked = keywords.find((k) => String(k.id) === values.keyword);
    let standing: { entryPrice: number; slots: number; count: number; mine: number | undefined } | undefined;
    if (picked && periods.includes(values.period)) {
      const held = (await promotion.bidsOfRound(picked.id, values.period)).filter((b) => b.status === 'held');
      const others = held.filter((b) => b.memberId !== me.id).map((b) => b.amount);
      const own = held.find((b) => b.memberId === me.id);
      standing = { entryPrice: entryPrice(picked.floorPrice, picked.slots, others), slots: picked.slots, count: held.length, mine: own?.amount };
      // 加价 from 我的推广: keep the article the bid is for unless the member picks another.
      if (own && !values.article) values = { ...values, article: String(own.articleId) };
    }
    const body = (
      <BidFormView
        keywords={keywords}
        periods={periods}
        articles={mine.map((a) => ({ id: a.id, title: a.title }))}
        values={values}
        balance={balance}
        {...(standing ? { standing } : {})}
        formKey={randomUUID()}
        csrf={deps.console.csrf(req, reply)}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return deps.console.member(req, reply, me, { title: s.bidTitle, current: CURRENT, body, status: over.status ?? 200 });
  }

  app.get<{ Querystring: Q }>('/member/promotion/bid', async (req, reply) => {
    const me = await guards.member(req);
    const periods = biddablePeriods(deps.clock.now());
    const period = periods.includes(req.query.period ?? '') ? (req.query.period as string) : (periods[0] as string);
    const keyword = /^[1-9]\d{0,9}$/.test(req.query.keyword ?? '') ? (req.query.keyword as string) : '';
    return renderBidForm(req, reply, me, { keyword, period, article: '', amount: '' });
  });

  app.post<{ Body: Q }>('/member/promotion/bid', async (req, reply) => {
    const me = await guards.member(req);
    const b = req.body ?? {};
    const values = { keyword: b.keyword ?? '', period: b.period ?? '', article: b.article ?? '', amount: b.amount ?? '' };
    try {
      const r = await promotion.bid(me, values, formKeyOf(b.key));
      const done = r.replayed ? 'replay' : r.raised ? 'raise' : 'bid';
      return reply.redirect(`/member/promotion/?done=${done}&bid=${r.bidId}#bid${r.bidId}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderBidForm(req, reply, me, values, { errors: e.fields ?? {}, message: e.message, status: 422 });
    }
  });

  app.post<{ Params: { id: string }; Body: Q }>('/member/promotion/:id/withdraw', async (req, reply) => {
    const me = await guards.member(req);
    const id = idParam(req.params.id);
    try {
      const r = await promotion.withdraw(me, id, formKeyOf((req.body ?? {}).key));
      return reply.redirect(`/member/promotion/?done=${r.replayed ? 'replay' : 'withdraw'}&bid=${id}#bid${id}`, 303);
    } catch (e) {
      // Too late, or already withdrawn: say so above the list instead of an error page.
      if (!isAppError(e) || (e.status !== 409 && e.status !== 422)) throw e;
      return renderList(req, reply, me, {}, { message: e.message, status: e.status });
    }
  });
}
