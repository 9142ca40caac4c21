import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('the audit log shows who did what to which target, with detail, IP and time, filtered and paginated', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const ed = await loginAs(z, 'ed', 'editor');
  await z.audit.record({
    actorId: ed.member!.id,
    action: 'article.update',
    targetType: 'article',
    targetId: 7,
    detail: { title: '<script>alert(1)</script>' },
    ip: '10.0.0.8',
  });
  await z.audit.record({ actorId: admin.member!.id, action: 'settings.update', targetType: 'settings', detail: { changed: ['icpNumber'] }, ip: '10.0.0.9' });
  await z.audit.record({
    actorId: admin.member!.id,
    action: 'article.approve',
    targetType: 'article',
    targetId: 8,
    detail: { changed: ['title', 'status'], to: 'published', recommendLevel: 2, publishAt: null, at: '2026-11-27T08:00:00.000Z' },
  });
  await z.audit.record({ actorId: null, action: 'article.release', detail: {} });

  const res = await admin.get('/admin/audit/');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  assert.ok(html.includes('共 4 条'));
  assert.ok(
    html.includes('修改项：标题、状态；改为：已发布；推荐级别：推荐图文；发布时间：无；at：2026-11-27 16:00'),
    'article fields, statuses, levels, no value and times in words',
  );
  assert.ok(html.includes('<td>ed</td>') && html.includes('<td>boss</td>') && html.includes('<td>系统</td>'), 'usernames, not ids');
  assert.ok(html.includes('<td title="article.update">编辑文章</td>'), 'the action by its Chinese label');
  assert.ok(html.includes('文章 #7') && !html.includes('article #7'), 'the target kind in Chinese');
  assert.ok(html.includes('标题：&lt;script&gt;alert(1)&lt;/script&gt;') && !html.includes('<script>alert(1)'), 'details are escaped');
  assert.ok(html.includes('修改项：ICP 备案号') && !html.includes('icpNumber&quot;'), 'changed settings by their form labels');
  assert.ok(html.includes('<code>10.0.0.8</code>'));
  assert.ok(html.includes('2026-11-27 16:00'), 'China time');
  assert.ok(html.indexOf('title="article.release"') < html.indexOf('title="settings.update"'), 'newest first');
  assert.ok(
    html.includes('<option value="settings.update">修改网站设置</option>') && !html.includes('name="action" value='),
    'the filter is a list of actions',
  );

  const byAction = (await admin.get('/admin/audit/?action=settings.update')).body;
  assert.ok(byAction.includes('共 1 条') && byAction.includes('<td>boss</td>') && !byAction.includes('<td>ed</td>'));
  assert.ok(byAction.includes('<option value="settings.update" selected>修改网站设置</option>'), 'the chosen action stays selected');
  const byMember = (await admin.get('/admin/audit/?member=ed')).body;
  assert.ok(byMember.includes('共 1 条') && byMember.includes('文章 #7'));
  const nobody = (await admin.get('/admin/audit/?member=ghost')).body;
  assert.ok(nobody.includes('共 0 条') && nobody.includes('会员“ghost”不存在'));

  for (let i = 0; i < 60; i++) await z.audit.record({ actorId: admin.member!.id, action: 'page.update', targetType: 'page', targetId: i, detail: {} });
  const p1 = (await admin.get('/admin/audit/?action=page.update')).body;
  assert.ok(p1.includes('共 60 条') && p1.includes('单页 #59') && !p1.includes('单页 #9<'));
  assert.ok(p1.includes('href="/admin/audit/?action=page.update&amp;page=2"'));
  const p2 = (await admin.get('/admin/audit/?action=page.update&page=2')).body;
  assert.ok(p2.includes('单页 #9<') && p2.includes('单页 #0<') && !p2.includes('单页 #59'));
});

test('the audit log is for admins only', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.equal((await (await loginAs(z, 'ed', 'editor')).get('/admin/audit/')).statusCode, 403);
  assert.equal((await (await loginAs(z, 'reader', 'member')).get('/admin/audit/')).statusCode, 403);
});

test('the audit log names the features’ actions and targets in Chinese (the code only as a tooltip)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const reader = await loginAs(z, 'reader', 'member');
  const boss = admin.member!;
  // Real actions of other features, each recording its own audit entry.
  await z.members.warnMember(reader.member!.id, boss.id, '多次发布广告', '10.0.0.9');
  await makeCategory(z, { slug: 'city', name: '城市' });
  const a = await makeArticle(z, { category: 'city' });
  const [c] = await z.dbh.db
    .insertInto('comments')
    .values({
      article_id: a.id,
      member_id: null,
      nickname: '网友',
      body: '好',
      floor: 1,
      parent_id: null,
      status: 'visible',
      created_at: z.clock.now().toISOString(),
    })
    .returning('id')
    .execute();
  await z.comments.hide(c!.id, boss.id, '10.0.0.9');
  await z.ads.savePosition(
    undefined,
    { code: 'home-banner', name: '首页横幅', width: '960', height: '90', kind: 'image', pricePerDay: '50', capacity: '1', active: '1' },
    boss,
    '10.0.0.9',
  );

  const html = (await admin.get('/admin/audit/')).body;
  for (const [label, code] of [
    ['警告会员', 'member.warn'],
    ['隐藏评论', 'comment.hide'],
    ['新建广告位', 'ads.position.create'],
  ] as const) {
    assert.match(html, new RegExp(`<td title="${code.replaceAll('.', '\\.')}">${label}</td>`), code);
  }
  assert.ok(html.includes('原因：多次发布广告') && html.includes('会员 reader') && html.includes('评论 #') && html.includes('广告位 #'));
});
