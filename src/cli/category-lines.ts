import { ValidationError, type FieldErrors } from '../platform/errors.ts';
import { check } from '../platform/validation.ts';
import { urls } from '../features/articles/index.ts';
import { CategoryInputSchema } from '../features/api/index.ts';
import type { Categories, Category, CategoryInput } from '../features/categories/index.ts';

/**
 * Category lines of an export file: `{"kind":"category", …}` in the API's category shape, written before
 * the articles (parents before children) so that `zixun import` can rebuild the tree on an empty site.
 * Lines without `kind` are articles, so files written before categories were exported still import.
 */
export const CATEGORY_KIND = 'category';

export interface CategoryLine {
  kind: typeof CATEGORY_KIND;
  slug: string;
  name: string;
  parent: string | null;
  description: string;
  sortOrder: number;
  url: string;
}

/** Every category, parents before their children, siblings in the site's order (sort order, then age). */
export function treeOrder(all: Category[]): Category[] {
  const out: Category[] = [];
  const visit = (parentId: number | null) => {
    for (const c of all.filter((x) => x.parentId === parentId)) {
      out.push(c);
      visit(c.id);
    }
  };
  visit(null);
  return out;
}

export function categoryLines(all: Category[], origin: string): CategoryLine[] {
  const slugOf = new Map(all.map((c) => [c.id, c.slug]));
  return treeOrder(all).map((c) => ({
    kind: CATEGORY_KIND,
    slug: c.slug,
    name: c.name,
    parent: c.parentId === null ? null : (slugOf.get(c.parentId) ?? null),
    description: c.description,
    sortOrder: c.sortOrder,
    url: origin + urls.category(c.slug),
  }));
}

export const isCategoryLine = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as Record<string, unknown>).kind === CATEGORY_KIND;

/** A decoded category line as input for the categories service (`url` is read-only and ignored). */
export function parseCategoryLine(raw: Record<string, unknown>): { ok: true; input: CategoryInput } | { ok: false; fields: FieldErrors } {
  const { kind: _kind, url: _url, ...rest } = raw;
  const r = check(CategoryInputSchema, rest);
  return r.ok ? { ok: true, input: r.data } : r;
}

export type CategoryOutcome = 'created' | 'existing';

/**
 * Create the category unless its slug exists: the importing site's own categories win (a re-import
 * changes nothing). With `dryRun` nothing is written; the slug is only remembered as planned.
 */
export async function importCategory(categories: Categories, input: CategoryInput, planned?: Set<string>): Promise<CategoryOutcome> {
  if ((await categories.bySlug(input.slug)) || planned?.has(input.slug)) return 'existing';
  if (planned) {
    if (input.parent && !(await categories.bySlug(input.parent)) && !planned.has(input.parent)) throw new ValidationError({ parent: '上级栏目不存在' });
    planned.add(input.slug);
    return 'created';
  }
  await categories.create(input);
  return 'created';
}

/** Categories as a dry run sees them: the existing ones plus the ones the file would create. */
export function withPlanned(categories: Categories, planned: Set<string>): Categories {
  const fake = (slug: string): Category => ({ id: -1, parentId: null, slug, name: slug, description: '', sortOrder: 0 });
  return { ...categories, bySlug: async (slug: string) => (await categories.bySlug(slug)) ?? (planned.has(slug) ? fake(slug) : undefined) };
}
