import { h, Fragment, escapeHtml, type Child, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { ErrorSummary, Field, Form, Honeypot, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { Box, Breadcrumb } from '../../articles/index.ts';
import { CONTACT_MAX, DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, URL_MAX } from '../links.schema.ts';
import type { FriendLink } from '../links.service.ts';

export const HONEYPOT = 'website';
export const LINKS_PATH = '/links';
const l = t.links;

/**
 * One outbound link: a new tab, `noopener` (the other site gets no handle on this window) and no
 * `nofollow`: being followed is what a friend link is for.
 */
function Outbound({ link, children }: { link: FriendLink; children?: Child }): SafeHtml {
  return (
    <a href={link.url} target="_blank" rel="noopener" title={link.description || undefined}>
      {children}
    </a>
  );
}

const isImage = (x: FriendLink) => x.kind === 'image' && x.logo !== '';

function LogoLinks({ links }: { links: FriendLink[] }): SafeHtml {
  if (!links.length) return <></>;
  return (
    <ul class="friend-logos">
      {links.map((x) => (
        <li>
          <Outbound link={x}>
            <img src={x.logo} alt={x.name} width="88" height="31" loading="lazy" />
          </Outbound>
        </li>
      ))}
    </ul>
  );
}

function TextLinks({ links }: { links: FriendLink[] }): SafeHtml {
  if (!links.length) return <></>;
  return (
    <ul class="friend-texts">
      {links.map((x) => (
        <li>
          <Outbound link={x}>{x.name}</Outbound>
        </li>
      ))}
    </ul>
  );
}

/** The 友情链接 block at the foot of the home pages (a page-cache fragment); nothing when there are no links. */
export function FriendLinksBlock({ links }: { links: FriendLink[] }): SafeHtml {
  if (!links.length) return <></>;
  return (
    <>
      <link rel="stylesheet" href={assetUrl('links.css')} />
      <Box title={l.title} class="friend-links" more={LINKS_PATH} moreLabel={l.more}>
        <LogoLinks links={links.filter(isImage)} />
        <TextLinks links={links.filter((x) => !isImage(x))} />
      </Box>
    </>
  );
}

/** This site, as an applicant links to it: name, address (the canonical origin) and absolute logo URL ('' without one). */
export interface OurSite {
  name: string;
  url: string;
  logo: string;
}

/** The text link an applicant pastes into their own site: valid HTML whatever the site's name holds. */
export function textLinkCode(site: OurSite): string {
  return `<a href="${escapeHtml(site.url)}" target="_blank">${escapeHtml(site.name)}</a>`;
}

/** 本站信息: what to put on the applicant's site before applying (shown escaped, ready to copy). */
function OurSiteBox({ site }: { site: OurSite }): SafeHtml {
  return (
    <div class="links-our-site">
      <h3>{l.ourSite}</h3>
      <dl>
        <dt>{l.ourName}</dt>
        <dd>{site.name}</dd>
        <dt>{l.ourUrl}</dt>
        <dd class="break">
          <a href={site.url}>{site.url}</a>
        </dd>
        {site.logo ? (
          <>
            <dt>{l.ourLogo}</dt>
            <dd class="break">
              <img src={site.logo} alt={site.name} height="31" loading="lazy" />
              <code>{site.logo}</code>
            </dd>
          </>
        ) : null}
        <dt>
          <label for="our-code">{l.ourCode}</label>
        </dt>
        <dd>
          <textarea id="our-code" rows={2} readonly>
            {textLinkCode(site)}
          </textarea>
        </dd>
      </dl>
    </div>
  );
}

export interface LinksPageData {
  links: FriendLink[];
  /** This site's name, address and logo for the applicant to copy (absent: not shown). */
  site?: OurSite;
  /** Empty on the cached page (public/site.js fills it from the cookie). */
  csrf: string;
  values?: Record<string, string>;
  errors?: FormErrors;
  message?: string;
}

function Frame(props: { chrome: Chrome; head: Head; title: string; children?: Child }): SafeHtml {
  return (
    <DesktopLayout chrome={props.chrome} head={props.head}>
      <link rel="stylesheet" href={assetUrl('links.css')} />
      <Breadcrumb crumbs={[{ href: LINKS_PATH, label: l.title }]} />
      <div class="links-page">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </DesktopLayout>
  );
}

/** /links: every approved link (logos, then names with their 简介) and the 申请 form. */
export function LinksPage({ d, chrome, head }: { d: LinksPageData; chrome: Chrome; head: Head }): SafeHtml {
  const v = d.values ?? {};
  const e = d.errors ?? {};
  const logos = d.links.filter(isImage);
  const texts = d.links.filter((x) => !isImage(x));
  return (
    <Frame chrome={chrome} head={head} title={l.title}>
      <p class="intro">{l.intro}</p>
      {d.links.length ? (
        <>
          <LogoLinks links={logos} />
          {texts.length ? (
            <ul class="friend-list">
              {texts.map((x) => (
                <li>
                  <Outbound link={x}>{x.name}</Outbound>
                  {x.description ? <span class="desc">{x.description}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p class="empty">{l.empty}</p>
      )}
      <section class="links-apply" id="apply">
        <h2>{l.formTitle}</h2>
        <p class="hint">{l.formIntro}</p>
        {d.site ? <OurSiteBox site={d.site} /> : null}
        <ErrorSummary message={d.message} errors={d.errors} />
        <Form action={LINKS_PATH} csrf={d.csrf}>
          <Field name="name" label={l.name} value={v.name} error={e.name} hint={format(l.nameHint, { n: NAME_MAX })} maxlength={NAME_MAX} required />
          <Field name="url" label={l.url} type="url" value={v.url} error={e.url} hint={l.urlHint} maxlength={URL_MAX} required />
          <Field
            name="description"
            label={l.description}
            value={v.description}
            error={e.description}
            hint={format(l.descriptionHint, { n: DESCRIPTION_MAX })}
            maxlength={DESCRIPTION_MAX}
          />
          <Field name="contact" label={l.contact} value={v.contact} error={e.contact} hint={l.contactHint} maxlength={CONTACT_MAX} required />
          <TextArea name="note" label={l.note} value={v.note} error={e.note} hint={format(l.noteHint, { n: NOTE_MAX })} maxlength={NOTE_MAX} rows={3} />
          <Honeypot name={HONEYPOT} />
          <button type="submit" class="btn primary">
            {l.submit}
          </button>
        </Form>
      </section>
    </Frame>
  );
}

export function AppliedPage({ chrome }: { chrome: Chrome }): SafeHtml {
  return (
    <Frame chrome={chrome} head={{ title: `${l.appliedTitle}_${chrome.siteName}`, robots: 'noindex' }} title={l.appliedTitle}>
      <p class="links-applied">{l.appliedBody}</p>
      <p>
        <a href={LINKS_PATH}>{l.back}</a>
      </p>
    </Frame>
  );
}
