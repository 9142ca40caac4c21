import { dataDir, type Config } from '../config.ts';
import { openDatabase, migrate, analyze } from '../platform/db/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createFileStorage } from '../platform/storage/index.ts';
import { createCategories } from '../features/categories/index.ts';
import { createMembers } from '../features/members/index.ts';
import { bulkInsertArticles, type BulkArticle } from '../features/articles/index.ts';
import { demoCategories, renderCover, syntheticArticles, createRng } from '../features/demo/index.ts';
import { noteOutsideWrite } from '../platform/cache/outside-writes.ts';
import { reindexDatabase } from './reindex.ts';
import { CliError, USAGE } from './cli-support.ts';

const BATCH = 500;

/** The progress line, said like the rest of the CLI (and like `reindex`'s). */
export const seedProgress = (done: number, count: number, perSecond: number) =>
  `生成文章 ${done}/${count}（${Math.floor((done / count) * 100)}%）${perSecond} 篇/秒`;
export const seedDone = (count: number, seconds: number) => `已生成 ${count} 篇模拟文章，用时 ${seconds.toFixed(1)} 秒`;

/**
 * `zixun seed --articles N --seed S`: a large deterministic synthetic corpus of realistic Chinese text
 * (for benchmarks and load tests), added to whatever the database holds. Same N and S → same corpus.
 */
export async function seedCommand(config: Config, args: { articles?: number; seed?: number }): Promise<void> {
  const count = args.articles ?? 1000;
  const seed = args.seed ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new CliError('--articles 应为1到10,000,000之间的整数', USAGE);
  if (!Number.isInteger(seed)) throw new CliError('--seed 应为整数', USAGE);
  const dbh = openDatabase(config.database);
  try {
    await migrate(dbh);
    const clock = systemClock;
    const categories = createCategories({ db: dbh.db, clock });
    const members = createMembers({ db: dbh.db, clock });
    for (const c of demoCategories.filter((c) => !c.parentSlug))
      if (!(await categories.bySlug(c.slug))) await categories.create({ slug: c.slug, name: c.name, description: c.description, sortOrder: c.sortOrder });
    for (const c of demoCategories.filter((c) => c.parentSlug))
      if (!(await categories.bySlug(c.slug)))
        await categories.create({ slug: c.slug, name: c.name, description: c.description, sortOrder: c.sortOrder, parent: c.parentSlug ?? null });
    const cats = await categories.all();
    const catId = new Map(cats.map((c) => [c.slug, c.id]));

    const authorNames: string[] = [];
    for (let i = 1; i <= 200; i++) authorNames.push(`seed_user${String(i).padStart(3, '0')}`);
    const authorId = new Map<string, number>();
    for (const u of authorNames) authorId.set(u, (await members.ensure(u)).id);

    // A small pool of generated covers shared by the picture picks.
    const storage = createFileStorage(dataDir(process.cwd(), config.uploadsDir, 'ZIXUN_UPLOADS_DIR'));
    const covers: string[] = [];
    for (let i = 0; i < 12; i++) covers.push(await storage.put(`seed/cover-${seed}-${i}.jpg`, await renderCover(`seed ${i}`, seed * 100 + i)));
    const rng = createRng(seed ^ 0x5eed);

    const started = Date.now();
    const now = new Date().toISOString();
    let batch: BulkArticle[] = [];
    let done = 0;
    const flush = async () => {
      const items = batch;
      batch = [];
      await dbh.tx((trx) => bulkInsertArticles(trx, items, now));
      done += items.length;
      process.stderr.write(`\r${seedProgress(done, count, Math.round(done / ((Date.now() - started) / 1000 || 1)))}`);
    };
    for (const a of syntheticArticles(
      count,
      seed,
      cats.map((c) => c.slug),
      authorNames,
    )) {
      const level = a.recommendLevel;
      batch.push({
        title: a.title,
        summary: a.summary,
        body: a.body,
        ...(level >= 2 ? { cover: covers[Math.floor(rng() * covers.length)] as string } : {}),
        categoryId: catId.get(a.category) as number,
        authorId: authorId.get(a.author) as number,
        source: '会员投稿',
        original: a.original,
        recommendLevel: level,
        verified: a.verified,
        publishedAt: a.publishedAt.toISOString(),
        hits: Math.floor(rng() * rng() * 5000),
        tags: a.tags,
      });
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    await analyze(dbh); // fresh statistics, or the planner guesses badly on a big new table
    process.stderr.write(`\n${seedDone(count, (Date.now() - started) / 1000)}\n`);
    // Bulk inserts bypass the article indexer: rebuild the search index so the corpus is searchable.
    if (process.env.ZIXUN_SEED_NO_REINDEX !== '1') {
      await reindexDatabase(dbh);
      await analyze(dbh);
    }
    await noteOutsideWrite(dbh.db); // running servers show the new articles within seconds
  } finally {
    await dbh.close();
  }
}
