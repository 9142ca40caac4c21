// What the forms check is what the table stores (both dialects): long addresses in their stored,
// percent-encoded form, hosts folded before the one-link-per-site rule, 保存排序's ids and numbers, and two
// applications for one site at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { isHostDuplicate } from './links.service.ts';

const rows = (z: TestApp) => z.dbh.db.selectFrom('friend_links').selectAll().orderBy('id').execute();
const APPLY = { name: '青川旅游网', url: 'https://www.qc-travel.example.com/', description: '青川本地旅游攻略', contact: 'webmaster@qc-travel.example.com' };
const LONG_CHINESE = 'https://long.example.com/' + '中'.repeat(250);
const ENCODED_LONG = '网站地址过长：中文等字符按网址格式编码后超过300个字符';
const DUPLICATE = (host: string) => `该网站（${host}）已经申请过友情链接或已是本站友情链接，请勿重复提交`;

/** The admin form as the browser sends it (multipart, the token in the action URL). */
function postForm(z: TestApp, c: Client, url: string, fields: Record<string, string>) {
  const boundary = '----zxlinksinput';
  const body = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  return z.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(c.csrf)}`,
    headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.from(`${body}--${boundary}--\r\n`),
  });
}
const FORM = { name: '示例日报', url: 'https://news.example.org/', description: '', contact: '', note: '', kind: 'text', status: 'approved', sortOrder: '0' };

test('an address that grows past 300 characters once encoded is refused with a field message on both forms, nothing written', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  const res = await g.post('/links', { ...APPLY, url: LONG_CHINESE });
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes(ENCODED_LONG), 'the field message');
  assert.ok(res.body.includes(`value="${LONG_CHINESE}"`), 'what was typed is kept');
  // A host label longer than DNS allows (punycode of 70 中) is not a real host name.
  const label = await g.post('/links', { ...APPLY, url: `https://${'中'.repeat(70)}.example.com/` });
  assert.equal(label.statusCode, 422);
  assert.ok(label.body.includes('网站地址须是以 http:// 或 https:// 开头的网址'));

  const editor = await loginAs(z, 'ed', 'editor');
  const admin = await postForm(z, editor, '/admin/links/new', { ...FORM, url: LONG_CHINESE });
  assert.equal(admin.statusCode, 422);
  assert.ok(admin.body.includes(ENCODED_LONG));
  assert.equal((await rows(z)).length, 0);

  // Under the limit once encoded: accepted and stored as the parser writes it.
  const short = 'https://long.example.com/' + '中'.repeat(30);
  assert.equal((await g.post('/links', { ...APPLY, url: short })).statusCode, 303);
  const [row] = await rows(z);
  assert.equal(row?.url, new URL(short).href);
  assert.ok(row!.url.length <= 300 && row!.url.length > short.length);
});

test('control characters and direction marks are taken out before the length checks; what is stored is what was checked', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  const res = await g.post('/links', {
    ...APPLY,
    name: `\u202e青川\u0000旅游网\u200b`,
    description: '青川\n本地\u0007攻略',
    contact: ' qq\u0000 10001 ',
    note: '第一行\r\n第二行\u0000',
  });
  assert.equal(res.statusCode, 303);
  const [row] = await rows(z);
  assert.deepEqual([row?.name, row?.description, row?.contact, row?.note], ['青川旅游网', '青川 本地攻略', 'qq 10001', '第一行\n第二行']);
  // 30 characters after cleaning is the limit, whatever invisible padding came with them.
  const thirty = '网'.repeat(30);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://b.example.com/', name: `\u200b${thirty}\u0000` })).statusCode, 303);
  const tooLong = await g.post('/links', { ...APPLY, url: 'https://c.example.com/', name: `${thirty}网` });
  assert.equal(tooLong.statusCode, 422);
  assert.ok(tooLong.body.includes('网站名称不能超过30个字'));
});

