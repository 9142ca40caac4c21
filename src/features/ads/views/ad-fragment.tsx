import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { t } from '../../../strings/index.ts';
import type { Ad, AdPosition } from '../ads.service.ts';

/**
 * One ad as it fills a slot. Everything is escaped: the text of a text link, an image's alt/title.
 * Staff HTML code goes into a sandboxed iframe (`srcdoc`, no same-origin): it may run its own script
 * but cannot read this site's cookies or pages. Links go through the signed click redirect; a click
 * inside an HTML ad is reported by ads.js to `ping` (the frame taking focus is the click).
 */
export function AdFragment({ ad, position, href, ping }: { ad: Ad; position: AdPosition; href: string; ping?: string }): SafeHtml {
  const mark = <span class="ad-mark">{t.ads.adMark}</span>;
  if (ad.kind === 'html')
    return (
      <div class="ad ad-html" data-ad-id={ad.id} data-ping={ping}>
        <iframe
          sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"
          srcdoc={ad.html}
          width={position.width}
          height={position.height}
          title={ad.title}
          loading="lazy"
          referrerpolicy="no-referrer"
        ></iframe>
        {mark}
      </div>
    );
  if (ad.kind === 'image')
    return (
      <div class="ad ad-image" data-ad-id={ad.id}>
        <a href={href} target="_blank" rel="nofollow sponsored noopener">
          <img src={ad.imageUrl} alt={ad.title} title={ad.title} width={position.width} height={position.height} />
        </a>
        {mark}
      </div>
    );
  return (
    <div class="ad ad-text" data-ad-id={ad.id}>
      <a href={href} target="_blank" rel="nofollow sponsored noopener">
        {ad.title}
      </a>
      {mark}
    </div>
  );
}

/** A staff preview of an ad (admin list, review queue): the same markup, links not counted. */
export function AdPreview({ ad, position }: { ad: Ad; position: AdPosition | undefined }): SafeHtml {
  if (!position) return <>{ad.title}</>;
  return <AdFragment ad={ad} position={position} href={ad.targetUrl || '#'} />;
}
