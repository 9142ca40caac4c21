import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

// Links to one comment land on the page it is on; a held comment's floor reads as "not yet" in 评论管理.

test('GET /comments/<id> opens the page of the list the comment is on, at its anchor', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const members = await Promise.all(Array.from({ length: 25 }, (_, i) => z.members.create({ username: `reader${i}` })));
  const ids: number[] = [];
  for (const [i, m] of members.entries())
    ids.push((await z.comments.post({ articleId: a.id, member: m, ip: '10.0.0.1', fields: { body: `第${i + 1}条评论` } })).id);
  const g = guest(z);
  const first = await g.get(`/comments/${ids[0]}`);
  assert.equal(first.statusCode, 303);
  assert.equal(first.headers.location, `/news/${a.id}/comments?page=2#c${ids[0]}`, 'the oldest of 25 is on page 2 (newest first, 20 a page)');
  const page = await g.get(`/news/${a.id}/comments?page=2`);
  assert.ok(page.body.includes(`id="c${ids[0]}"`));
  assert.equal((await g.get(`/comments/${ids[24]}`)).headers.location, `/news/${a.id}/comments#c${ids[24]}`);

  await z.comments.moderate({ ids: [ids[3]!], action: 'hide', actorId: 1, ip: '127.0.0.1' });
  assert.equal((await g.get(`/comments/${ids[3]}`)).statusCode, 404, 'a hidden comment is not linked to');
  assert.equal((await g.get('/comments/999999')).statusCode, 404);
});

test('评论管理 shows a held comment’s floor as a dash that explains floors come when it is shown', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  await z.settings.update({ commentModeration: 'pre' });
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '等待审核的评论' });
  const admin = await loginAs(z, 'boss', 'admin');
  const list = await admin.get('/admin/comments/?status=pending');
  assert.ok(list.body.includes('等待审核的评论'));
  assert.ok(!list.body.includes('未分配'));
  assert.ok(list.body.includes('<span class="floor-pending" title="尚无楼层：评论显示时才分配楼层"><span aria-hidden="true">—</span>'));
});

test('on the phone article and its comment list, 登录/注册 lead back there in the phone layout, and 举报 opens the phone report page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const c = await z.comments.post({ articleId: a.id, member: await z.members.create({ username: 'reader1' }), ip: '10.0.0.1', fields: { body: '终于通车了' } });
  const g = guest(z);
  const hrefs = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => (m[1] as string).replaceAll('&amp;', '&'));
  for (const [path, next] of [
    [`/mobile/news/${a.id}.html`, `/mobile/news/${a.id}.html#comments-title`],
    [`/mobile/news/${a.id}/comments`, `/mobile/news/${a.id}/comments`],
  ] as const) {
    const page = (await g.get(path)).body;
    const q = `?next=${encodeURIComponent(next)}`;
    // The comment box's prompt (the header's links get theirs from public/site.js).
    const note = /<p class="login-note"[^]*?<\/p>/.exec(page)?.[0] ?? '';
    assert.deepEqual(hrefs(note, /href="(\/member\/register[^"]*)"/g), [`/member/register${q}`], `${path}: 注册 carries next`);
    assert.deepEqual(hrefs(note, /href="(\/member\/login[^"]*)"/g), [`/member/login${q}&why=comment`], `${path}: 登录 carries next`);
    assert.deepEqual(hrefs(page, /<a class="report" href="([^"]*)"/g), [`/report/?comment=${c.id}&m=1`], `${path}: a comment's 举报 stays on the phone site`);
    // The sign-up page opened from there is the phone one, and 返回 leads back to the page.
    const signUp = (await g.get(`/member/register${q}`)).body;
    assert.ok(signUp.includes(`href="${next.replace(/#.*/, '')}`), `${path}: 返回 from the sign-up page`);
  }
  const article = (await g.get(`/mobile/news/${a.id}.html`)).body;
  assert.deepEqual(hrefs(article, /<a class="act report" href="([^"]*)"/g), [`/report/?article=${a.id}&m=1`]);
  // The desktop article keeps the desktop report page.
  assert.deepEqual(hrefs((await g.get(`/news/${a.id}.html`)).body, /<a class="act report" href="([^"]*)"/g), [`/report/?article=${a.id}`]);
});
