import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

/** The detail cell of every row, tags stripped and entities decoded back. */
function detailCells(html: string): string[] {
  return [...html.matchAll(/<td class="detail">([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

test('操作日志 shows report decisions, reversals, related lists, comment moderation and group changes without raw codes', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const actorId = admin.member!.id;
  // Entries shaped as the features record them (reports.service, reports.reversal, reports.ports,
  // related.service, comments.actions, originality, notifications.admin, members.moderation, admin.articles).
  const entries: Array<[string, string, Record<string, unknown>]> = [
    [
      'report.resolve',
      'comment',
      { reportIds: [2, 3], actions: ['hide', 'warn'], note: '', memberId: 5, applied: { warn: true, ban: false }, authorReason: '广告' },
    ],
    ['report.reverse', 'comment', { decisionId: 9, undone: ['unban', 'unwarn'], reportIds: [2] }],
    ['comment.hide', 'comment', { via: 'report', reason: '广告', note: '' }],
    ['member.warn_withdraw', 'member', { via: 'report', decisionId: 9, warnId: 4 }],
    ['related.pin', 'article', { relatedId: 1 }],
    ['comment.delete', 'comment', { articleId: 1, from: 'visible', to: 'deleted' }],
    ['comment.restore', 'comment', { articleId: 1, from: 'hidden', to: 'visible' }],
    ['comment.approve', 'comment', { articleId: 1, from: 'pending', to: 'visible' }],
    ['article.original_override', 'article', { matchId: 12, similarity: 0.93 }],
    ['notification.broadcast', '', { target: 'group:2', body: '通知', reached: 8 }],
    ['notification.broadcast', '', { target: 'all', body: '通知', reached: 8 }],
    [
      'member_group.create',
      'member_group',
      { id: 3, name: '作者', dailyQuota: 5, minIntervalSec: 60, needsReview: true, createdAt: '2026-11-27T08:00:00.000Z', isDefault: false },
    ],
    ['article.recommend', 'article', { title: '新闻', from: 0, to: 3 }],
    // Names people typed are shown as typed, even when they spell an object property.
    ['member.group', 'member', { from: 'constructor', to: '作者' }],
  ];
  for (const [action, targetType, detail] of entries) await z.audit.record({ actorId, action, targetType, targetId: 1, detail, ip: '10.0.0.1' });

  const res = await admin.get('/admin/audit/');
  assert.equal(res.statusCode, 200);
  const cells = detailCells(res.body);
  assert.equal(cells.length, entries.length);
  const all = cells.join('\n');
  // No English key or code is left in any detail cell (the only Latin text would be a raw code),
  // except the group name typed as `constructor`, shown as typed (not as a JavaScript function).
  for (const cell of cells.filter((c) => !c.includes('constructor'))) assert.doesNotMatch(cell, /[A-Za-z]/, `raw code in: ${cell}`);
  assert.ok(all.includes('原为：constructor；改为：作者'), all);
  assert.doesNotMatch(all, /native code|function/);
  for (const words of [
    '举报编号：2、3；处理方式：隐藏内容、警告作者',
    '实施的处罚：（警告：是，封禁：否）；告知作者的原因：广告',
    '撤销内容：解除封禁、撤回警告',
    '途径：举报处理',
    '警告编号：4',
    '相关文章编号：1',
    '原为：已显示；改为：已删除',
    '原为：已隐藏；改为：已显示',
    '原为：待审核；改为：已显示',
    '相似文章编号：12',
    '对象：会员组 #2',
    '对象：全体会员',
    '送达人数：8',
    '每日投稿上限：5；投稿最短间隔（秒）：60；投稿需要审核：是',
    '原为：不推荐；改为：头条',
  ])
    assert.ok(all.includes(words), words);
});
