import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { clientIp, HTML, htmlPage, LOGIN_PATH } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { RateLimitedError, type RateLimiter } from '../../platform/http/rate-limit.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { format, t } from '../../strings/index.ts';
import { urls, type ArticleDetail, type Articles } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { parseFlag, parseFormKey, type TipSettings } from './tips.schema.ts';
import type { TipRefusalGate, Tips } from './tips.service.ts';
import { emptyTipForm, TipPage, type TipFormValues } from './views/tip-page.tsx';
import { TipsBlock } from './views/tips-block.tsx';
import { MyTips, type TipsTab } from './views/my-tips.tsx';
import { TipSettingsForm, type TipSettingsValues } from './views/tip-settings.tsx';

const s = t.tips;
/** How many tips the 打赏记录 block lists. */
export const RECORD_SIZE = 10;
const PER_PAGE = 20;
export const TIP_SETTINGS_PATH = '/admin/settings/tips';

export interface TipsRoutesDeps {
  tips: Tips;
  articles: Articles;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  cache: PageCache;
  audit: Audit;
  rateLimiter: RateLimiter;
}

type Body = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function parseId(v: unknown): number | undefined {
  return typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647 ? Number(v) : undefined;
}

function pageOf(v: unknown): number | undefined {
  if (v === undefined) return 1;
  return typeof v === 'string' && /^[1-9]\d{0,4}$/.test(v) ? Number(v) : undefined;
}

/**
 * Tips a member may send per window, form and API together. Points bound what a member can spend;
 * this bounds how fast (scripted floods of 1-point tips with messages, load on the ledger).
 */
export const TIPS_PER_WINDOW = 60;
export const TIP_WINDOW_MS = 10 * 60_000;

/** Counts one tip attempt of the member; refuses (429) over the limit. */
export async function checkTipRate(rateLimiter: RateLimiter, memberId: number): Promise<void> {
  if (!(await rateLimiter.hit(`tips:${memberId}`, TIPS_PER_WINDOW, TIP_WINDOW_MS)))
    throw new RateLimitedError(format(s.errTooFrequent, { limit: TIPS_PER_WINDOW }));
}

/** Refused attempts (422) a member may make per window, form and API together: twice the tips, counted apart. */
export const TIP_REFUSALS_PER_WINDOW = 2 * TIPS_PER_WINDOW;

/** The member's refusal limit (`tips:refused:<memberId>`); over it every attempt but a retry answers 429. */
export function tipRefusalGate(rateLimiter: RateLimiter, memberId: number): TipRefusalGate {
  const key = `tips:refused:${memberId}`;
  return {
    async check() {
      if (await rateLimiter.isLimited(key, TIP_REFUSALS_PER_WINDOW))
        throw new RateLimitedError(format(s.errTooManyRefused, { limit: TIP_REFUSALS_PER_WINDOW }));
    },
    async refused() {
      await rateLimiter.hit(key, TIP_REFUSALS_PER_WINDOW, TIP_WINDOW_MS);
    },
  };
}

const articleHref = (id: number, mobile: boolean) => (mobile ? urls.mobileArticle(id) : urls.article(id));

/** The amount the form asks for: a typed custom amount wins over the preset radio. */
function formValues(body: Body): { values: TipFormValues; amount: string } {
  const custom = str(body.custom).slice(0, 40);
  const picked = str(body.amount).slice(0, 40);
  const useCustom = custom.trim() !== '' || picked === 'custom';
  return {
    values: { amount: useCustom ? 'custom' : picked, custom, message: str(body.message).slice(0, 400), anonymous: parseFlag(body.anonymous) },
    amount: useCustom ? custom : picked,
  };
}

const settingsValues = (st: TipSettings): TipSettingsValues => ({
  presets: st.presets.join(','),
  sharePercent: String(st.sharePercent),
  minAmount: String(st.minAmount),
  maxAmount: String(st.maxAmount),
});

/**
 * 打赏: `/tip/<id>` (members; guests log in and come back), the 打赏记录 fragments of the article pages,
 * 我的打赏 in the member centre and 打赏设置 in the admin console.
 */
