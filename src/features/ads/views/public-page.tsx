import { h, Fragment, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { format, t } from '../../../strings/index.ts';
import { Breadcrumb } from '../../articles/index.ts';
import { CALENDAR_DAYS } from '../ads.schema.ts';
import { shortDay } from '../ads.dates.ts';
import type { AdPosition, FreeDay } from '../ads.service.ts';

const a = t.ads;

/** A position's next days as a strip of cells: the number of free places, or 满. */
function Calendar({ days }: { days: FreeDay[] }): SafeHtml {
  return (
    <ol class="ad-calendar">
      {days.map((d) => (
        <li class={d.free > 0 ? 'free' : 'full'} title={d.day} data-day={d.day}>
          <span class="d">{shortDay(d.day)}</span> <span class="n">{d.free > 0 ? d.free : a.full}</span>
        </li>
      ))}
    </ol>
  );
}

/** 广告服务: positions with size, type, price and free dates, then the booking form (or a log-in link). */
export function AdsPage(p: {
  chrome: Chrome;
  head: Head;
  positions: Array<{ position: AdPosition; days: FreeDay[] }>;
  booking: Child;
  loginHref: string;
}): SafeHtml {
  return (
    <DesktopLayout chrome={p.chrome} head={p.head}>
      <link rel="stylesheet" href={assetUrl('ads.css')} />
      <Breadcrumb crumbs={[{ href: '/ads/', label: a.title }]} />
      <div class="ads-page">
        <h1>{a.title}</h1>
        <p class="intro">{a.intro}</p>
        {p.positions.length ? (
          <>
            <table class="ad-positions">
              <thead>
                <tr>
                  <th>{a.colPosition}</th>
                  <th>{a.colSize}</th>
                  <th>{a.colKind}</th>
                  <th>{a.colPrice}</th>
                  <th>{format(a.colFree, { n: CALENDAR_DAYS })}</th>
                </tr>
              </thead>
              <tbody>
                {p.positions.map(({ position: x, days }) => (
                  <tr id={`pos-${x.code}`} data-position={x.code}>
                    <td>
                      <strong>{x.name}</strong>
                      {x.description ? <p class="muted">{x.description}</p> : null}
                      <p class="muted">{format(a.capacityN, { n: x.capacity })}</p>
                    </td>
                    <td class="nowrap">{format(a.size, { w: x.width, h: x.height })}</td>
                    <td class="nowrap">{a.kinds[x.kind]}</td>
                    <td class="nowrap">{x.kind === 'html' ? a.htmlOnly : format(a.perDay, { n: x.pricePerDay })}</td>
                    <td>
                      <Calendar days={days} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted">{a.freeLegend}</p>
          </>
        ) : (
          <p class="empty">{a.noPositions}</p>
        )}
        {p.booking ?? (
          <p class="ad-login">
            {a.guestBook} <a href={p.loginHref}>{a.login}</a> | <a href="/member/register">{a.register}</a>
          </p>
        )}
      </div>
    </DesktopLayout>
  );
}
