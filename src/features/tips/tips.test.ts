import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { TIP_WINDOW_MS, TIPS_PER_WINDOW } from './tips.routes.tsx';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川古镇修缮完工', author: 'reporter1' });
  const author = (await z.members.byUsername('reporter1'))!;
  // The points feature's "receiving a tip" reward is off here, so balances show the split alone.
  await z.points.saveRules([{ rule: 'tip', points: 0, dailyCap: 0 }]);
  const alice = await loginAs(z, 'alice');
  await fund(z, alice, 1000);
  return { z, a, author, alice };
}

async function fund(z: TestApp, c: Client, amount: number) {
  await z.points.adjust({ actorId: c.member!.id, memberId: c.member!.id, amount, reason: '测试充值' });
}

async function revenue(z: TestApp): Promise<number> {
  const r = await z.dbh.db.selectFrom('point_accounts').select('balance').where('code', '=', 'revenue').executeTakeFirstOrThrow();
  return Number(r.balance);
}

async function counts(z: TestApp) {
  const n = async (table: 'tips' | 'ledger_transactions') =>
    Number(
      (
        await z.dbh.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { tips: await n('tips'), ledger: await n('ledger_transactions') };
}

const formKey = (html: string) => /name="key" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Open the tip page (as a browser would) and submit it. */
async function tipVia(c: Client, articleId: number, fields: Record<string, string>, query = '') {
  const page = await c.get(`/tip/${articleId}${query}`);
  assert.equal(page.statusCode, 200);
  return c.post(`/tip/${articleId}${query}`, { key: formKey(page.body), ...fields });
}

test('a tip moves exactly the amount: the author gets floor(amount × share), the site the rest; the page shows it', async (t) => {
  const { z, a, author, alice } = await setup(t);
  // The author has a nickname; the tip page names them as the article's byline does, by username.
  await z.dbh.db.updateTable('members').set({ display_name: '记者一号' }).where('id', '=', author.id).execute();
  const page = await alice.get(`/tip/${a.id}`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /<a href="\/author\/reporter1\/">reporter1<\/a>/);
  assert.match((await guest(z).get(`/news/${a.id}.html`)).body, /reporter1/);
  for (const text of ['青川古镇修缮完工', 'reporter1', '1000 积分', '10 积分', '50 积分', '100 积分', '500 积分', '作者获得打赏积分的80%'])
    assert.ok(page.body.includes(text), text);
  assert.match(page.body, /<input type="hidden" name="key" value="[0-9a-f-]{36}">/);

  // Warm both caches, so the purge is what makes the new count show.
  await guest(z).get(`/news/${a.id}.html`);
  await guest(z).get(`/mobile/news/${a.id}.html`);
  assert.equal((await guest(z).get(`/news/${a.id}.html`)).headers['x-cache'], 'HIT');
  const rev0 = await revenue(z);

  const r = await alice.post(`/tip/${a.id}`, { key: formKey(page.body), amount: '50', custom: '', message: '写得真好' });
  assert.equal(r.statusCode, 303);
  assert.match(String(r.headers.location), new RegExp(`^/news/${a.id}\\.html\\?tipped=\\d+#tips$`));
  assert.equal(await z.points.balance(alice.member!.id), 950);
  assert.equal(await z.points.balance(author.id), 40);
  assert.equal((await revenue(z)) - rev0, 10);

  // A custom amount: 7 × 80% = 5.6 → the author gets 5, the site 2.
  const r2 = await tipVia(alice, a.id, { amount: '10', custom: '7', anonymous: '1' }, '?m=1');
  assert.equal(r2.statusCode, 303);
  assert.match(String(r2.headers.location), new RegExp(`^/mobile/news/${a.id}\\.html\\?tipped=\\d+#tips$`));
  assert.equal(await z.points.balance(alice.member!.id), 943);
  assert.equal(await z.points.balance(author.id), 45);
  assert.equal((await revenue(z)) - rev0, 12);
  assert.deepEqual((await z.points.verify()).problems, []);

  const desk = await guest(z).get(String(r.headers.location).replace('#tips', ''));
  assert.equal(desk.headers['x-cache'], 'MISS', 'the article page was purged');
  assert.match(desk.body, /class="act tip"[^>]*>打赏 <span class="n">2<\/span>/);
  assert.ok(desk.body.includes('打赏记录') && desk.body.includes('共 2 次打赏'));
  assert.ok(desk.body.includes('alice') && desk.body.includes('打赏了 50 积分') && desk.body.includes('写得真好'));
  assert.ok(desk.body.includes('<span class="who anonymous">匿名</span> <span class="amount">打赏了 7 积分</span>'), 'the anonymous tip shows 匿名');
  assert.ok(desk.body.indexOf('打赏了 7 积分') < desk.body.indexOf('打赏了 50 积分'), 'newest first');
  const mob = await guest(z).get(`/mobile/news/${a.id}.html`);
  assert.equal(mob.headers['x-cache'], 'MISS');
  assert.ok(mob.body.includes('共 2 次打赏') && mob.body.includes(`href="/tip/${a.id}?m=1"`));
  assert.equal((await z.articles.getAny(a.id))!.tipCount, 2);
});

test('an anonymous tip never shows the tipper: not on the page, not to the author', async (t) => {
  const { z, a, alice } = await setup(t);
  await tipVia(alice, a.id, { amount: '10', anonymous: '1' });
  const html = (await guest(z).get(`/news/${a.id}.html`)).body;
  assert.ok(html.includes('匿名') && !html.includes('alice'));
  const mine = await (await loginAs(z, 'reporter1')).get('/member/tips/?tab=received');
  assert.ok(mine.body.includes('匿名') && !mine.body.includes('alice'));
});

test('the same form submitted twice is one tip', async (t) => {
  const { z, a, alice } = await setup(t);
  const page = await alice.get(`/tip/${a.id}`);
  const fields = { key: formKey(page.body), amount: '100' };
  const [r1, r2] = await Promise.all([alice.post(`/tip/${a.id}`, fields), alice.post(`/tip/${a.id}`, fields)]);
  const r3 = await alice.post(`/tip/${a.id}`, fields);
  assert.deepEqual([r1.statusCode, r2.statusCode, r3.statusCode], [303, 303, 303]);
  assert.equal(r1.headers.location, r3.headers.location, 'a retry lands on the same tip');
  assert.equal(await z.points.balance(alice.member!.id), 900);
  assert.equal((await counts(z)).tips, 1);
  assert.equal((await z.articles.getAny(a.id))!.tipCount, 1);
  // A fresh form is a new tip.
  assert.equal((await tipVia(alice, a.id, { amount: '100' })).statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 800);
});

test('bad amounts are refused with a message, the input is kept and nothing moves', async (t) => {
  const { z, a, alice } = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.post('/admin/settings/tips', { presets: '10,50', sharePercent: '80', minAmount: '5', maxAmount: '20000' })).statusCode, 303);
  const before = await counts(z);
  const cases: Array<[string, RegExp]> = [
    ['-5', /打赏积分必须大于0/],
    ['0', /打赏积分必须大于0/],
    ['1.5', /打赏积分必须是整数/],
    ['99999999999999999999', /打赏积分不能超过20000/],
    ['1e9', /打赏积分必须是数字/],
    ['abc', /打赏积分必须是数字/],
    ['3', /打赏积分不能少于5/],
    ['20001', /打赏积分不能超过20000/],
  ];
  for (const [custom, msg] of cases) {
    const r = await tipVia(alice, a.id, { amount: 'custom', custom, message: '支持一下' });
    assert.equal(r.statusCode, 422, custom);
    assert.match(r.body, msg, custom);
    assert.ok(r.body.includes('打赏未成功，请检查后重试'), custom);
    assert.ok(r.body.includes(`name="custom" type="text" inputmode="numeric" value="${custom}"`), `keeps ${custom}`);
    assert.ok(r.body.includes('value="支持一下"'), 'keeps the message');
  }
  const none = await tipVia(alice, a.id, { amount: 'custom', custom: '' });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /请选择或填写打赏积分/);
  const forged = await tipVia(alice, a.id, { amount: '-100' });
  assert.equal(forged.statusCode, 422, 'a forged preset is checked like a typed amount');
  assert.deepEqual(await counts(z), before);
  assert.equal(await z.points.balance(alice.member!.id), 1000);
  assert.equal((await z.articles.getAny(a.id))!.tipCount, 0);
});

