import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { bytes, duration } from './admin.status.tsx';

test('系统状态 shows a logged-in admin the /api/v1/status figures; editors neither see it nor its menu entry', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  await z.app.inject('/sitemap.html');
  await z.app.inject('/sitemap.html');
  const page = await admin.get('/admin/status');
  assert.equal(page.statusCode, 200);
  for (const label of [
    '系统状态',
    '页面命中',
    '页面未命中',
    '缓存页面数',
    '缓存大小',
    '快速通道',
    '点击计数队列',
    '数据库',
    '已运行',
    '占用内存（RSS）',
    '程序版本',
  ]) {
    assert.ok(page.body.includes(label), label);
  }
  assert.ok(page.body.includes('SQLite') || page.body.includes('PostgreSQL'));
  const hits = z.cache.stats().pageHits;
  assert.ok(hits >= 1 && page.body.includes(`<td class="num">${hits}</td>`), 'the page cache hit count is shown');
  assert.ok((await admin.get('/admin/')).body.includes('href="/admin/status"'), 'linked from the console menu');

  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/status')).statusCode, 403);
  assert.ok(!(await editor.get('/admin/')).body.includes('href="/admin/status"'));
});

test('status figures read as people read them', () => {
  assert.equal(bytes(512), '512 B');
  assert.equal(bytes(3 * 1024 * 1024), '3.0 MB');
  assert.equal(duration(90061), '1天1小时1分钟');
});
