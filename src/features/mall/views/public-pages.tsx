import { h, Fragment, sanitizedHtml, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { ErrorSummary, Field, Form, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { Breadcrumb, formatDateTime } from '../../articles/index.ts';
import { availability, type Gift } from '../mall.gifts.ts';
import { ADDRESS_MAX, CONTACT_MAX } from '../mall.schema.ts';

const s = t.mall;

export const mallUrl = '/mall/';
export const giftUrl = (id: number) => `/mall/${id}`;
export const redeemUrl = (id: number) => `/mall/${id}/redeem`;

export function windowText(g: Pick<Gift, 'availableFrom' | 'availableUntil'>): string {
  const from = g.availableFrom ? formatDateTime(g.availableFrom) : '';
  const until = g.availableUntil ? formatDateTime(g.availableUntil) : '';
  if (from && until) return format(s.windowBoth, { from, until });
  if (from) return format(s.windowFrom, { from });
  if (until) return format(s.windowUntil, { until });
  return s.windowAlways;
}

function Picture({ g, cls }: { g: Gift; cls: string }): SafeHtml {
  return g.picture ? <img class={cls} src={g.picture} alt={g.name} loading="lazy" /> : <span class={`${cls} no-picture`} aria-hidden="true"></span>;
}

function StateBadge({ g, now }: { g: Gift; now: string }): SafeHtml {
  const when = availability(g, now);
  if (when === 'not_open') return <span class="badge mall-soon">{s.notOpenBadge}</span>;
  if (when === 'ended') return <span class="badge mall-ended">{s.endedBadge}</span>;
  if (g.stock <= 0) return <span class="badge mall-soldout">{s.soldOut}</span>;
  return <></>;
}

/** The mall's pages under 当前位置: 积分换礼, then the gift, then the redeem form. */
function Shell(p: { chrome: Chrome; head: Head; gift?: Gift; redeem?: boolean; children?: SafeHtml | SafeHtml[] }): SafeHtml {
  const crumbs: { href: string; label: string }[] = [{ href: mallUrl, label: s.title }];
  if (p.gift) crumbs.push({ href: giftUrl(p.gift.id), label: p.gift.name });
  if (p.redeem) crumbs.push({ href: '', label: s.redeemCrumb });
  return (
    <DesktopLayout chrome={p.chrome} head={p.head}>
      <link rel="stylesheet" href={assetUrl('mall.css')} />
      <Breadcrumb crumbs={crumbs} />
      {p.children}
    </DesktopLayout>
  );
}

/** `/mall/`: the gifts on offer and how to earn points. The same for every visitor (cached). */
export function MallListPage(p: { chrome: Chrome; head: Head; gifts: Gift[]; groupNames: Map<number, string>; now: string }): SafeHtml {
  return (
    <Shell chrome={p.chrome} head={p.head}>
      <section class="box mall">
        <h1 class="box-title">
          <span>{s.title}</span>
        </h1>
        <div class="box-body">
          <p class="mall-intro">{s.intro}</p>
          <aside class="mall-earn">
            <h2>{s.earnTitle}</h2>
            <p>{s.earnBody}</p>
            <p>
              <a href="/member/points">{s.myPoints}</a> · <a href="/member/orders">{s.myOrders}</a>
            </p>
          </aside>
          {p.gifts.length ? (
            <ul class="mall-gifts">
              {p.gifts.map((g) => (
                <li class="mall-gift">
                  <a href={giftUrl(g.id)}>
                    <Picture g={g} cls="mall-thumb" />
                    <span class="mall-name">{g.name}</span>
                  </a>
                  <span class="mall-price">{format(s.priceValue, { n: g.price })}</span>
                  <span class="mall-stock">
                    {s.stockLeft} {format(s.stockValue, { n: g.stock })}
                  </span>
                  <StateBadge g={g} now={p.now} />
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">{s.empty}</p>
          )}
        </div>
      </section>
    </Shell>
  );
}

export function GiftFacts({ g, groupNames }: { g: Gift; groupNames: Map<number, string> }): SafeHtml {
  return (
    <dl class="mall-facts">
      <dt>{s.price}</dt>
      <dd class="mall-price">{format(s.priceValue, { n: g.price })}</dd>
      <dt>{s.stockLeft}</dt>
      <dd class="mall-stock">{g.stock > 0 ? format(s.stockValue, { n: g.stock }) : s.soldOut}</dd>
      <dt>{s.window}</dt>
      <dd class="mall-window">{windowText(g)}</dd>
      <dt>{s.limit}</dt>
      <dd class="mall-limit">{g.perMemberLimit > 0 ? format(s.limitValue, { n: g.perMemberLimit }) : s.limitNone}</dd>
      <dt>{s.groups}</dt>
      <dd class="mall-groups">{g.groupIds.length ? g.groupIds.map((id) => groupNames.get(id) ?? `#${id}`).join('、') : s.groupsAll}</dd>
    </dl>
  );
}

/** `/mall/<id>`: one gift. Public and cached: the redeem form itself is at `/mall/<id>/redeem`. */
export function GiftPage(p: { chrome: Chrome; head: Head; g: Gift; groupNames: Map<number, string>; now: string }): SafeHtml {
  const { g } = p;
  const open = availability(g, p.now) === 'open' && g.stock > 0;
  return (
    <Shell chrome={p.chrome} head={p.head} gift={g}>
      <article class="box mall-gift-page">
        <h1 class="box-title">
          <span>{g.name}</span> <StateBadge g={g} now={p.now} />
        </h1>
        <div class="box-body">
          <div class="mall-gift-main">
            <Picture g={g} cls="mall-picture" />
            <div>
              <GiftFacts g={g} groupNames={p.groupNames} />
              <p class="mall-redeemed">{format(s.redeemedCount, { n: g.redeemed })}</p>
              {open ? (
                <form method="get" action={redeemUrl(g.id)} class="inline mall-redeem-start">
                  <button type="submit" class="btn primary">
                    {s.redeemNow}
                  </button>
                </form>
              ) : null}
              <p class="hint muted" data-guest-only>
                {s.loginToRedeem}
              </p>
            </div>
          </div>
          {g.descriptionHtml ? (
            <section class="mall-description">
              <h2>{s.description}</h2>
              {sanitizedHtml(g.descriptionHtml)}
            </section>
          ) : null}
          <p>
            <a href={mallUrl}>{s.backToMall}</a>
          </p>
        </div>
      </article>
    </Shell>
  );
}

export interface RedeemValues {
  quantity: string;
  contactName: string;
  phone: string;
  address: string;
  key: string;
}

/** The member's redeem form (never cached: it carries this visit's idempotency key). */
export function RedeemPage(p: {
  chrome: Chrome;
  g: Gift;
  groupNames: Map<number, string>;
  balance: number;
  csrf: string;
  values: RedeemValues;
  errors?: FormErrors;
  message?: string;
  /** Why this member cannot redeem the gift now: shown instead of the form. */
  refusal?: string;
}): SafeHtml {
  const { g, values: v } = p;
  const e = p.errors ?? {};
  const title = format(s.redeemTitle, { name: g.name });
  return (
    <Shell chrome={p.chrome} head={{ title: `${title}_${p.chrome.siteName}`, robots: 'noindex' }} gift={g} redeem>
      <section class="box mall-redeem">
        <h1 class="box-title">
          <span>{title}</span>
        </h1>
        <div class="box-body">
          <GiftFacts g={g} groupNames={p.groupNames} />
          <p class="mall-balance">{format(s.balanceLine, { n: p.balance })}</p>
          <ErrorSummary message={p.message} errors={p.errors} />
          {p.refusal && !p.message ? (
            <p class="form-errors mall-refusal" role="alert">
              {p.refusal} <a href={giftUrl(g.id)}>{s.backToMall}</a>
            </p>
          ) : (
            <Form action={redeemUrl(g.id)} csrf={p.csrf} class="form mall-redeem-form">
              <input type="hidden" name="key" value={v.key} />
              <Field
                name="quantity"
                type="number"
                label={s.quantity}
                value={v.quantity}
                error={e.quantity}
                hint={format(s.totalHint, { price: g.price })}
                required
              />
              <Field
                name="contactName"
                label={s.contactName}
                value={v.contactName}
                error={e.contactName}
                maxlength={CONTACT_MAX}
                autocomplete="name"
                required
              />
              <Field name="phone" type="tel" label={s.phone} value={v.phone} error={e.phone} hint={s.phoneHint} autocomplete="tel" required />
              <TextArea name="address" label={s.address} value={v.address} error={e.address} hint={s.addressHint} maxlength={ADDRESS_MAX} rows={3} required />
              <button type="submit" class="btn primary">
                {s.submitRedeem}
              </button>{' '}
              <a href={giftUrl(g.id)}>{s.backToMall}</a>
            </Form>
          )}
        </div>
      </section>
    </Shell>
  );
}
