import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const MIN = 60_000;
/** The path and query of the first link in a mail that starts with `prefix` (after the origin). */
function linkIn(text: string, prefix: string): string {
  const m = new RegExp(`https?://[^/\\s]+(${prefix.replace(/[?/]/g, '\\$&')}[^\\s]*)`).exec(text);
  assert.ok(m, `a ${prefix} link in:\n${text}`);
  return m[1]!;
}

/** Turns the reminders on for `m` and confirms them from the mail, as a reader would (the link opened logged out). */
async function turnOn(z: TestApp, m: Client): Promise<void> {
  const r = await m.post('/member/notifications/mail', { on: '1' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/member/notifications/?done=mail-sent');
  const mail = z.mailer.sent.at(-1)!;
  assert.equal(mail.to, `${m.member!.username}@example.com`);
  assert.ok(mail.subject.includes('请确认开启站内信邮件提醒'), mail.subject);
  const link = linkIn(mail.text, '/member/notifications/mail/confirm?token=');
  const browser = guest(z);
  const page = await browser.get(link);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('确认开启'), 'a button, not a change on GET (mail scanners open links)');
  const token = new URL(link, 'http://x').searchParams.get('token')!;
  const done = await browser.post('/member/notifications/mail/confirm', { token });
  assert.equal(done.statusCode, 200);
  assert.ok(done.body.includes('站内信邮件提醒已开启'));
}

test('邮件提醒: confirmed from the mailbox, then unread 站内信 go out as one digest, each once, only after the delay', async (t) => {
  const z = await setup(t);
  let alice = await loginAs(z, 'alice');
  const id = alice.member!.id;

  const before = await alice.get('/member/notifications/');
  assert.ok(before.body.includes('邮件提醒') && before.body.includes('未开启') && before.body.includes('开启邮件提醒'));

  // Asked but not confirmed: pending, and nothing is mailed.
  assert.equal((await alice.post('/member/notifications/mail', { on: '1' })).statusCode, 303);
  const pending = await alice.get('/member/notifications/?done=mail-sent');
  assert.ok(pending.body.includes('确认邮件已发送到 a***@example.com'), 'the flash names the masked address');
  assert.ok(pending.body.includes('重新发送确认邮件'));
  await z.notifications.send(id, { kind: 'site.notice', body: '确认之前的通知' });
  z.clock.advance(11 * MIN);
  const mailsBefore = z.mailer.sent.length;
  assert.equal(await z.notificationMail.sendDigests(), 0, 'not confirmed yet');

  await turnOn(z, alice);
  assert.ok((await alice.get('/member/notifications/')).body.includes('已开启，发送到 a***@example.com'));
  assert.equal(await z.notificationMail.sendDigests(), 0, 'a message from before the confirmation is not mailed');

  await z.notifications.send(id, { kind: 'site.notice', body: '本周六凌晨系统维护两小时', link: '/page/about.html' });
  z.clock.advance(5 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0, 'still within the delay: the member may read it on the site');
  z.clock.advance(6 * MIN);
  const sentBefore = z.mailer.sent.length;
  assert.equal(await z.notificationMail.sendDigests(), 1);
  const digest = z.mailer.sent.at(-1)!;
  assert.equal(z.mailer.sent.length, sentBefore + 1);
  assert.ok(mailsBefore < sentBefore);
  assert.equal(digest.to, 'alice@example.com');
  assert.ok(digest.subject.includes('您有 1 条未读站内信'), digest.subject);
  assert.ok(digest.text.includes('[网站通知] 本周六凌晨系统维护两小时'), digest.text);
  assert.ok(!digest.text.includes('确认之前的通知'));
  // The link opens the message (marks it read, then follows its own link) for the logged-in member.
  const open = await alice.get(linkIn(digest.text, '/member/notifications/'));
  assert.equal(open.statusCode, 303);
  assert.equal(open.headers.location, '/page/about.html');
  z.clock.advance(20 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0, 'never mailed twice');

  // Read on the site within the delay: no mail.
  await z.notifications.send(id, { kind: 'site.notice', body: '很快就读了的通知' });
  assert.equal((await alice.post('/member/notifications/read-all')).statusCode, 303);
  z.clock.advance(11 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0);

  // Two instances running the job at once: one digest carrying both messages.
  await z.notifications.send(id, { kind: 'site.notice', body: '第一条' });
  await z.notifications.send(id, { kind: 'site.notice', body: '第二条' });
  z.clock.advance(11 * MIN);
  const n = z.mailer.sent.length;
  const [a, b] = await Promise.all([z.notificationMail.sendDigests(), z.notificationMail.sendDigests()]);
  assert.equal(a + b, 1);
  assert.equal(z.mailer.sent.length, n + 1);
  assert.ok(z.mailer.sent.at(-1)!.subject.includes('2 条'), z.mailer.sent.at(-1)!.subject);
  const off = linkIn(z.mailer.sent.at(-1)!.text, '/member/notifications/mail/off?');

  // The digest's link turns the reminders off without logging in; a tampered one changes nothing.
  alice = await loginAs(z, 'alice'); // (test sessions last an hour)
  const stranger = guest(z);
  const forged = off.replace(/sig=[^&]+/, 'sig=AAAA');
  assert.equal((await stranger.post('/member/notifications/mail/off', Object.fromEntries(new URL(forged, 'http://x').searchParams))).statusCode, 400);
  assert.ok((await alice.get('/member/notifications/')).body.includes('已开启'));
  const page = await stranger.get(off);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('确认关闭'));
  const done = await stranger.post('/member/notifications/mail/off', Object.fromEntries(new URL(off, 'http://x').searchParams));
  assert.equal(done.statusCode, 200);
  assert.ok(done.body.includes('已关闭站内信邮件提醒'));
  await z.notifications.send(id, { kind: 'site.notice', body: '关闭之后的通知' });
  z.clock.advance(11 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0);
  assert.ok((await alice.get('/member/notifications/')).body.includes('未开启'));
  // The link answers alike whether reminders are on or not (it tells nobody who has them), and a forged
  // one is refused alike.
  const offFields = Object.fromEntries(new URL(off, 'http://x').searchParams);
  assert.equal((await stranger.post('/member/notifications/mail/off', offFields)).statusCode, 200, 'already off: the same answer');
  const forgedFields = Object.fromEntries(new URL(forged, 'http://x').searchParams);
  assert.equal((await stranger.post('/member/notifications/mail/off', forgedFields)).statusCode, 400);
});

