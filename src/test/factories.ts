import type { Zixun } from '../main.ts';
import type { ArticleInput } from '../features/articles/index.ts';

/** A seeded random source (mulberry32) for varied but repeatable test data. */
export { createRng as seeded } from '../features/demo/index.ts';

let n = 0;

export async function makeCategory(z: Pick<Zixun, 'categories'>, over: { slug?: string; name?: string; parent?: string } = {}) {
  n++;
  return z.categories.create({ slug: over.slug ?? `cat-${n}`, name: over.name ?? `栏目${n}`, ...(over.parent ? { parent: over.parent } : {}) });
}

export async function makeArticle(z: Pick<Zixun, 'articles'>, over: Partial<ArticleInput> & { category: string }) {
  n++;
  return z.articles.create({
    title: `测试文章${n}：青川市新开通一条公交线路`,
    summary: `这是第${n}篇测试文章的核心提示。`,
    body: `<p>第${n}篇测试文章的正文，讲述青川市公交线路调整的细节。</p><p>第二段内容。</p>`,
    author: 'reporter1',
    tags: [],
    ...over,
  });
}
