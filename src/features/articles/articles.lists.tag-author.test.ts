import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  return { status: res.statusCode, body: res.body, cache: res.headers['x-cache'], location: res.headers.location };
}

function listed(html: string): string[] {
  const start = html.indexOf('<ul class="article-list">');
  if (start < 0) return [];
  return [...html.slice(start, html.indexOf('</ul>', start)).matchAll(/<h2><a href="([^"]+)">/g)].map((m) => m[1] as string);
}

test('tag page lists the tagged public articles of every category, desktop and mobile', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'money', name: '财经' });
  const a = await makeArticle(z, { category: 'city', title: '地铁三号线开通', tags: ['交通', '地铁'] });
  const b = await makeArticle(z, { category: 'money', title: '交通投资创新高', tags: ['交通'] });
  await makeArticle(z, { category: 'city', title: '无关文章', tags: ['天气'] });
  await makeArticle(z, { category: 'city', title: '交通草稿', tags: ['交通'], status: 'draft' });
  const url = `/tag/${encodeURIComponent('交通')}/`;
  const r = await get(z, url);
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>标签：交通_青川资讯网<\/title>/);
  assert.ok(r.body.includes('<h1>标签：交通</h1>'));
  assert.ok(r.body.includes('共 2 篇文章'));
  assert.deepEqual(listed(r.body), [`/news/${b.id}.html`, `/news/${a.id}.html`]);
  assert.ok(r.body.includes('<span class="cat">财经</span>') && r.body.includes('<span class="cat">城市</span>'), 'each article names its category');
  assert.ok(!r.body.includes('交通草稿'));
  assert.match(r.body, new RegExp(`<link rel="canonical" href="http://[^"]+${url}">`));
  assert.match(r.body, new RegExp(`<link rel="alternate" media="[^"]+" href="http://[^"]+/mobile${url}">`));
  assert.ok(r.body.includes('当前位置：<a href="/">首页</a> &gt; <span aria-current="page">标签：交通</span>'));

  const m = await get(z, `/mobile${url}`);
  assert.equal(m.status, 200);
  assert.deepEqual(listed(m.body), [`/mobile/news/${b.id}.html`, `/mobile/news/${a.id}.html`]);
  assert.match(m.body, new RegExp(`<link rel="canonical" href="http://[^"]+${url}">`));
  assert.ok(m.body.includes('/static/mobile.css'));

  // A tag page changes when an article gains the tag.
  assert.equal((await get(z, url)).cache, 'HIT');
  const c = await makeArticle(z, { category: 'city', title: '公交线网优化', tags: ['交通'] });
  const after = await get(z, url);
  assert.equal(after.cache, 'MISS');
  assert.equal(listed(after.body)[0], `/news/${c.id}.html`);
});

test('tag names with spaces, slashes and symbols round-trip through their URLs; unknown tags are 404', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'tech', name: '科技' });
  for (const name of ['C++ 入门', 'AI/机器学习', '5G&物联网', '100%']) {
    const a = await makeArticle(z, { category: 'tech', tags: [name] });
    const r = await get(z, `/tag/${encodeURIComponent(name)}/`);
    assert.equal(r.status, 200, name);
    assert.deepEqual(listed(r.body), [`/news/${a.id}.html`], name);
  }
  await makeArticle(z, { category: 'tech', tags: ['只在草稿'], status: 'draft' });
  for (const url of [
    '/tag/不存在的标签/',
    '/mobile/tag/不存在的标签/',
    `/tag/${encodeURIComponent('只在草稿')}/`,
    '/tag/%20C++/',
    `/tag/${'长'.repeat(33)}/`,
    `/tag/${encodeURIComponent('100%')}/2.html`,
    `/tag/${encodeURIComponent('100%')}/x.html`,
  ]) {
    assert.equal((await get(z, url)).status, 404, url);
  }
});

