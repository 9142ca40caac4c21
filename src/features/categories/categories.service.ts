import { memoCopy } from '../../platform/cache/shared-memos.ts';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { format, t } from '../../strings/index.ts';

export interface Category {
  id: number;
  parentId: number | null;
  slug: string;
  name: string;
  description: string;
  sortOrder: number;
}

/** What keeps a category from being deleted: its articles (live and in the 回收站) and subcategories. */
export interface CategoryUsage {
  /** Articles of any status but deleted. */
  articles: number;
  /** Soft-deleted articles still filed under it. */
  deleted: number;
  children: Category[];
}

export interface CategoryInput {
  slug: string;
  name: string;
  parent?: string | null; // parent slug
  description?: string;
  /** Place among siblings (ascending); omitted on create: after the last sibling. */
  sortOrder?: number;
}

/** The largest sort order the console form, the API and `zixun import` accept (they take ±this). */
const SORT_ORDER_MAX = 100_000;

/**
 * Categories change rarely and are read on every page, so the whole tree is held in memory and
 * reloaded after each write.
 */
/**
 * A category's slug and name checked on their own (no database): the console form reports these with its
 * own field problems at once, instead of one round after another.
 */
export function categoryFieldProblems(input: Pick<CategoryInput, 'slug' | 'name'>): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.slug)) fields.slug = t.errors.slugFormat;
  if (!input.name.trim() || input.name.length > 64) fields.name = t.errors.categoryNameBad;
  return fields;
}