export function registerTipsRoutes(app: FastifyInstance, deps: TipsRoutesDeps): void {
  const { tips, articles, guards } = deps;

  for (const mobile of [false, true]) {
    deps.cache.registerFragment(mobile ? 'm-tips' : 'tips', async (arg) => {
      // `<id>:none`: the article page read tip_count 0 (moved in each tip's transaction, which purges
      // `article:<id>` and so the page naming this): nothing to read.
      const [idPart, none] = arg.split(':');
      const id = Number(idPart);
      const { items, total } = none === 'none' ? { items: [], total: 0 } : await tips.latestFor(id, RECORD_SIZE);
      const html = <TipsBlock articleId={id} items={items} total={total} mobile={mobile} />;
      return { html: html.value, tags: [`tips:${id}`, `article:${id}`] };
    });
  }

  async function renderTipPage(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    a: ArticleDetail,
    mobile: boolean,
    over: { values?: TipFormValues; errors?: FormErrors; message?: string; formKey?: string; status?: number } = {},
  ) {
    const [st, balance, chrome] = await Promise.all([tips.settings(), tips.balance(me.id), deps.chrome(a.categoryId)]);
    const d = {
      article: {
        id: a.id,
        title: a.title,
        // The byline's name (the member's username, as on the article page), so the reader knows whom they tip.
        authorName: a.author.username,
        authorHref: mobile ? urls.mobileAuthor(a.author.username) : urls.author(a.author.username),
      },
      articleHref: articleHref(a.id, mobile),
      settings: st,
      balance,
      isOwn: a.authorId === me.id,
      values: over.values ?? emptyTipForm(st.presets),
      errors: over.errors ?? {},
      ...(over.message ? { message: over.message } : {}),
      csrf: csrfToken(req, reply),
      formKey: over.formKey ?? randomUUID(),
      mobile,
    };
    return reply
      .code(over.status ?? 200)
      .header('cache-control', 'no-store')
      .type(HTML)
      .send(htmlPage(<TipPage d={d} chrome={chrome} />));
  }

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>('/tip/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError(s.errArticleGone);
    const me = await guards.member(req); // a guest is sent to log in and comes back here
    const a = await articles.getPublished(id);
    if (!a) throw new NotFoundError(s.errArticleGone);
    return renderTipPage(req, reply, me, a, req.query.m === '1');
  });

  app.post<{ Params: { id: string }; Querystring: Record<string, string | undefined>; Body: Body }>('/tip/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError(s.errArticleGone);
    const mobile = req.query.m === '1';
    const me = await guards.optional(req);
    if (!me) return reply.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(`/tip/${id}${mobile ? '?m=1' : ''}`)}`, 303);
    // Only a published article can be tipped, and nothing of any other is shown (its title included).
    const a = await articles.getPublished(id);
    if (!a) throw new NotFoundError(s.errArticleGone);
    const body = req.body ?? {};
    const { values, amount } = formValues(body);
    const key = parseFormKey(body.key);
    try {
      const admit = () => checkTipRate(deps.rateLimiter, me.id);
      const refusals = tipRefusalGate(deps.rateLimiter, me.id);
      const r = await tips.tip({ memberId: me.id, articleId: id, amount, message: values.message, anonymous: values.anonymous, key }, { admit, refusals });
      return reply.redirect(`${articleHref(id, mobile)}?tipped=${r.tip.id}#tips`, 303);
    } catch (e) {
      // Refusals re-render the form with what was typed: 422 field errors, 429 too frequent.
      if (!(e instanceof AppError) || (e.status !== 422 && e.status !== 429)) throw e;
      const errors: FormErrors = { ...(e.fields ?? {}) };
      return renderTipPage(req, reply, me, a, mobile, { values, errors, message: e.message, ...(key ? { formKey: key } : {}), status: e.status });
    }
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/member/tips/', async (req, reply) => {
    const me = await guards.member(req);
    const tab: TipsTab = req.query.tab === 'received' ? 'received' : 'given';
    const page = pageOf(req.query.page);
    if (!page) throw new NotFoundError();
    const res = tab === 'given' ? await tips.given(me.id, page, PER_PAGE) : await tips.received(me.id, page, PER_PAGE);
    const ids = [...new Set(res.items.map((x) => x.articleId))];
    const found = await articles.getPublishedMany(ids);
    const titles = new Map(found.map((a) => [a.id, a.title]));
    // Not public: deleted, or only taken down (unpublished, rejected), which is not the same thing to its reader.
    const gone = new Set<number>();
    for (const id of ids.filter((x) => !titles.has(x))) {
      const a = await articles.getAny(id);
      if (!a || a.status === 'deleted') gone.add(id);
    }
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    const body = <MyTips tab={tab} items={res.items} titles={titles} deleted={gone} total={res.total} sum={res.sum} page={page} pages={pages} />;
    return deps.console.member(req, reply, me, { title: s.myTips, current: '/member/tips/', body });
  });

  async function renderSettings(req: FastifyRequest, reply: FastifyReply, me: Member, values: TipSettingsValues, errors: FormErrors, flash?: string) {
    const body = <TipSettingsForm values={values} errors={errors} csrf={deps.console.csrf(req, reply)} action={TIP_SETTINGS_PATH} />;
    return deps.console.admin(req, reply, me, {
      title: s.settingsTitle,
      current: TIP_SETTINGS_PATH,
      body,
      ...(flash ? { flash } : {}),
      status: Object.keys(errors).length ? 422 : 200,
    });
  }

  app.get<{ Querystring: Record<string, string | undefined> }>(TIP_SETTINGS_PATH, async (req, reply) => {
    const me = await guards.admin(req);
    return renderSettings(req, reply, me, settingsValues(await tips.settings()), {}, req.query.ok === '1' ? s.saved : undefined);
  });

  app.post<{ Body: Body }>(TIP_SETTINGS_PATH, async (req, reply) => {
    const me = await guards.admin(req);
    const body = req.body ?? {};
    const values: TipSettingsValues = {
      presets: str(body.presets).slice(0, 200),
      sharePercent: str(body.sharePercent).slice(0, 20),
      minAmount: str(body.minAmount).slice(0, 20),
      maxAmount: str(body.maxAmount).slice(0, 20),
    };
    const before = await tips.settings();
    try {
      const after = await tips.updateSettings(values);
      await deps.audit.record({ actorId: me.id, ip: clientIp(req), action: 'tips.settings', targetType: 'tip_settings', detail: { before, after } });
    } catch (e) {
      if (e instanceof ValidationError) return renderSettings(req, reply, me, values, e.fields ?? {});
      throw e;
    }
    return reply.redirect(`${TIP_SETTINGS_PATH}?ok=1`, 303);
  });
}
