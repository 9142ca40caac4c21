import { h, Fragment, placeholder, type SafeHtml } from '../../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout, type Chrome, type Head } from '../../../platform/html/layout.tsx';
import { t } from '../../../strings/index.ts';
import { Box, TitleList, formatDate, urls, type ArticleCard } from '../../articles/index.ts';

/** One block per top-level category: its newest articles and a link to the category page. */
export interface HomeSection {
  categoryId: number;
  name: string;
  href: string;
  cards: ArticleCard[];
}

/** Everything the home page shows, prepared by the route. */
export interface HomeData {
  siteName: string;
  headlines: ArticleCard[];
  latest: ArticleCard[];
  sections: HomeSection[];
}

/** 头条: the newest headline large (with its cover when it has one), the other headlines as titles. */
function Headlines({ cards, mobile }: { cards: ArticleCard[]; mobile?: boolean }): SafeHtml {
  const [lead, ...rest] = cards;
  if (!lead) return <></>;
  const href = (c: ArticleCard) => (mobile ? urls.mobileArticle(c.id) : urls.article(c.id));
  return (
    <section class="headlines" aria-label={t.headline}>
      <article class={lead.cover ? 'headline-lead with-cover' : 'headline-lead'}>
        {lead.cover ? (
          <a class="cover" href={href(lead)}>
            <img src={lead.cover} alt={lead.title} width="560" height="315" />
          </a>
        ) : null}
        <div class="headline-text">
          <span class="badge headline">{t.headlineLabel}</span>
          <h2>
            <a href={href(lead)}>{lead.title}</a>
          </h2>
          {lead.summary ? <p class="summary">{lead.summary}</p> : null}
          <time datetime={lead.publishedAt}>{formatDate(lead.publishedAt)}</time>
        </div>
      </article>
      {rest.length ? (
        <ul class="headline-more">
          {rest.map((c) => (
            <li>
              <a href={href(c)}>{c.title}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Sections({ d, mobile }: { d: HomeData; mobile?: boolean }): SafeHtml {
  return (
    <div class="cat-grid">
      {d.sections.map((s) => (
        <Box title={s.name} more={s.href} class={`cat-block cat-${s.categoryId}`}>
          {<TitleList cards={s.cards} opts={{ mobile, showDate: !mobile }} />}
        </Box>
      ))}
    </div>
  );
}

export function HomePage({ d, chrome, head }: { d: HomeData; chrome: Chrome; head: Head }): SafeHtml {
  return (
    <DesktopLayout chrome={chrome} head={head} mobileHref="/mobile/">
      <h1 class="sr-only">{d.siteName}</h1>
      <div class="two-col home">
        <div class="col-main">
          <div class="ad-slot ad-home-banner" data-ad-slot="home-banner" hidden></div>
          <div class="home-top">
            <Headlines cards={d.headlines} />
            <Box title={t.latestNews} class="latest-news">
              {<TitleList cards={d.latest} opts={{ showDate: true }} />}
            </Box>
          </div>
          <Sections d={d} />
        </div>
        <aside class="col-side">
          {placeholder('recommended')}
          {placeholder('pictures')}
          {placeholder('hot')}
        </aside>
      </div>
      {placeholder('friendlinks')}
    </DesktopLayout>
  );
}

export function MobileHomePage({ d, chrome, head }: { d: HomeData; chrome: Chrome; head: Head }): SafeHtml {
  return (
    <MobileLayout chrome={chrome} head={head} desktopHref="/">
      <h1 class="sr-only">{d.siteName}</h1>
      <Headlines cards={d.headlines} mobile />
      <div class="ad-slot ad-home-banner" data-ad-slot="home-banner" hidden></div>
      <Box title={t.latestNews} class="latest-news">
        {<TitleList cards={d.latest} opts={{ mobile: true }} />}
      </Box>
      {placeholder('m-pictures')}
      <Sections d={d} mobile />
      {placeholder('m-recommended')}
      {placeholder('m-hot')}
      {placeholder('m-friendlinks')}
    </MobileLayout>
  );
}