test('邮件提醒 stop for a changed address or a banned account; links expire; requests are limited', async (t) => {
  const z = await setup(t);
  let bob = await loginAs(z, 'bob');
  const id = bob.member!.id;
  await turnOn(z, bob);

  // A new address (changed in 个人资料) is not mailed until confirmed again.
  await z.dbh.db.updateTable('members').set({ email: 'bob.new@example.com' }).where('id', '=', id).execute();
  await z.notifications.send(id, { kind: 'site.notice', body: '换了邮箱之后' });
  z.clock.advance(11 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0);
  assert.ok((await bob.get('/member/notifications/')).body.includes('未开启'));

  // A confirmation link is good for 24 hours and once.
  assert.equal((await bob.post('/member/notifications/mail', { on: '1' })).statusCode, 303);
  const link = linkIn(z.mailer.sent.at(-1)!.text, '/member/notifications/mail/confirm?token=');
  z.clock.advance(25 * 60 * MIN);
  const late = await guest(z).get(link);
  assert.equal(late.statusCode, 400);
  assert.ok(late.body.includes('确认链接无效或已过期'));

  // Three confirmation mails an hour at most.
  bob = await loginAs(z, 'bob');
  for (let i = 0; i < 3; i++) assert.equal((await bob.post('/member/notifications/mail', { on: '1' })).statusCode, 303);
  const limited = await bob.post('/member/notifications/mail', { on: '1' });
  assert.equal(limited.statusCode, 429);
  assert.ok(limited.body.includes('确认邮件发送太频繁'));

  // Turned off from the page.
  const off = await bob.post('/member/notifications/mail', { on: '0' });
  assert.equal(off.statusCode, 303);
  assert.ok((await bob.get(off.headers.location as string)).body.includes('已关闭站内信邮件提醒'));

  // A banned member gets no digest.
  const carol = await loginAs(z, 'carol');
  await turnOn(z, carol);
  await z.dbh.db.updateTable('members').set({ status: 'banned' }).where('id', '=', carol.member!.id).execute();
  await z.notifications.send(carol.member!.id, { kind: 'member.banned', body: '您的账号已被封禁。' });
  z.clock.advance(11 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0);

  // Without the CSRF token nothing changes.
  const dave = await loginAs(z, 'dave');
  const sent = z.mailer.sent.length;
  const r = await dave.post('/member/notifications/mail', { on: '1' }, { withoutToken: true });
  assert.notEqual(r.statusCode, 303);
  assert.equal(z.mailer.sent.length, sent);
});

test('邮件提醒: an address that fails holds up nobody else, is retried later and, failing on, turned off', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await turnOn(z, alice);
  await turnOn(z, bob);
  const realSend = z.mailer.send.bind(z.mailer);
  z.mailer.send = async (msg) => {
    if (msg.to === 'alice@example.com') throw new Error('550 mailbox unavailable');
    return realSend(msg);
  };
  t.after(() => {
    z.mailer.send = realSend;
  });
  await z.notifications.send(alice.member!.id, { kind: 'site.notice', body: '给 alice 的通知' });
  await z.notifications.send(bob.member!.id, { kind: 'site.notice', body: '给 bob 的通知' });
  z.clock.advance(11 * MIN);
  const sent = z.mailer.sent.length;
  assert.equal(await z.notificationMail.sendDigests(), 1, 'bob gets his digest although alice (a lower id) fails first');
  assert.equal(z.mailer.sent.length, sent + 1);
  assert.equal(z.mailer.sent.at(-1)!.to, 'bob@example.com');

  // Alice's message waits for her address to work, with growing pauses, then the reminders stop.
  assert.equal(await z.notificationMail.sendDigests(), 0, 'not retried at once');
  z.mailer.send = realSend;
  z.clock.advance(11 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 1, 'retried after the pause, with the same message');
  assert.ok(z.mailer.sent.at(-1)!.text.includes('给 alice 的通知'));

  z.mailer.send = async (msg) => {
    if (msg.to === 'alice@example.com') throw new Error('550 mailbox unavailable');
    return realSend(msg);
  };
  for (let i = 0; i < 8; i++) {
    await z.notifications.send(alice.member!.id, { kind: 'site.notice', body: `第 ${i} 次` });
    z.clock.advance(25 * 60 * MIN);
    await z.notificationMail.sendDigests();
  }
  const page = await (await loginAs(z, 'alice')).get('/member/notifications/');
  assert.ok(page.body.includes('未开启'), 'eight failures in a row turn the reminders off');
  z.mailer.send = realSend;
  z.clock.advance(25 * 60 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 0);

  // Turned on again (a working address now): no back-off is left over from the failures.
  const again = await loginAs(z, 'alice');
  await turnOn(z, again);
  await z.notifications.send(alice.member!.id, { kind: 'site.notice', body: '重新开启之后的通知' });
  z.clock.advance(11 * MIN);
  assert.equal(await z.notificationMail.sendDigests(), 1);
  assert.ok(z.mailer.sent.at(-1)!.text.includes('重新开启之后的通知'));
});