test('insufficient balance, a self-tip and deleted or unpublished articles are refused; nothing moves', async (t) => {
  const { z, a, author, alice } = await setup(t);
  const before = await counts(z);
  const poor = await tipVia(alice, a.id, { amount: 'custom', custom: '1001' });
  assert.equal(poor.statusCode, 422, poor.body.slice(0, 3000));
  assert.ok(poor.body.includes('积分不足：您当前有 1000 积分，不够打赏 1001 积分'));
  assert.ok(poor.body.includes('value="1001"'), poor.body);

  const me = await loginAs(z, 'reporter1');
  await fund(z, me, 100);
  const own = await me.get(`/tip/${a.id}`);
  assert.equal(own.statusCode, 200);
  assert.ok(own.body.includes('这是您自己的文章，不能给自己打赏') && !own.body.includes('确认打赏'));
  const self = await me.post(`/tip/${a.id}`, { key: 'k-self-0001', amount: '10' });
  assert.equal(self.statusCode, 422);
  assert.ok(self.body.includes('不能给自己的文章打赏'));
  assert.equal(await z.points.balance(author.id), 100);

  // The form was open when the article went away.
  const page = await alice.get(`/tip/${a.id}`);
  await z.articles.remove(a.id);
  const gone = await alice.post(`/tip/${a.id}`, { key: formKey(page.body), amount: '10' });
  assert.equal(gone.statusCode, 404);
  assert.ok(gone.body.includes('文章不存在、未发布或已删除，无法打赏'));
  assert.ok(!gone.body.includes(a.title), 'the page names no article that is not published');
  assert.equal((await alice.get(`/tip/${a.id}`)).statusCode, 404);

  const cat = await makeCategory(z);
  const draft = await makeArticle(z, { category: cat.slug, author: 'reporter1', status: 'draft' });
  assert.equal((await alice.get(`/tip/${draft.id}`)).statusCode, 404);
  // Whatever was posted (here an amount that is refused), an unpublished article's title is never shown.
  for (const amount of ['10', 'abc']) {
    const res = await alice.post(`/tip/${draft.id}`, { key: 'k-draft-001', amount });
    assert.equal(res.statusCode, 404);
    assert.ok(!res.body.includes(draft.title), res.body.slice(0, 2000));
  }
  assert.equal((await alice.get('/tip/999999')).statusCode, 404);
  assert.equal((await alice.post('/tip/999999', { amount: '10' })).statusCode, 404);
  assert.equal((await alice.get('/tip/abc')).statusCode, 404);

  const after = await counts(z);
  assert.equal(after.tips, before.tips);
  assert.equal(after.ledger, before.ledger + 1, 'only the test top-up of reporter1');
  assert.equal(await z.points.balance(alice.member!.id), 1000);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('the message is plain text: escaped, at most 100 characters, banned words refused', async (t) => {
  const { z, a, alice } = await setup(t);
  await z.bannedWords.add('违禁词');
  const banned = await tipVia(alice, a.id, { amount: '10', message: '这是违 禁 词哦' });
  assert.equal(banned.statusCode, 422);
  assert.ok(banned.body.includes('留言含有违禁词（违禁词），请修改后再提交'));
  const long = await tipVia(alice, a.id, { amount: '10', message: '长'.repeat(101) });
  assert.equal(long.statusCode, 422);
  assert.ok(long.body.includes('留言不能超过100个字'));
  assert.equal((await counts(z)).tips, 0);

  assert.equal((await tipVia(alice, a.id, { amount: '10', message: '<script>alert(1)</script>\n第二行' })).statusCode, 303);
  const html = (await guest(z).get(`/news/${a.id}.html`)).body;
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; 第二行'));
  assert.ok(!html.includes('<script>alert(1)'));
});

test('guests are sent to log in and come back; a post without the CSRF token moves nothing', async (t) => {
  const { z, a, alice } = await setup(t);
  const g = guest(z);
  const view = await g.get(`/tip/${a.id}?m=1`);
  assert.equal(view.statusCode, 303);
  assert.equal(view.headers.location, `/member/login?next=${encodeURIComponent(`/tip/${a.id}?m=1`)}`);
  const post = await g.post(`/tip/${a.id}`, { amount: '10' });
  assert.equal(post.statusCode, 303);
  assert.equal(post.headers.location, `/member/login?next=${encodeURIComponent(`/tip/${a.id}`)}`);

  const page = await alice.get(`/tip/${a.id}`);
  const noToken = await alice.post(`/tip/${a.id}`, { key: formKey(page.body), amount: '10' }, { withoutToken: true });
  assert.equal(noToken.statusCode, 200);
  assert.ok(noToken.body.includes('请确认您的操作'), 'the confirmation page, not a tip');
  assert.equal((await counts(z)).tips, 0);
  assert.equal(await z.points.balance(alice.member!.id), 1000);
});

test('admins set presets, share and limits; editors and members may not', async (t) => {
  const { z, a, author, alice } = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  const form = await admin.get('/admin/settings/tips');
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('value="10,50,100,500"') && form.body.includes('value="80"'));

  const bad = await admin.post('/admin/settings/tips', { presets: '10,x', sharePercent: '120', minAmount: '0', maxAmount: '5' });
  assert.equal(bad.statusCode, 422);
  for (const m of ['请填写1到8个用逗号分隔的正整数', '分成比例必须是0到100之间的整数', '最低打赏积分必须是1到1000000之间的整数'])
    assert.ok(bad.body.includes(m), m);
  assert.ok(bad.body.includes('value="10,x"'), 'keeps the input');
  const range = await admin.post('/admin/settings/tips', { presets: '5,500', sharePercent: '50', minAmount: '10', maxAmount: '100' });
  assert.equal(range.statusCode, 422);
  assert.ok(range.body.includes('预设金额必须在最低和最高积分之间'));

  const ok = await admin.post('/admin/settings/tips', { presets: '20，5、8', sharePercent: '50', minAmount: '5', maxAmount: '300' });
  assert.equal(ok.statusCode, 303);
  assert.ok((await admin.get(String(ok.headers.location))).body.includes('打赏设置已保存'));
  const audit = await z.dbh.db.selectFrom('audit_log').selectAll().where('action', '=', 'tips.settings').execute();
  assert.equal(audit.length, 1);

  const page = await alice.get(`/tip/${a.id}`);
  assert.ok(page.body.includes('可打赏 5 到 300 积分') && page.body.includes('作者获得打赏积分的50%'));
  assert.ok(page.body.indexOf('value="5"') < page.body.indexOf('value="8"') && page.body.indexOf('value="8"') < page.body.indexOf('value="20"'), 'sorted');
  // 9 × 50% = 4.5 → 4 to the author, 5 to the site.
  assert.equal((await tipVia(alice, a.id, { amount: 'custom', custom: '9' })).statusCode, 303);
  assert.equal(await z.points.balance(author.id), 4);

  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/settings/tips')).statusCode, 403);
  assert.equal((await editor.post('/admin/settings/tips', { presets: '1', sharePercent: '100', minAmount: '1', maxAmount: '1' })).statusCode, 403);
  assert.equal((await alice.get('/admin/settings/tips')).statusCode, 403);
});

test('我的打赏 lists the tips a member gave and the tips their articles received', async (t) => {
  const { z, a, alice } = await setup(t);
  await tipVia(alice, a.id, { amount: '100', message: '加油' });
  const given = await alice.get('/member/tips/');
  assert.equal(given.statusCode, 200);
  assert.ok(given.body.includes('青川古镇修缮完工') && given.body.includes('加油') && given.body.includes('<td data-label="积分">100</td>'));
  const author = await loginAs(z, 'reporter1');
  const received = await author.get('/member/tips/?tab=received');
  assert.ok(received.body.includes('alice') && received.body.includes('<td data-label="我得到">80</td>'), 'the tipper and the author share');
  assert.ok((await author.get('/member/tips/')).body.includes('您还没有打赏过文章'));
  assert.equal((await guest(z).get('/member/tips/')).statusCode, 303);
});

test('tipping is rate limited per member: over the limit the form says so (429), keeps what was typed and moves nothing; the API shares the limit', async (t) => {
  const { z, a, alice } = await setup(t);
  for (let i = 0; i < TIPS_PER_WINDOW; i++) {
    const r = await alice.post(`/tip/${a.id}`, { key: `k-rate-${String(i).padStart(4, '0')}`, amount: '1' });
    assert.equal(r.statusCode, 303, r.body.slice(0, 200));
  }
  const before = await counts(z);
  const over = await alice.post(`/tip/${a.id}`, { key: 'k-rate-over', amount: 'custom', custom: '7', message: '再支持一下' });
  assert.equal(over.statusCode, 429);
  assert.match(over.body, new RegExp(`打赏过于频繁：10分钟内最多打赏${TIPS_PER_WINDOW}次，请稍后再试`));
  assert.match(over.body, /再支持一下/, 'the message is kept');
  assert.match(over.body, /value="7"/, 'the amount is kept');
  assert.deepEqual(await counts(z), before, 'nothing moved');
  assert.equal(await z.points.balance(alice.member!.id), 1000 - TIPS_PER_WINDOW);
  const token = await z.members.createToken('alice');
  const api = await z.app.inject({
    method: 'POST',
    url: `/api/v1/articles/${a.id}/tips`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify({ amount: 1 }),
  });
  assert.equal(api.statusCode, 429, 'form and API count together');
  z.clock.advance(TIP_WINDOW_MS);
  assert.equal((await alice.post(`/tip/${a.id}`, { key: 'k-rate-over', amount: '7' })).statusCode, 303, 'allowed again after the window');
});
