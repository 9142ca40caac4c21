import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { guest, loginAs } from '../../test/session.ts';

async function site(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工' });
  const draft = await makeArticle(z, { category: 'city', title: '还没发布的稿件', status: 'draft' });
  const author = await z.members.byUsername('reporter1');
  const c = await z.dbh.db
    .insertInto('comments')
    .values({
      article_id: article.id,
      member_id: author!.id,
      nickname: 'reporter1',
      body: '这是一条广告评论，加微信领红包',
      status: 'visible',
      floor: 1,
      parent_id: null,
      created_at: z.clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { article, draft, commentId: c.id };
}

const reports = (z: TestApp) => z.dbh.db.selectFrom('reports').selectAll().orderBy('id').execute();

test('a guest reports an article, a comment and a URL; each lands in the queue as an open report', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, commentId } = await site(z);
  const g = guest(z);

  const form = await g.get(`/report/?article=${article.id}`);
  assert.equal(form.statusCode, 200);
  assert.equal(form.headers['cache-control'], 'no-store');
  assert.ok(form.body.includes('青川港二期工程今日开工'), 'the form names the article');
  for (const label of ['不实信息', '侵权', '色情低俗', '广告', '违法违规', '其他']) assert.ok(form.body.includes(`>${label}</option>`), label);
  assert.match(form.body, /name="article" value="\d+"/);

  let res = await g.post('/report/', { article: String(article.id), reason: 'false_info', description: '时间写错了' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/report/thanks');
  const thanks = await g.get('/report/thanks');
  assert.equal(thanks.statusCode, 200);
  assert.ok(thanks.body.includes('感谢您的举报'));

  const cform = await g.get(`/report/?comment=${commentId}`);
  assert.ok(cform.body.includes('这是一条广告评论') && cform.body.includes('发表在《青川港二期工程今日开工》'));
  res = await g.post('/report/', { comment: String(commentId), reason: 'advert', description: '' });
  assert.equal(res.statusCode, 303);

  const uform = await g.get('/report/');
  assert.ok(uform.body.includes('name="url"'));
  assert.ok(
    (await g.get('/report/?url=https://example.com/a?b=1%26c=%22')).body.includes('value="https://example.com/a?b=1&amp;c=&quot;"'),
    'a URL can be prefilled, escaped',
  );
  res = await g.post('/report/', { url: 'https://example.com/copied/1.html', reason: 'infringement', description: '抄袭本站文章' });
  assert.equal(res.statusCode, 422, 'another site is not ours to act on');
  assert.ok(res.body.includes('只能举报本站的页面'));
  res = await g.post('/report/', { url: 'http://localhost/guestbook/?page=2', reason: 'advert', description: '留言板里有广告' });
  assert.equal(res.statusCode, 303);

  const rows = await reports(z);
  assert.deepEqual(
    rows.map((r) => [r.target_type, r.target_id, r.url, r.reason, r.status, r.reporter_id]),
    [
      ['article', article.id, '', 'false_info', 'open', null],
      ['comment', commentId, '', 'advert', 'open', null],
      ['url', null, 'http://localhost/guestbook/?page=2', 'advert', 'open', null],
    ],
  );
  assert.ok(
    rows.every((r) => r.reporter_ip !== ''),
    'guest reports keep the IP',
  );
});

test("a member's report is linked to them, a URL of our own article joins that article, and duplicates are refused", async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, commentId } = await site(z);
  const alice = await loginAs(z, 'alice');

  const res = await alice.post('/report/', { url: `http://localhost/mobile/news/${article.id}_2.html`, reason: 'illegal', description: '' });
  assert.equal(res.statusCode, 303);
  const [row] = await reports(z);
  assert.equal(row?.target_type, 'article', 'our own article URL became an article report');
  assert.equal(row?.target_id, article.id);
  assert.equal(row?.reporter_id, alice.member!.id);
  assert.ok((await alice.get('/report/thanks')).body.includes('/member/reports/'));

  const again = await alice.post('/report/', { article: String(article.id), reason: 'other', description: '再举报一次' });
  assert.equal(again.statusCode, 409);
  assert.ok(again.body.includes('您已经举报过这条内容'));
  assert.ok(again.body.includes('再举报一次'), 'what the member typed is kept');
  assert.equal((await reports(z)).length, 1);

  // A member's own article or comment is not theirs to report.
  const own = await loginAs(z, 'reporter1');
  for (const target of [{ article: String(article.id) }, { comment: String(commentId) }] as Array<Record<string, string>>) {
    const r = await own.post('/report/', { ...target, reason: 'other', description: '举报自己' });
    assert.equal(r.statusCode, 409, JSON.stringify(target));
    assert.ok(r.body.includes('这是您自己发布的内容，不能举报'));
  }
  assert.equal((await reports(z)).length, 1);
});

test('bad input re-renders the form with Chinese field messages, keeps what was typed and writes nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article } = await site(z);
  const g = guest(z);

  let res = await g.post('/report/', { article: String(article.id), reason: 'spam', description: '<b>原因</b>' });
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('请选择举报原因'));
  assert.ok(res.body.includes('&lt;b&gt;原因&lt;/b&gt;'), 'the typed description comes back, escaped');

  res = await g.post('/report/', { article: String(article.id), reason: 'other', description: '   ' });
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('选择“其他”时请填写详细说明'));
  assert.match(res.body, /<option value="other" selected>其他<\/option>/);

  res = await g.post('/report/', { article: String(article.id), reason: 'advert', description: '长'.repeat(1001) });
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('详细说明不能超过1000字'));

  for (const url of [
    '',
    'javascript:alert(1)',
    'ftp://example.com/x',
    'example.com/page',
    'https://user:pw@example.com/',
    `https://example.com/${'a'.repeat(500)}`,
  ]) {
    res = await g.post('/report/', { url, reason: 'advert', description: '' });
    assert.equal(res.statusCode, 422, url);
    assert.match(res.body, /请填写违规内容的网址|请填写以 http:\/\/ 或 https:\/\/ 开头的完整网址|网址不能超过500个字符|只能举报本站的页面/);
  }
  res = await g.post('/report/', { url: 'javascript:alert(1)', reason: 'nope', description: '' });
  assert.ok(res.body.includes('请选择举报原因') && res.body.includes('请填写以 http'), 'all problems are reported together');
  assert.ok(res.body.includes('value="javascript:alert(1)"'), 'the typed URL is kept (as an attribute value, never as a link)');
  assert.equal((await reports(z)).length, 0);
});

