import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';
import OpenCC from 'opencc-js';
import { demoArticles } from '../demo/index.ts';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const paragraphs = (html: string) => html.match(/<p>[\s\S]*?<\/p>/g) ?? [];
const [first, second] = demoArticles.filter((a) => paragraphs(a.body).length >= 6);
if (!first || !second) throw new Error('demo articles with six paragraphs are needed');

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

async function publishOriginal(z: TestApp) {
  return z.articles.create({
    title: first?.title as string,
    summary: '',
    body: paragraphs(first?.body as string).join(''),
    category: 'local',
    author: 'reporter1',
    tags: [],
    original: true,
    status: 'published',
  });
}

function submission(over: Record<string, string>): Record<string, string> {
  return { title: '我写的稿子', category: 'local', summary: '一段核心提示。', body: '<p>正文。</p>', tags: '', source: '', op: 'submit', ...over };
}

async function count(z: TestApp, authorId: number): Promise<number> {
  const r = await z.dbh.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', authorId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

test('a copy of a published article is refused with a message naming it (also when slightly edited or in Traditional characters)', async (t) => {
  const z = await setup(t);
  const original = await publishOriginal(z);
  const alice: Client = await loginAs(z, 'alice');
  const body = paragraphs(first?.body as string).join('');
  for (const variant of [body, body.replace('。', '，据了解。'), toTraditional(body)]) {
    const r = await alice.post('/member/articles/new', submission({ title: '转载一篇好文章', body: variant }));
    assert.equal(r.statusCode, 422, r.body.slice(0, 200));
    if (variant === body) assert.ok(r.body.includes('相似度 100%'), 'verified exactly on the stored shingle set');
    assert.ok(r.body.includes(`《${original.title}》`), 'names the article');
    assert.ok(r.body.includes(`/news/${original.id}.html`), 'with its link');
    assert.ok(r.body.includes('转载一篇好文章'), 'the form keeps what was typed');
  }
  assert.equal(await count(z, alice.member?.id as number), 0, 'nothing written');

  // A fingerprint stored before shingle sets were kept (column empty) is verified on the article's text.
  await z.dbh.db.updateTable('article_fingerprints').set({ shingle_set: null }).execute();
  const again = await alice.post('/member/articles/new', submission({ title: '转载一篇好文章', body }));
  assert.equal(again.statusCode, 422);
  assert.ok(again.body.includes('相似度 100%'), 'the exact similarity is shown');

  // Her own, different text goes through.
  const ok = await alice.post('/member/articles/new', submission({ title: '我自己的稿子', body: paragraphs(second?.body as string).join('') }));
  assert.equal(ok.statusCode, 303);
});

test('a 原创 claim that closely matches an earlier article by someone else is flagged: the mark is hidden until an editor overrides', async (t) => {
  const z = await setup(t);
  const original = await publishOriginal(z);
  const alice = await loginAs(z, 'alice');
  // 70% of the original's paragraphs plus two paragraphs of another text: not a copy, but mostly someone else's.
  const ps = paragraphs(first?.body as string);
  const mine = [...ps.slice(0, Math.ceil(ps.length * 0.7)), ...paragraphs(second?.body as string).slice(0, 2)].join('');
  const r = await alice.post('/member/articles/new', submission({ title: '我的原创稿件', body: mine, original: '1' }));
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);

  const editor = await loginAs(z, 'ed', 'editor');
  const page = await editor.get(`/admin/review/${id}`);
  assert.equal(page.statusCode, 200);
  const block = page.body.slice(page.body.indexOf('id="originality"'));
  assert.ok(block.includes('原创检测'));
  const percent = Number(/相似度：(\d+)%/.exec(block)?.[1]);
  assert.ok(percent >= 50 && percent <= 100, `similarity shown (${percent}%)`);
  assert.ok(block.includes(`《${original.title}》`), 'names the matching article');
  assert.ok(block.includes('class="side this-text"') && block.includes('class="side match-text"'), 'the two texts side by side');
  const firstSentence = /<p>([^<。]{6,30})/.exec(ps[0] as string)?.[1] as string;
  assert.ok(block.split('class="side match-text"')[1]?.includes(firstSentence), 'the matching article text is shown');
  assert.ok(block.includes('原创标记已暂停显示'), 'the flag is explained');

  // Approved as it is: published without the 原创 mark.
  const approved = await editor.post(`/admin/review/${id}/approve`, {
    ...submission({ title: '我的原创稿件', body: mine, original: '1' }),
    recommendLevel: '0',
    publishAt: '',
    op: 'approve',
  });
  assert.equal(approved.statusCode, 303, approved.body.slice(0, 300));
  const pub = await guest(z).get(`/news/${id}.html`);
  assert.equal(pub.statusCode, 200);
  assert.ok(!pub.body.includes('badge original'), 'no 原创 mark while flagged');
  assert.ok((await guest(z).get(`/news/${original.id}.html`)).body.includes('badge original'), 'the earlier article keeps its mark');

  // Members cannot override; an editor can (audited), and the mark shows again.
  const denied = await alice.post(`/admin/originality/${id}/override`, {});
  assert.notEqual(denied.statusCode, 303);
  const ov = await editor.post(`/admin/originality/${id}/override`, { back: `/admin/related/${id}` });
  assert.equal(ov.statusCode, 303);
  z.cache.clear();
  assert.ok((await guest(z).get(`/news/${id}.html`)).body.includes('badge original'), 'the mark is back after the override');
  const log = await z.dbh.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute();
  assert.ok(log.some((l) => l.action === 'article.original_override'));

  // A later edit keeps the editor's decision.
  await z.articles.update(id, { summary: '改过的核心提示。' });
  z.cache.clear();
  assert.ok((await guest(z).get(`/news/${id}.html`)).body.includes('badge original'));
});

test('a 原创 claim on own or unrelated text is not flagged', async (t) => {
  const z = await setup(t);
  await publishOriginal(z);
  const alice = await loginAs(z, 'alice');
  const r = await alice.post('/member/articles/new', submission({ title: '我的原创稿件', body: paragraphs(second?.body as string).join(''), original: '1' }));
  assert.equal(r.statusCode, 303);
  const id = Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
  const editor = await loginAs(z, 'ed', 'editor');
  const page = await editor.get(`/admin/review/${id}`);
  assert.ok(page.body.includes('原创检测'));
  assert.ok(!page.body.includes('原创标记已暂停显示'));
  const row = await z.dbh.db.selectFrom('articles').select('original_flagged').where('id', '=', id).executeTakeFirst();
  assert.equal(row?.original_flagged, 0);
});
