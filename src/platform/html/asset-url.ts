// URLs of the files under /static/, versioned by content so browsers may keep them for a year.

const versions = new Map<string, string>();

/**
 * Records the content versions of the public files (`site.css` → 8 hex digits), once at start-up, before
 * any page is rendered: the layout's chrome and cached pages keep the URLs they were rendered with, and
 * a restart (new files) starts with an empty page cache.
 */
export function setAssetVersions(next: ReadonlyMap<string, string>): void {
  versions.clear();
  for (const [name, v] of next) versions.set(name, v);
}

/** `/static/site.css?v=1a2b3c4d` for `site.css`; the bare path for a file not known at start-up. */
export function assetUrl(name: string): string {
  const v = versions.get(name);
  return v ? `/static/${name}?v=${v}` : `/static/${name}`;
}
