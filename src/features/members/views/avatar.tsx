import { attr, markup, type SafeHtml } from '../../../platform/html/jsx.ts';
import { avatarFileUrl, avatarRouteUrl, type AvatarSize } from '../members.avatar-image.ts';

/**
 * A member's 头像 as every page prints it: a coloured circle with the first character of the name (the
 * default, pure HTML/CSS) with the picture laid over it when there is one. The stylesheet block is
 * `.zx-avatar` in site.css, mobile.css, community.css and console.css.
 */
export interface AvatarProps {
  name: string;
  /** null for a guest (a grey circle, never a picture). */
  memberId: number | null;
  /** Shown size: s 32px (comments), m 48px, l 120px (author page, member centre). */
  display: 's' | 'm' | 'l';
  /**
   * The picture: `{ version }` when the page knows it (a direct, versioned file URL; the page must be
   * renewed when it changes), `'route'` on pages that do not (the stable /avatar/<id>/<size> address,
   * which follows every change by itself), undefined for the default only.
   */
  picture?: { version: string } | 'route' | undefined;
}

const SIZE_OF: Record<AvatarProps['display'], AvatarSize> = { s: 'small', m: 'small', l: 'big' };
const PX: Record<AvatarProps['display'], number> = { s: 32, m: 48, l: 120 };

/** A stable colour per member (the same on every page), from the id or, for guests, grey. */
function hueStyle(memberId: number | null): string {
  if (memberId === null) return 'background-color:#9aa0a6';
  const hue = (memberId * 137) % 360; // golden-angle steps: neighbouring ids get distant colours
  return `background-color:hsl(${hue},48%,45%)`;
}

function initial(name: string): string {
  const first = [...name.trim()][0];
  return first ? first.toUpperCase() : '?';
}

/** The picture's URL for the props, or undefined when only the default shows. */
export function avatarSrc(p: Pick<AvatarProps, 'memberId' | 'display' | 'picture'>): string | undefined {
  if (p.memberId === null || !p.picture) return undefined;
  const size = SIZE_OF[p.display];
  if (p.picture === 'route') return avatarRouteUrl(p.memberId, size);
  return p.picture.version ? avatarFileUrl(p.memberId, p.picture.version, size) : undefined;
}

// A template, not JSX: comment lists print it once per comment.
export function Avatar(p: AvatarProps): SafeHtml {
  const src = avatarSrc(p);
  const px = PX[p.display];
  const img = src ? markup`<img${attr('src', src)} alt=""${attr('width', px)}${attr('height', px)} loading="lazy" decoding="async">` : null;
  return markup`<span${attr('class', `zx-avatar zx-av-${p.display}`)}${attr('style', hueStyle(p.memberId))} aria-hidden="true">${initial(p.name)}${img}</span>`;
}
