import { randomBytes } from 'node:crypto';
import type { Zixun } from '../main.ts';
import { demoArticles, demoCategories, demoMembers, demoPages, demoGifts, renderCover, renderGiftPicture } from '../features/demo/index.ts';
import { demoAdPositions, demoAds, renderAdBanner } from '../features/demo/index.ts';
import { demoLinks, renderLinkLogo } from '../features/demo/index.ts';
import { withAutoSummary } from '../features/submissions/index.ts';

export interface DemoResult {
  admin: { username: string; password: string };
  articles: number;
}

/** Deterministic pseudo-random hits so 点击排行 has something to rank on a fresh site. */
function demoHits(i: number, level: number, hoursAgo: number): number {
  const base = 40 + ((i * 7919) % 173) + level * 60;
  const fresh = hoursAgo < 48 ? 2 : hoursAgo < 24 * 7 ? 1.3 : 1;
  return Math.round(base * fresh);
}

/**
 * Fill an empty site with the demo portal: categories, members (staff and ordinary), static pages and
 * 60+ articles with generated covers and some hit history. Returns undefined when the site already
 * has content. Prints nothing; the caller reports.
 */
export async function seedDemoIfEmpty(z: Zixun): Promise<DemoResult | undefined> {
  if ((await z.categories.all()).length > 0 || (await z.articles.count({})) > 0) return undefined;
  const now = z.clock.now().getTime();

  for (const c of demoCategories.filter((c) => !c.parentSlug))
    await z.categories.create({ slug: c.slug, name: c.name, description: c.description, sortOrder: c.sortOrder });
  for (const c of demoCategories.filter((c) => c.parentSlug))
    await z.categories.create({ slug: c.slug, name: c.name, description: c.description, sortOrder: c.sortOrder, parent: c.parentSlug ?? null });

  const password = randomBytes(9).toString('base64url');
  await z.members.create({ username: 'admin', role: 'admin', password, displayName: '站长' });
  for (const m of demoMembers)
    if (!(await z.members.byUsername(m.username))) await z.members.create({ username: m.username, role: m.role, displayName: m.displayName });

  for (const [i, p] of demoPages.entries()) await z.pages.create({ slug: p.slug, title: p.title, body: p.body, sortOrder: i, inFooter: true });

  const hits: Array<{ articleId: number; at: Date; hits: number }> = [];
  // Oldest first, so ids grow with publication time as on a real site.
  const ordered = [...demoArticles.entries()].sort((a, b) => b[1].hoursAgo - a[1].hoursAgo);
  for (const [i, a] of ordered) {
    const cover = a.cover ? await z.storage.put(`demo/cover-${i + 1}.jpg`, await renderCover(a.title, i + 1)) : '';
    const publishedAt = new Date(now - a.hoursAgo * 3600_000);
    // Members' demo submissions left 核心提示 empty, as members do: it is written from the body, as the
    // submission flow does for them.
    const created = await z.articles.create({
      title: a.title,
      subtitle: a.subtitle ?? '',
      summary: withAutoSummary({ summary: a.summary, body: a.body }).summary,
      body: a.body,
      category: a.category,
      tags: a.tags,
      author: a.author,
      source: a.source,
      sourceUrl: a.sourceUrl ?? '',
      original: a.original,
      status: 'published',
      recommendLevel: a.recommendLevel,
      verified: a.verified,
      publishedAt: publishedAt.toISOString(),
      cover,
    });
    // Spread the article's hits over a few hours after publication (and up to now).
    const total = demoHits(i, a.recommendLevel, a.hoursAgo);
    const spans = [0.5, 0.3, 0.2];
    for (const [k, share] of spans.entries()) {
      const at = new Date(Math.min(now, publishedAt.getTime() + k * 6 * 3600_000));
      hits.push({ articleId: created.id, at, hits: Math.max(1, Math.round(total * share)) });
    }
  }
  await z.hits.addHistorical(hits);
  // Every article was indexed as it was written; with the whole corpus in, recompute the 相关文章 lists once.
  await z.related.rebuild();
  // 积分换礼: a few gifts with generated pictures (window end typed as Beijing time, as the admin form does).
  const owner = { actorId: (await z.members.byUsername('admin'))!.id, ip: '' };
  for (const [i, g] of demoGifts.entries()) {
    const picture = await z.storage.put(`demo/gift-${i + 1}.jpg`, await renderGiftPicture(i + 1));
    const until = g.endsInDays ? new Date(now + g.endsInDays * 86400_000 + 8 * 3600_000).toISOString().slice(0, 16) : '';
    const fields = { name: g.name, description: g.description, price: `${g.price}`, stock: `${g.stock}`, perMemberLimit: `${g.perMemberLimit}` };
    await z.mall.gifts.create({ ...fields, availableUntil: until, active: '1' }, picture, owner);
  }
  // 广告服务: the positions the views have slots for, and a few of the site's own ads running from today.
  const siteAdmin = (await z.members.byUsername('admin'))!;
  for (const [i, p] of demoAdPositions.entries())
    await z.ads.savePosition(
      undefined,
      { ...p, width: `${p.width}`, height: `${p.height}`, pricePerDay: `${p.pricePerDay}`, capacity: `${p.capacity}`, active: '1', sortOrder: `${i}` },
      siteAdmin,
      '',
    );
  for (const ad of demoAds) {
    const size = demoAdPositions.find((p) => p.code === ad.position)!;
    const upload = ad.picture ? { data: await renderAdBanner(size.width, size.height), truncated: false } : undefined;
    await z.ads.saveStaffAd(undefined, { ...ad, html: ad.html ?? '', startsOn: z.ads.today(), days: `${ad.days}` }, siteAdmin, '', upload);
  }
  // 排名推广: a few keywords readers of the demo portal search for, open for bids on the coming months.
  for (const [keyword, floorPrice, slots] of [
    ['青川', 200, 3],
    ['新能源汽车', 150, 2],
    ['招聘', 100, 3],
  ] as const)
    await z.promotion.createKeyword({ keyword, floorPrice: `${floorPrice}`, slots: `${slots}`, active: '1', category: '' }, siteAdmin, '');
  // 友情链接: a few approved neighbour sites (example.com / example.org), two with logos.
  for (const l of demoLinks) {
    const logo = l.logo ? { data: await renderLinkLogo(l.logo), truncated: false } : undefined;
    const fields = { name: l.name, url: l.url, description: l.description, kind: l.kind, status: 'approved', sortOrder: `${l.sortOrder}` };
    await z.links.save(undefined, fields, logo, { id: siteAdmin.id, ip: '' });
  }
  return { admin: { username: 'admin', password }, articles: demoArticles.length };
}
