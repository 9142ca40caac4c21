import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { commentRemovedMessage, commentReplyMessage, reportMessages } from './notifications.messages.ts';

// Where a 站内信 leads, what it says about removed content, and the list's markup.

test('a reply’s 站内信 links to that reply (its page and anchor are found when it is opened)', () => {
  const m = commentReplyMessage({ memberId: 1, articleId: 7, articleTitle: '标题', replier: 'bob', excerpt: '说得对', commentId: 42 });
  assert.equal(m.n.link, '/comments/42');
});

test('a comment removed with a reason says the reason', () => {
  const m = commentRemovedMessage({ memberId: 1, articleId: 7, articleTitle: '青川大桥', to: 'hidden', reason: '内容经举报核实违规（广告）' });
  assert.equal(m.n.body, '您在《青川大桥》下的评论已被管理员隐藏。原因：内容经举报核实违规（广告）。');
  assert.equal(commentRemovedMessage({ memberId: 1, articleId: 7, articleTitle: '青川大桥', to: 'hidden' }).n.body, '您在《青川大桥》下的评论已被管理员隐藏。');
});

test('a ban from a report is a ban, not a warning, and carries no link a banned member cannot follow', () => {
  const [author] = reportMessages({
    decision: 'resolve',
    reporterIds: [],
    label: '爱丽丝：网上发-票',
    authorId: 3,
    actions: ['warn', 'ban'],
    note: '举报人张三说',
    targetType: 'comment',
    quote: '网上发-票',
    category: '广告',
    authorReason: '发布赌博广告',
    link: '/news/1/comments#c4',
  });
  assert.equal(author!.n.kind, 'member.banned');
  assert.equal(author!.n.body, '您发布的评论“网上发-票”经举报核实违反本站规定（广告），您的账号已被封禁。原因：发布赌博广告。');
  assert.equal(author!.n.link, undefined);
});

test('the 站内信 list keeps its 全部标为已读 form out of a paragraph', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const alice = await loginAs(z, 'alice');
  await z.notifications.send(alice.member!.id, { kind: 'site.notice', body: '欢迎' });
  const page = await alice.get('/member/notifications/');
  assert.ok(!/<p class="notifications-summary">/.test(page.body));
  assert.match(page.body, /<div class="notifications-summary">[^]*?<form[^]*?<\/form>\s*<\/div>/);
});
