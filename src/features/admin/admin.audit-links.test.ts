import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

/** The detail cell of every row, tags stripped and entities decoded back. */
function detailCells(html: string): string[] {
  return [...html.matchAll(/<td class="detail">([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

test('操作日志 shows 友情链接, 附件管理, 违禁词 import, Logo and 回收站 entries in Chinese, in the words of their own pages', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  // Entries shaped as the features record them (links.service, uploads.service/sweep, banned-words.import,
  // admin.settings.logo, admin.articles.trash).
  const entries: Array<[string, string, Record<string, unknown>]> = [
    ['link.create', 'friend_link', { name: '青川旅游网', url: '', kind: 'image', status: 'approved' }],
    ['link.update', 'friend_link', { name: '青川旅游网', url: '', changed: ['logo', 'kind', 'contact', 'status'], from: 'pending', to: 'hidden' }],
    ['link.reject', 'friend_link', { name: '青川旅游网', url: '', from: 'pending', to: 'rejected' }],
    ['link.delete', 'friend_link', { name: '青川旅游网', url: '', status: 'rejected', contact: '12345678' }],
    ['link.sort', 'friend_link', { count: 1, changed: ['#3: 1 → 2'] }],
    ['uploads.delete', 'upload', { key: '', kind: 'body_image', bytes: 1000 }],
    ['uploads.sweep', 'upload', { count: 2, bytes: 2048, failed: 1, force: true }],
    ['uploads.sweep_refused', 'upload', { reason: 'mass_deletion', count: 30, recorded: 40 }],
    ['banned_word.import', 'banned_word', { added: 4, existing: 2, invalid: 2, words: [] }],
    ['settings.logo_remove', 'settings', { logoUrl: '' }],
    ['article.trash', 'article', { title: '新闻', category: 'finance-stock', batch: true }],
  ];
  for (const [action, targetType, detail] of entries)
    await z.audit.record({ actorId: admin.member!.id, action, targetType, targetId: 1, detail, ip: '10.0.0.1' });

  const cells = detailCells((await admin.get('/admin/audit/')).body);
  assert.equal(cells.length, entries.length);
  // No English key or code (Latin letters) besides the word Logo the console uses and a category's 别名.
  for (const cell of cells.filter((c) => !c.includes('栏目别名')))
    assert.doesNotMatch(cell.replace(/Logo/g, ''), /[A-Za-z]/, `raw code or English name in: ${cell}`);
  const all = cells.join('\n');
  for (const words of [
    '链接类型：图片链接；状态：已通过',
    '修改项：Logo、链接类型、联系方式、状态；原为：待审核；改为：已隐藏',
    '原为：待审核；改为：未通过',
    '状态：未通过；联系方式：12345678',
    '类型：正文图片；字节数：1000',
    '删除失败：1；再次确认后清理：是',
    '原因：将删除超过一半的已登记附件',
    '新增数量：4；已存在（未重复添加）：2；无效（未添加）：2；新增的违禁词：无',
    'Logo 图片地址：无',
    '栏目别名：finance-stock',
  ])
    assert.ok(all.includes(words), `${words}\n${all}`);
  assert.ok(!all.includes('已退回'), 'a refused link is 未通过, as the links console calls it');
});
