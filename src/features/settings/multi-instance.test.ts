// Two app instances on one database and one Redis, as behind a load balancer: what an admin changes on
// one is what the other shows and enforces on its next request (settings, categories, tip settings,
// banned words are kept in memory by every instance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createZixun } from '../../main.ts';
import { createTestApp, requireOrSkip, ROOT, type TestApp } from '../../test/app.ts';
import { REDIS_URL, redisReachable } from '../../test/redis.ts';
import { createFileStorage } from '../../platform/storage/index.ts';
import { createOutboxMailer } from '../../platform/mail/index.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import path from 'node:path';

const until = async (cond: () => Promise<boolean>) => {
  for (let i = 0; i < 150; i++) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
};

async function twoInstances(t: { after(fn: () => Promise<void>): void }): Promise<[TestApp, Awaited<ReturnType<typeof createZixun>>]> {
  const redisPrefix = `t${randomBytes(4).toString('hex')}:`;
  const one = await createTestApp({ redisUrl: REDIS_URL, redisPrefix });
  const two = await createZixun(
    { ...one.config, redisUrl: REDIS_URL, redisPrefix },
    { clock: one.clock, dbh: one.dbh, storage: createFileStorage(path.join(one.tmp, 'uploads')), mailer: createOutboxMailer(undefined), rootDir: ROOT },
  );
  t.after(async () => {
    await two.close();
    await one.close();
  });
  return [one, two];
}

test('settings, categories, tip settings and banned words changed on one instance hold on the other', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const [one, two] = await twoInstances(t);
  await makeCategory(one, { slug: 'local', name: '本地' });
  const a = await makeArticle(one, { category: 'local', title: '两台服务器' });
  // The second instance has read (and cached) everything once.
  assert.ok(!(await two.app.inject('/')).body.includes('双实例资讯网'));
  assert.equal((await two.tips.settings()).maxAmount > 30, true);
  assert.deepEqual(await two.bannedWords.find('紫罗兰违禁'), []);
  assert.equal((await two.app.inject('/category/city/')).statusCode, 404);

  await one.settings.update({ siteName: '双实例资讯网', icpNumber: '青ICP备12345678号-2' });
  await one.categories.create({ slug: 'city', name: '城市' });
  await one.tips.updateSettings({ presets: [20, 30], sharePercent: 50, minAmount: 20, maxAmount: 30 });
  await one.bannedWords.add('紫罗兰违禁');

  assert.ok(await until(async () => (await two.app.inject('/')).body.includes('双实例资讯网')), 'the site name');
  assert.ok((await two.app.inject(`/news/${a.id}.html`)).body.includes('青ICP备12345678号-2'));
  assert.equal((await two.app.inject('/category/city/')).statusCode, 200, 'the new category');
  assert.ok(await until(async () => (await two.tips.settings()).maxAmount === 30), 'the tip limits');
  assert.ok(await until(async () => (await two.bannedWords.find('有紫罗兰违禁的评论')).length === 1), 'the banned word');
});