test('only public content can be reported (404); a malformed link opens the URL form (reports.malformed-link.test.ts)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { draft } = await site(z);
  const g = guest(z);
  for (const url of [`/report/?article=${draft.id}`, '/report/?article=99999', '/report/?comment=99999']) {
    assert.equal((await g.get(url)).statusCode, 404, url);
  }
  const res = await g.post('/report/', { article: String(draft.id), reason: 'advert', description: '' });
  assert.equal(res.statusCode, 404);
  assert.equal((await reports(z)).length, 0);
});

test('guests are rate limited per IP, and a filled honeypot writes nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article } = await site(z);
  const g = guest(z);
  const bot = await g.post('/report/', { article: String(article.id), reason: 'advert', description: '', website: 'http://spam.example' });
  assert.equal(bot.statusCode, 303);
  assert.equal((await reports(z)).length, 0);
  for (let i = 0; i < 10; i++)
    assert.equal((await g.post('/report/', { article: String(article.id), reason: 'advert', description: `第${i}次` })).statusCode, 303);
  const limited = await g.post('/report/', { article: String(article.id), reason: 'advert', description: '太多了' });
  assert.equal(limited.statusCode, 429);
  assert.equal((await reports(z)).length, 10);
  z.clock.advance(3600_000);
  assert.equal((await g.post('/report/', { article: String(article.id), reason: 'advert', description: '一小时后' })).statusCode, 303);
});

test('a report form without its CSRF token is not accepted as is', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article } = await site(z);
  const res = await guest(z).post('/report/', { article: String(article.id), reason: 'advert', description: '' }, { withoutToken: true });
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes('请确认您的操作'));
  assert.equal((await reports(z)).length, 0);
});

test('with a base URL configured, only its host counts as this site: a forged Host header does not widen it', async (t) => {
  const z = await createTestApp({ baseUrl: 'https://news.example.cn' });
  t.after(() => z.close());
  await site(z);
  const g = guest(z);
  const forged = await g.post(
    '/report/',
    { url: 'https://evil.example/page', reason: 'advert', description: '' },
    { headers: { host: 'evil.example', origin: 'http://evil.example' } },
  );
  assert.equal(forged.statusCode, 422);
  assert.ok(forged.body.includes('只能举报本站的页面'));
  const ours = await g.post('/report/', { url: 'https://news.example.cn/guestbook/', reason: 'advert', description: '' });
  assert.equal(ours.statusCode, 303);
  assert.equal((await reports(z)).length, 1);
});

test('from the phone site (m=1) the report pages take the phone layout and lead back to the phone article or comment list', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, commentId } = await site(z);
  const g = guest(z);
  const isPhone = (html: string) => html.includes('class="to-desktop"') && /\/static\/mobile\.css/.test(html);

  const form = await g.get(`/report/?article=${article.id}&m=1`);
  assert.equal(form.statusCode, 200);
  assert.ok(isPhone(form.body), 'the phone layout');
  assert.ok(form.body.includes(`<a href="/mobile/news/${article.id}.html">青川港二期工程今日开工</a>`), 'the article link is the phone one');
  assert.ok(form.body.includes(`?to=${encodeURIComponent(`/report/?article=${article.id}`)}"`), '电脑版 opens the same page without m=1');
  assert.ok(form.body.includes('<input type="hidden" name="m" value="1">'));
  // The desktop page is unchanged.
  const desktop = (await g.get(`/report/?article=${article.id}`)).body;
  assert.ok(!isPhone(desktop) && desktop.includes(`<a href="/news/${article.id}.html">`) && !desktop.includes('name="m"'));

  // A refused post keeps the phone layout.
  const bad = await g.post('/report/', { article: String(article.id), m: '1', reason: '', description: '' });
  assert.equal(bad.statusCode, 422);
  assert.ok(isPhone(bad.body) && bad.body.includes(`href="/mobile/news/${article.id}.html"`));

  const sent = await g.post('/report/', { article: String(article.id), m: '1', reason: 'false_info', description: '' });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `/report/thanks?article=${article.id}&m=1`);
  const thanks = await g.get(sent.headers.location as string);
  assert.ok(isPhone(thanks.body) && thanks.body.includes('感谢您的举报'));
  assert.ok(thanks.body.includes(`<a href="/mobile/news/${article.id}.html">返回文章</a>`) && thanks.body.includes('<a href="/mobile/">返回首页</a>'));

  const c = await g.get(`/report/?comment=${commentId}&m=1`);
  assert.ok(isPhone(c.body) && c.body.includes(`href="/mobile/news/${article.id}/comments#c${commentId}"`));
  const csent = await g.post('/report/', { comment: String(commentId), m: '1', reason: 'advert', description: '' });
  assert.equal(csent.headers.location, `/report/thanks?comment=${commentId}&m=1`);
  assert.ok((await g.get(csent.headers.location as string)).body.includes(`<a href="/mobile/news/${article.id}/comments#c${commentId}">返回评论</a>`));
  assert.equal((await reports(z)).length, 2);
});
