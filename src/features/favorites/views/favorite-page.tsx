import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import { assetUrl } from '../../../platform/html/asset-url.ts';
import { DesktopLayout, MobileLayout, type Chrome } from '../../../platform/html/layout.tsx';
import { t, format } from '../../../strings/index.ts';

const s = t.community;

export interface FavoritePageData {
  article: { id: number; title: string };
  articleHref: string;
  favorited: boolean;
  count: number;
  back: string;
  csrf: string;
  mobile: boolean;
}

/** The 收藏 button without JavaScript: this reader's state and one button that posts the toggle. Never cached. */
export function FavoritePage({ d, chrome }: { d: FavoritePageData; chrome: Chrome }): SafeHtml {
  const head = { title: `${s.favoriteTitle}_${d.article.title}_${chrome.siteName}`, robots: 'noindex' };
  const body = (
    <section class="box favorite-page">
      <h1 class="box-title">
        <span>{s.favoriteTitle}</span>
      </h1>
      <div class="box-body">
        <p>
          <a href={d.articleHref}>{d.article.title}</a>
        </p>
        <p class="muted">
          {d.favorited ? s.favoriteStateOn : s.favoriteStateOff} {format(s.favoriteCountLine, { n: d.count })}
        </p>
        <form method="post" action="/favorites/toggle" class="inline">
          <input type="hidden" name="_csrf" value={d.csrf} />
          <input type="hidden" name="article" value={String(d.article.id)} />
          <input type="hidden" name="back" value={d.back} />
          <input type="hidden" name="on" value={d.favorited ? '0' : '1'} />
          {/* Focused when not yet saved: after logging in from 收藏, one key press finishes it. */}
          <button type="submit" class="btn primary" autofocus={!d.favorited}>
            {d.favorited ? s.remove : s.favoriteAdd}
          </button>
        </form>{' '}
        <a href={d.back}>{s.backToArticle}</a>
      </div>
      <link rel="stylesheet" href={assetUrl('community.css')} />
    </section>
  );
  return d.mobile ? (
    <MobileLayout chrome={chrome} head={head}>
      {body}
    </MobileLayout>
  ) : (
    <DesktopLayout chrome={chrome} head={head}>
      {body}
    </DesktopLayout>
  );
}