test('one site however its address is spelt: trailing dots, WWW, case, port and the Chinese form of a domain', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://example.com../' })).statusCode, 303);
  const [first] = await rows(z);
  assert.deepEqual([first?.url, first?.host], ['https://example.com/', 'example.com'], 'stored without the dots');
  for (const url of ['https://example.com/', 'http://WWW.Example.COM.:8080/about', 'https://www.example.com.../', 'https://ＥＸＡＭＰＬＥ.com/']) {
    z.clock.advance(60 * 60_000); // past the hourly limit per IP
    const res = await g.post('/links', { ...APPLY, url });
    assert.equal(res.statusCode, 422, url);
    assert.ok(res.body.includes(DUPLICATE('example.com')), url);
  }
  z.clock.advance(60 * 60_000);
  assert.equal((await g.post('/links', { ...APPLY, url: 'https://www.例子。中国/' })).statusCode, 303);
  const punycode = await g.post('/links', { ...APPLY, url: 'https://xn--fsqu00a.xn--fiqs8s:443/' });
  assert.equal(punycode.statusCode, 422);
  assert.ok(punycode.body.includes(DUPLICATE('xn--fsqu00a.xn--fiqs8s')));
  assert.deepEqual(
    (await rows(z)).map((r) => r.host),
    ['example.com', 'xn--fsqu00a.xn--fiqs8s'],
  );

  // The admin form folds the same way.
  const editor = await loginAs(z, 'ed', 'editor');
  const dup = await postForm(z, editor, '/admin/links/new', { ...FORM, url: 'https://WWW.example.com..:81/' });
  assert.equal(dup.statusCode, 422);
  assert.ok(dup.body.includes(DUPLICATE('example.com')));
  assert.equal((await rows(z)).length, 2);
});

test('two applications for one site at once: one row, the other told in Chinese', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  // Every transaction starts a turn of the event loop later, as across a network, so both checks run
  // before either insert where the database lets them (PostgreSQL; SQLite runs one transaction at a time).
  const tx = z.dbh.tx.bind(z.dbh);
  t.mock.method(z.dbh, 'tx', async (fn: Parameters<TestApp['dbh']['tx']>[0]) => {
    await new Promise((resolve) => setImmediate(resolve));
    return tx(fn);
  });
  const [a, b] = [guest(z), guest(z)];
  const rs = await Promise.all([
    a.post('/links', { ...APPLY, url: 'https://race.example.com/' }),
    b.post('/links', { ...APPLY, name: '青川旅游', url: 'https://www.race.example.com/about' }),
  ]);
  assert.deepEqual(rs.map((r) => r.statusCode).sort(), [303, 422]);
  assert.ok(rs.find((r) => r.statusCode === 422)!.body.includes(DUPLICATE('race.example.com')));
  assert.equal((await rows(z)).length, 1);
  // The database itself holds the rule, and its refusal is recognised on this dialect.
  const { id: _id, ...copy } = (await rows(z))[0]!;
  await assert.rejects(z.dbh.db.insertInto('friend_links').values(copy).execute(), (e) => isHostDuplicate(e));

  // Two staff adding the same site at once.
  const [ed, boss] = [await loginAs(z, 'ed', 'editor'), await loginAs(z, 'boss', 'admin')];
  const staff = await Promise.all([
    postForm(z, ed, '/admin/links/new', { ...FORM, url: 'https://staff.example.com/' }),
    postForm(z, boss, '/admin/links/new', { ...FORM, url: 'https://staff.example.com/x' }),
  ]);
  assert.deepEqual(staff.map((r) => r.statusCode).sort(), [303, 422]);
  assert.ok(staff.find((r) => r.statusCode === 422)!.body.includes(DUPLICATE('staff.example.com')));
  assert.equal((await rows(z)).length, 2);
});

test('保存排序: an id no link can have is ignored, a number out of range or sent twice saves nothing; no 500', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await guest(z).post('/links', APPLY);
  const [row] = await rows(z);
  const editor = await loginAs(z, 'ed', 'editor');
  const huge = await editor.post('/admin/links/sort', { sort_9999999999: '3', sort_2147483648: '4', [`sort_${row!.id}`]: '7', back: 'all' });
  assert.equal(huge.statusCode, 303);
  assert.equal(huge.headers.location, '/admin/links/?done=sorted');
  assert.equal((await rows(z))[0]?.sort_order, 7);

  const bad: Array<Record<string, string | string[]>> = [
    { [`sort_${row!.id}`]: '99999' },
    { [`sort_${row!.id}`]: '2', sort_9999999999: '3', sort_5: '1e9' },
    { [`sort_${row!.id}`]: ['2', '3'] },
  ];
  for (const fields of bad) {
    const res = await editor.post('/admin/links/sort', { ...fields, back: 'pending' });
    assert.equal(res.statusCode, 303, JSON.stringify(fields));
    assert.equal(res.headers.location, '/admin/links/?status=pending&done=sortInvalid');
    assert.equal((await rows(z))[0]?.sort_order, 7, 'nothing saved');
  }
  const flash = await editor.get('/admin/links/?status=pending&done=sortInvalid');
  assert.ok(flash.body.includes('排序须是 -9999 到 9999 之间的整数，排序未保存'));
});