export function createCategories(deps: { db: Db; clock: Clock; onChange?: (slugs: number[]) => void }) {
  const { db, clock } = deps;
  // Dropped after each write here and on every page-cache clear (another instance's write).
  const tree = memoCopy(async (): Promise<Category[]> => {
    const rows = await db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, slug: r.slug, name: r.name, description: r.description, sortOrder: r.sort_order }));
  });
  const all = () => tree.get();
  const invalidate = () => tree.drop();

  async function bySlug(slug: string): Promise<Category | undefined> {
    return (await all()).find((c) => c.slug === slug);
  }

  async function byId(id: number): Promise<Category | undefined> {
    return (await all()).find((c) => c.id === id);
  }

  async function roots(): Promise<Category[]> {
    return (await all()).filter((c) => c.parentId === null);
  }

  async function children(id: number): Promise<Category[]> {
    return (await all()).filter((c) => c.parentId === id);
  }

  /** The category and all its descendants' ids (a category page lists its subcategories' articles too). */
  async function subtreeIds(id: number): Promise<number[]> {
    const cats = await all();
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const c of cats) if (c.parentId === out[i]) out.push(c.id);
    return out;
  }

  /** Root-first chain from the top category down to this one (for breadcrumbs). */
  async function ancestry(id: number): Promise<Category[]> {
    const cats = await all();
    const chain: Category[] = [];
    let cur = cats.find((c) => c.id === id);
    while (cur && chain.length < 10) {
      chain.unshift(cur);
      const pid: number | null = cur.parentId;
      cur = pid === null ? undefined : cats.find((c) => c.id === pid);
    }
    return chain;
  }

  function validate(input: CategoryInput): void {
    const fields = categoryFieldProblems(input);
    if (Object.keys(fields).length) throw new ValidationError(fields);
  }

  async function parentIdOf(input: CategoryInput, selfId?: number): Promise<number | null> {
    if (!input.parent) return null;
    const p = await bySlug(input.parent);
    if (!p) throw new ValidationError({ parent: t.errors.parentCategoryNotFound });
    if (selfId !== undefined && (await subtreeIds(selfId)).includes(p.id)) throw new ValidationError({ parent: t.errors.categoryIntoOwnChild });
    return p.id;
  }

  /** Two siblings with one name would be one entry twice in every dropdown. */
  async function assertNameFree(name: string, parentId: number | null, selfId?: number): Promise<void> {
    const n = name.trim();
    const twin = (await all()).find((c) => c.parentId === parentId && c.id !== selfId && c.name === n);
    if (twin) throw new ValidationError({ name: format(t.admin.e.dupCategoryName, { name: n }) });
  }

  async function create(input: CategoryInput): Promise<Category> {
    validate(input);
    if (await bySlug(input.slug)) throw new ConflictError(t.errors.categorySlugTaken, 'slug_taken');
    const now = clock.now().toISOString();
    const parentId = await parentIdOf(input);
    await assertNameFree(input.name, parentId);
    // Without an explicit order a new category goes after its siblings, not ahead of them at 0; never past
    // the ±100000 the console, the API and the import accept (ties list by id, so it still comes last).
    const siblings = (await all()).filter((c) => c.parentId === parentId);
    const sortOrder = input.sortOrder ?? (siblings.length ? Math.min(SORT_ORDER_MAX, Math.max(...siblings.map((c) => c.sortOrder)) + 1) : 0);
    // A slug that used to redirect now names this category.
    await db.deleteFrom('category_old_slugs').where('slug', '=', input.slug).execute();
    const row = await db
      .insertInto('categories')
      .values({
        slug: input.slug,
        name: input.name.trim(),
        parent_id: parentId,
        description: input.description ?? '',
        sort_order: sortOrder,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    invalidate();
    deps.onChange?.([row.id]);
    return (await byId(row.id)) as Category;
  }

  async function update(slug: string, input: CategoryInput): Promise<Category> {
    const cur = await bySlug(slug);
    if (!cur) throw new NotFoundError(t.errors.categoryNotFound);
    validate(input);
    if (input.slug !== slug && (await bySlug(input.slug))) throw new ConflictError(t.errors.categorySlugTaken, 'slug_taken');
    const parentId = await parentIdOf(input, cur.id);
    await assertNameFree(input.name, parentId, cur.id);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('categories')
        .set({
          slug: input.slug,
          name: input.name.trim(),
          parent_id: parentId,
          description: input.description ?? cur.description,
          sort_order: input.sortOrder ?? cur.sortOrder,
          updated_at: now,
        })
        .where('id', '=', cur.id)
        .execute();
      if (input.slug !== slug) {
        // The old URLs redirect to the new ones (formerSlug); the new slug redirects no more.
        await trx.deleteFrom('category_old_slugs').where('slug', 'in', [slug, input.slug]).execute();
        await trx.insertInto('category_old_slugs').values({ slug, category_id: cur.id, created_at: now }).execute();
      }
    });
    invalidate();
    deps.onChange?.([cur.id]);
    return (await byId(cur.id)) as Category;
  }

  async function usage(id: number): Promise<CategoryUsage> {
    const rows = await db
      .selectFrom('articles')
      .select((eb) => [eb.fn.countAll().as('n'), 'status'])
      .where('category_id', '=', id)
      .groupBy('status')
      .execute();
    let articles = 0;
    let deleted = 0;
    for (const r of rows) {
      if (r.status === 'deleted') deleted += toNumber(r.n);
      else articles += toNumber(r.n);
    }
    return { articles, deleted, children: await children(id) };
  }

  /**
   * Deletes an empty category. Refused (409 `category_not_empty`) with a message naming the one
   * reason, checked in this order: live articles, deleted ones in the 回收站 (to be moved first),
   * subcategories.
   */
  async function remove(slug: string): Promise<void> {
    const cur = await bySlug(slug);
    if (!cur) throw new NotFoundError(t.errors.categoryNotFound);
    const u = await usage(cur.id);
    const c = t.admin;
    if (u.articles) throw new ConflictError(format(c.categoryHasArticles, { n: u.articles }), 'category_not_empty');
    if (u.deleted) throw new ConflictError(format(c.categoryHasDeleted, { n: u.deleted }), 'category_not_empty');
    if (u.children.length) throw new ConflictError(format(c.categoryHasChildren, { names: u.children.map((x) => x.name).join('、') }), 'category_not_empty');
    await db.deleteFrom('categories').where('id', '=', cur.id).execute();
    invalidate();
    deps.onChange?.([cur.id]);
  }

  /** The category that `slug` named before a rename (its old URLs redirect to it), if no category has it now. */
  async function formerSlug(slug: string): Promise<Category | undefined> {
    if (await bySlug(slug)) return undefined;
    const r = await db.selectFrom('category_old_slugs').select('category_id').where('slug', '=', slug).executeTakeFirst();
    return r ? byId(r.category_id) : undefined;
  }

  return { all, bySlug, byId, roots, children, subtreeIds, ancestry, create, update, usage, remove, formerSlug, invalidate };
}

export type Categories = ReturnType<typeof createCategories>;
