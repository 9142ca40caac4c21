import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { htmlToText, sanitizeRichText } from '../../platform/html/sanitize.ts';
import { t } from '../../strings/index.ts';

export interface StaticPage {
  id: number;
  slug: string;
  title: string;
  body: string;
  sortOrder: number;
  inFooter: boolean;
  updatedAt: string;
}

const fields = {
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, t.errors.slugFormat),
  title: z.string().trim().min(1, t.errors.page.titleEmpty).max(100, t.errors.page.titleTooLong),
  /** Sanitized on parsing; what is left must still say something (markup alone does not; a picture does). */
  body: z
    .string()
    .min(1, t.errors.page.bodyEmpty)
    .max(200_000, t.errors.page.bodyTooLong)
    .transform((raw, ctx) => {
      const html = sanitizeRichText(raw);
      if (htmlToText(html).trim() || /<img\b/i.test(html)) return html;
      ctx.addIssue({ code: 'custom', message: t.errors.page.bodyEmpty });
      return z.NEVER;
    }),
  sortOrder: z.number().int().min(-1000).max(1000),
  inFooter: z.boolean(),
};
export const PageInputSchema = z.object({ ...fields, sortOrder: fields.sortOrder.default(0), inFooter: fields.inFooter.default(false) }).strict();
export const PagePatchSchema = z.object(fields).partial().strict();

type Row = { id: number; slug: string; title: string; body: string; sort_order: number; in_footer: number; updated_at: string };
const toPage = (r: Row): StaticPage => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  body: r.body,
  sortOrder: r.sort_order,
  inFooter: r.in_footer === 1,
  updatedAt: r.updated_at,
});

export interface FooterLink {
  label: string;
  href: string;
}

/** Static pages: 关于我们, 联系方式, 使用协议, 隐私政策, 版权隐私 and any others an admin adds. */
export function createPages(deps: { db: Db; clock: Clock; purge: (tags: string[]) => void; onFooterChange?: () => void }) {
  const { db, clock } = deps;
  /** The footer's links to pages ticked 显示在页脚, kept until a page write (the chrome memoizes on its identity). */
  let footer: Promise<FooterLink[]> | undefined;

  function footerLinks(): Promise<FooterLink[]> {
    // A failed read is not kept: the next page asks again.
    footer ??= list()
      .then((pages) => pages.filter((p) => p.inFooter).map((p) => ({ label: p.title, href: `/page/${p.slug}.html` })))
      .catch((e: unknown) => {
        footer = undefined;
        throw e;
      });
    return footer;
  }

  /** Runs a write; when it changed the footer's links, every page (all show the footer) is rendered again. */
  async function writing<T>(fn: () => Promise<T>): Promise<T> {
    const before = JSON.stringify(await footerLinks());
    try {
      return await fn();
    } finally {
      footer = undefined;
      if (JSON.stringify(await footerLinks()) !== before) deps.onFooterChange?.();
    }
  }

  async function list(): Promise<StaticPage[]> {
    return (await db.selectFrom('pages').selectAll().orderBy('sort_order').orderBy('id').execute()).map(toPage);
  }

  async function bySlug(slug: string): Promise<StaticPage | undefined> {
    const r = await db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r ? toPage(r) : undefined;
  }

  function create(raw: unknown): Promise<StaticPage> {
    return writing(() => createPage(raw));
  }

  async function createPage(raw: unknown): Promise<StaticPage> {
    const p = { data: parseOrThrow(PageInputSchema, raw) };
    if (await bySlug(p.data.slug)) throw new ConflictError(t.errors.pageSlugTaken, 'slug_taken');
    const now = clock.now().toISOString();
    await db
      .insertInto('pages')
      .values({
        slug: p.data.slug,
        title: p.data.title,
        body: p.data.body,
        sort_order: p.data.sortOrder,
        in_footer: p.data.inFooter ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    deps.purge([`page:${p.data.slug}`, 'pages']);
    return (await bySlug(p.data.slug)) as StaticPage;
  }

  function update(slug: string, raw: unknown): Promise<StaticPage> {
    return writing(() => updatePage(slug, raw));
  }

  async function updatePage(slug: string, raw: unknown): Promise<StaticPage> {
    const cur = await bySlug(slug);
    if (!cur) throw new NotFoundError(t.errors.pageNotFound, 'page_not_found');
    const d = parseOrThrow(PagePatchSchema, raw);
    if (d.slug && d.slug !== slug && (await bySlug(d.slug))) throw new ConflictError(t.errors.pageSlugTaken, 'slug_taken');
    await db
      .updateTable('pages')
      .set({
        ...(d.slug !== undefined ? { slug: d.slug } : {}),
        ...(d.title !== undefined ? { title: d.title } : {}),
        ...(d.body !== undefined ? { body: d.body } : {}),
        ...(d.sortOrder !== undefined ? { sort_order: d.sortOrder } : {}),
        ...(d.inFooter !== undefined ? { in_footer: d.inFooter ? 1 : 0 } : {}),
        updated_at: clock.now().toISOString(),
      })
      .where('id', '=', cur.id)
      .execute();
    deps.purge([`page:${slug}`, `page:${d.slug ?? slug}`, 'pages']);
    return (await bySlug(d.slug ?? slug)) as StaticPage;
  }

  function remove(slug: string): Promise<void> {
    return writing(async () => {
      const cur = await bySlug(slug);
      if (!cur) throw new NotFoundError(t.errors.pageNotFound, 'page_not_found');
      await db.deleteFrom('pages').where('id', '=', cur.id).execute();
      deps.purge([`page:${slug}`, 'pages']);
    });
  }

  /** Forgets the footer's links (another instance changed them: its purge bus clears this cache). */
  function invalidate(): void {
    footer = undefined;
  }

  return { list, bySlug, create, update, remove, footerLinks, invalidate };
}

export type Pages = ReturnType<typeof createPages>;
