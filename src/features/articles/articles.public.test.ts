import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('article page shows the model page elements on desktop and mobile', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await z.members.create({ username: 'bianji01', role: 'editor' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车', tags: ['交通', '青川'], author: 'xiaolin88' });
  const res = await z.app.inject(`/news/${a.id}.html`);
  assert.equal(res.statusCode, 200);
  const html = res.body;
  for (const s of [
    '青川大桥今日通车',
    'xiaolin88',
    '核心提示',
    '特别提示',
    '举报',
    '收藏',
    '打赏',
    '评论',
    '更多<span aria-hidden="true">&gt;</span>同类最新资讯',
    '相关评论',
    '暂无评论',
    '相关文章',
    '最新文章',
    '推荐文章',
    '推荐图文',
    '点击排行',
    '上一篇',
    '下一篇',
    '青ICP备',
  ]) {
    assert.ok(html.includes(s), `desktop page lacks ${s}`);
  }
  assert.match(html, new RegExp(`<link rel="alternate" media="[^"]+" href="http://[^"]+/mobile/news/${a.id}.html">`));
  const m = await z.app.inject(`/mobile/news/${a.id}.html`);
  assert.equal(m.statusCode, 200);
  assert.match(m.body, new RegExp(`<link rel="canonical" href="http://[^"]+/news/${a.id}.html">`));
  assert.ok(m.body.includes('/static/mobile.css'));
  assert.ok(html.includes('<span class="hits">阅读 0</span>') && m.body.includes('<span class="hits">阅读 0</span>'), 'the read count');

  // Reads counted (bots and repeats left out) show at the page's next render.
  const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  for (let i = 0; i < 3; i++) z.hits.record(a.id, { ip: `10.1.0.${i}`, userAgent: UA });
  z.hits.record(a.id, { ip: '10.1.0.9', userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
  await z.hits.flush();
  z.cache.clear();
  // 4: the three readers and this test's first view (its mobile view is the same visitor again).
  assert.ok((await z.app.inject(`/news/${a.id}.html`)).body.includes('<span class="hits">阅读 4</span>'));
});

test('staff or verified articles show 已核实 instead of the disclaimer', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  await z.members.create({ username: 'bianji01', role: 'editor' });
  const staff = await makeArticle(z, { category: cat.slug, author: 'bianji01' });
  const verified = await makeArticle(z, { category: cat.slug, author: 'member1', verified: true });
  const member = await makeArticle(z, { category: cat.slug, author: 'member1' });
  const metaLine = (html: string) => html.match(/<p class="article-meta">.*?<\/p>/s)?.[0] ?? '';
  for (const a of [staff, verified]) {
    const html = (await z.app.inject(`/news/${a.id}.html`)).body;
    assert.ok(!html.includes('特别提示'), `article ${a.id} shows the disclaimer`);
    // The mark under the body and the badge by the date agree (a staff article the admin never ticked too).
    assert.ok(html.includes('<p class="verified-note">'), `article ${a.id} lacks the note under the body`);
    assert.ok(metaLine(html).includes('已核实'), `article ${a.id} lacks the badge by the date`);
  }
  const html = (await z.app.inject(`/news/${member.id}.html`)).body;
  assert.ok(html.includes('特别提示'), 'an unverified member submission shows the disclaimer');
  assert.ok(!metaLine(html).includes('已核实') && !html.includes('verified-note'), 'and no 已核实 mark');
});

test('unknown, malformed and unpublished article ids give the 404 page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const draft = await makeArticle(z, { category: cat.slug, status: 'draft' });
  for (const url of [
    '/news/999999.html',
    '/news/abc.html',
    '/news/0.html',
    `/news/${draft.id}.html`,
    '/news/1_999.html',
    '/news/99999999999999999999.html',
    '/mobile/news/x.html',
  ]) {
    const res = await z.app.inject(url);
    assert.equal(res.statusCode, 404, url);
    assert.ok(res.body.includes('页面不存在'), url);
  }
});

test('without a computed list, 相关文章 lists articles sharing the most tags first, then the same category', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const other = await makeCategory(z);
  const two = await makeArticle(z, { category: other.slug, title: '两个标签都相同', tags: ['暴雨', '交通'] });
  const one = await makeArticle(z, { category: other.slug, title: '一个标签相同', tags: ['暴雨'] });
  const sameCat = await makeArticle(z, { category: cat.slug, title: '同栏目无标签' });
  await makeArticle(z, { category: other.slug, title: '毫无关系的文章' });
  const a = await makeArticle(z, { category: cat.slug, title: '主角文章', tags: ['暴雨', '交通'] });
  await z.dbh.db.deleteFrom('related_articles').execute(); // as before the first computation (search feature)
  const html = (await z.app.inject(`/news/${a.id}.html`)).body;
  const box = html.slice(html.indexOf('box related'), html.indexOf('</section>', html.indexOf('box related')));
  const order = [two, one, sameCat].map((x) => box.indexOf(`/news/${x.id}.html`));
  assert.ok(
    order.every((i) => i > 0),
    'all three are listed',
  );
  assert.deepEqual(
    [...order].sort((x, y) => x - y),
    order,
    'in the order: two shared tags, one shared tag, same category',
  );
  assert.ok(!box.includes('毫无关系的文章'));
  assert.ok(!box.includes(`/news/${a.id}.html`), 'not itself');
});