test('author page shows the member, the article count and the articles, paginated', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const member = await z.members.create({ username: 'xiaolin88', displayName: '小林记者' });
  const ids: number[] = [];
  for (let i = 0; i < 22; i++) ids.push((await makeArticle(z, { category: 'city', author: 'xiaolin88', title: `小林的第${i + 1}篇报道` })).id);
  await makeArticle(z, { category: 'city', author: 'someone_else' });
  await makeArticle(z, { category: 'city', author: 'xiaolin88', status: 'draft', title: '小林的草稿' });
  const r = await get(z, '/author/xiaolin88/');
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>小林记者的文章_青川资讯网<\/title>/);
  assert.ok(r.body.includes('<dd class="username">xiaolin88</dd>'));
  assert.ok(r.body.includes('<dd class="display-name">小林记者</dd>'));
  assert.ok(r.body.includes('共发表 22 篇文章'));
  assert.deepEqual(
    listed(r.body),
    ids
      .slice(2)
      .reverse()
      .map((id) => `/news/${id}.html`),
  );
  assert.match(r.body, /<link rel="next" href="http:\/\/[^"]+\/author\/xiaolin88\/2.html">/);
  const p2 = await get(z, '/author/xiaolin88/2.html');
  assert.deepEqual(
    listed(p2.body),
    [ids[1], ids[0]].map((id) => `/news/${id}.html`),
  );
  assert.equal((await get(z, '/author/xiaolin88/3.html')).status, 404);

  const m = await get(z, '/mobile/author/xiaolin88/');
  assert.equal(m.status, 200);
  assert.equal(listed(m.body).length, 20);
  assert.ok(m.body.includes('共发表 22 篇文章') && m.body.includes('小林记者'));
  assert.match(m.body, /<link rel="canonical" href="http:\/\/[^"]+\/author\/xiaolin88\/">/);

  // The page belongs to the author's cache tag: a new article of theirs shows at once.
  await get(z, '/author/xiaolin88/');
  const fresh = await makeArticle(z, { category: 'city', author: 'xiaolin88', title: '小林最新报道' });
  const after = await get(z, '/author/xiaolin88/');
  assert.equal(after.cache, 'MISS');
  assert.ok(after.body.includes('共发表 23 篇文章'));
  assert.equal(listed(after.body)[0], `/news/${fresh.id}.html`);
  assert.equal(member.username, 'xiaolin88');
  assert.ok(!after.body.includes('个人简介'), 'no bio written, none shown');

  // The 个人简介 the member writes in their profile is on their page (escaped), the cached page renewed.
  await z.members.accounts.updateProfile(member.id, { displayName: '小林记者', email: 'xiaolin@example.com', bio: '跑城建线的记者 <b>十年</b>' });
  z.cache.purge([`author:${member.id}`]); // as the profile route does
  const bio = await get(z, '/author/xiaolin88/');
  assert.ok(bio.body.includes('<dt>个人简介</dt><dd class="bio">跑城建线的记者 &lt;b&gt;十年&lt;/b&gt;</dd>'), bio.body.slice(0, 3000));
  assert.ok((await get(z, '/mobile/author/xiaolin88/')).body.includes('跑城建线的记者'));
});

test('Chinese usernames work; unknown or malformed authors are 404', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const a = await makeArticle(z, { category: 'city', author: '青川小编' });
  const r = await get(z, `/author/${encodeURIComponent('青川小编')}/`);
  assert.equal(r.status, 200);
  assert.deepEqual(listed(r.body), [`/news/${a.id}.html`]);
  const quiet = await z.members.create({ username: 'quiet_reader' });
  const q = await get(z, '/author/quiet_reader/');
  assert.equal(q.status, 200, `a member without articles (${quiet.username}) still has a page`);
  assert.ok(q.body.includes('共发表 0 篇文章') && q.body.includes('<meta name="robots" content="noindex">'));
  for (const url of [
    '/author/nobody_here/',
    '/mobile/author/nobody_here/',
    '/author/a/',
    '/author/bad%20name/',
    '/author/quiet_reader/2.html',
    '/author/quiet_reader/0.html',
  ]) {
    assert.equal((await get(z, url)).status, 404, url);
  }
  assert.equal((await get(z, '/author/quiet_reader/1.html')).location, '/author/quiet_reader/');
});
