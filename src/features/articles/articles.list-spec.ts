import type { Db } from '../../platform/db/index.ts';
import type { ListFilter } from './articles.model.ts';

/** Article list filters as memoizable queries (see platform/db/query-memo.ts). */
export function createListSpec(db: Db) {
  /**
   * A list filter as a memoizable query: `shape` names the SQL, `values` fill its slots in order, and
   * `build(v)` makes the filtered query with `v(i)` where value i goes (see platform/db/query-memo.ts).
   */
  return function listSpec(f: ListFilter) {
    const values: unknown[] = [f.now];
    let shape = '';
    const add = (key: string, ...vs: unknown[]) => {
      const at = values.length;
      values.push(...vs);
      shape += `${key}${vs.length}`;
      return at;
    };
    const cats = f.categoryIds ? (f.categoryIds.length ? f.categoryIds : [-1]) : undefined;
    const catAt = cats ? add('c', ...cats) : -1;
    const authorAt = f.authorId !== undefined ? add('a', f.authorId) : -1;
    const minAt = f.minLevel !== undefined ? add('m', f.minLevel) : -1;
    const exactAt = f.exactLevel !== undefined ? add('e', f.exactLevel) : -1;
    const coverAt = f.withCover ? add('w', '') : -1;
    const excl = f.excludeIds?.length ? f.excludeIds : undefined;
    const exclAt = excl ? add('x', ...excl) : -1;
    const tagAt = f.tagId !== undefined ? add('t', f.tagId) : -1;
    const build = (v: (i: number) => any) => {
      let q = db.selectFrom('articles').where('articles.status', '=', 'published').where('articles.published_at', '<=', v(0));
      if (cats)
        q = q.where(
          'articles.category_id',
          'in',
          cats.map((_, i) => v(catAt + i)),
        );
      if (authorAt >= 0) q = q.where('articles.author_id', '=', v(authorAt));
      if (minAt >= 0) q = q.where('articles.recommend_level', '>=', v(minAt));
      if (exactAt >= 0) q = q.where('articles.recommend_level', '=', v(exactAt));
      if (coverAt >= 0) q = q.where('articles.cover', '!=', v(coverAt));
      if (excl)
        q = q.where(
          'articles.id',
          'not in',
          excl.map((_, i) => v(exclAt + i)),
        );
      if (tagAt >= 0) {
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_tags')
              .select('article_tags.article_id')
              .whereRef('article_tags.article_id', '=', 'articles.id')
              .where('article_tags.tag_id', '=', v(tagAt)),
          ),
        );
      }
      return q;
    };
    return { shape, values, build };
  };
}