test('相关文章 without a list skips candidates that are not public and reads on; rendered on its own it is the same box', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const other = await makeCategory(z);
  const shared = [];
  for (let i = 0; i < 9; i++) shared.push(await makeArticle(z, { category: other.slug, title: `同标签文章${i}`, tags: ['暴雨'] }));
  const a = await makeArticle(z, { category: cat.slug, title: '主角文章', tags: ['暴雨'] });
  for (const gone of shared.slice(6)) await z.articles.remove(gone.id); // the three newest candidates leave the site
  await z.dbh.db.deleteFrom('related_articles').execute(); // as before the first computation (search feature)
  const box = (html: string) => {
    const start = html.indexOf('box related');
    return html.slice(start, html.indexOf('</section>', start));
  };
  const first = await z.app.inject(`/news/${a.id}.html`);
  assert.equal(first.headers['x-cache'], 'MISS');
  const listed = [...box(first.body).matchAll(/\/news\/(\d+)\.html/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    listed,
    shared
      .slice(0, 6)
      .map((x) => x.id)
      .reverse(),
    'the public ones, newest first',
  );
  z.cache.purge([`related:${a.id}`]); // the page stays cached; its 相关文章 is rendered alone
  const again = await z.app.inject(`/news/${a.id}.html`);
  assert.equal(again.headers['x-cache'], 'HIT');
  assert.equal(box(again.body), box(first.body));
});

test("更多>同类最新资讯 lists the category's newest articles except the one being read", async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const older = await makeArticle(z, { category: cat.slug, title: '同栏目的较早文章' });
  const a = await makeArticle(z, { category: cat.slug, title: '正在阅读的文章' });
  const html = (await z.app.inject(`/news/${a.id}.html`)).body;
  const start = html.indexOf('box samecat');
  const box = html.slice(start, html.indexOf('</section>', start));
  assert.ok(box.includes(`/news/${older.id}.html`));
  assert.ok(!box.includes(`/news/${a.id}.html`), 'not the article itself');
});

test('上一篇 / 下一篇 are the neighbours in the same category by publication time (ties by id), scheduled ones left out', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'elsewhere', name: '别处' });
  const at = (day: number) => new Date(Date.UTC(2025, 0, day)).toISOString();
  const oldest = await makeArticle(z, { category: 'city', title: '最早', publishedAt: at(1) });
  const tieA = await makeArticle(z, { category: 'city', title: '同时甲', publishedAt: at(5) });
  const tieB = await makeArticle(z, { category: 'city', title: '同时乙', publishedAt: at(5) });
  await makeArticle(z, { category: 'elsewhere', title: '别处文章', publishedAt: at(6) });
  const newer = await makeArticle(z, { category: 'city', title: '较新', publishedAt: at(9) });
  await makeArticle(z, { category: 'city', title: '定时发布', publishedAt: new Date(z.clock.now().getTime() + 86400_000).toISOString() });
  const prevNext = async (id: number) => {
    const html = (await z.app.inject(`/news/${id}.html`)).body;
    const nav = html.slice(html.indexOf('<nav class="prev-next"'), html.indexOf('</nav>', html.indexOf('<nav class="prev-next"')));
    return [...nav.matchAll(/：(?:<a href="\/news\/(\d+)\.html">|<span>)/g)].map((m) => (m[1] ? Number(m[1]) : null));
  };
  assert.deepEqual(await prevNext(oldest.id), [null, tieA.id]);
  assert.deepEqual(await prevNext(tieA.id), [oldest.id, tieB.id]);
  assert.deepEqual(await prevNext(tieB.id), [tieA.id, newer.id]);
  assert.deepEqual(await prevNext(newer.id), [tieB.id, null], 'the scheduled article is not 下一篇 yet');
});

test('最新文章, 推荐文章 and 推荐图文 on an article page leave out the article itself and stay full', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const ids: number[] = [];
  for (let i = 1; i <= 12; i++) {
    z.clock.advance(60_000);
    const a = await makeArticle(z, { category: cat.slug, title: `第${i}篇文章`, recommendLevel: 2, cover: `/uploads/c${i}.jpg` });
    ids.push(a.id);
  }
  const newest = ids[11] as number;
  const oldest = ids[0] as number;
  const box = (html: string, cls: string) => {
    const start = html.indexOf(`box ${cls}`);
    assert.ok(start >= 0, `no ${cls} box`);
    return html.slice(start, html.indexOf('</section>', start));
  };
  const links = (html: string) => [...html.matchAll(/\/news\/(\d+)\.html/g)].map((m) => Number(m[1]));
  for (const prefix of ['', '/mobile']) {
    for (let round = 0; round < 2; round++) {
      const own = await z.app.inject(`${prefix}/news/${newest}.html`);
      const other = await z.app.inject(`${prefix}/news/${oldest}.html`);
      if (round === 1) assert.equal(own.headers['x-cache'], 'HIT', 'served from the cache the second time');
      for (const [cls, shown] of [
        ['latest', 10],
        ['recommended', 8],
        ['pictures', prefix ? 4 : 6],
      ] as const) {
        const mine = links(box(own.body, cls));
        assert.ok(!mine.includes(newest), `${prefix}${cls}: not the article being read`);
        assert.equal(new Set(mine).size, shown, `${prefix}${cls}: still ${shown} articles`);
        const theirs = links(box(other.body, cls));
        assert.ok(theirs.includes(newest), `${prefix}${cls}: other pages list the newest article`);
        assert.equal(new Set(theirs).size, shown);
      }
    }
  }
});
