import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const SEARCH = '/search?q=青川';
const SEARCH_ENCODED = '/search?q=%E9%9D%92%E5%B7%9D';

test('a non-ASCII next is percent-encoded: logged-in visit of the log-in page, and the log-in post', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const visit = await me.get(`/member/login?next=${encodeURIComponent(SEARCH)}`);
  assert.equal(visit.statusCode, 303);
  assert.equal(visit.headers.location, SEARCH_ENCODED);

  const res = await guest(z).post('/member/login', { username: 'reader1', password: TEST_PASSWORD, next: '/tag/交通/' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/tag/%E4%BA%A4%E9%80%9A/');

  // Already encoded paths are kept as they are (not encoded twice); fragments survive.
  const kept = await guest(z).post('/member/login', { username: 'reader1', password: TEST_PASSWORD, next: `${SEARCH_ENCODED}#top` });
  assert.equal(kept.headers.location, `${SEARCH_ENCODED}#top`);

  // The guest form carries the next along, encoded.
  const form = await guest(z).get(`/member/login?next=${encodeURIComponent(SEARCH)}`);
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes(`name="next" value="${SEARCH_ENCODED}"`));
});

test('open redirects stay closed after encoding', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'reader2', password: TEST_PASSWORD });
  for (const next of ['//evil.example/交通', '/\\evil.example', 'https://evil.example/', '/%2F%2Fevil.example', '/\t/evil.example', '\u3000/evil']) {
    const res = await guest(z).post('/member/login', { username: 'reader2', password: TEST_PASSWORD, next });
    assert.equal(res.statusCode, 303, next);
    const loc = String(res.headers.location);
    assert.ok(loc.startsWith('/') && !loc.startsWith('//') && !loc.startsWith('/\\'), `${JSON.stringify(next)} → ${loc}`);
    assert.ok(new URL(loc, 'http://site.invalid').host === 'site.invalid', `${JSON.stringify(next)} stays on the site`);
  }
});
