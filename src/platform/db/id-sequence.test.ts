import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../test/db.ts';
import { syncIdSequence } from './dialect.ts';

test('after rows with explicit ids, new rows follow them, and an id deleted for good is never given again', async (t) => {
  const h = await openTestDatabase();
  t.after(() => h.close());
  const db = h.db;
  const add = async (name: string) => (await db.insertInto('tags').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
  const first = await add('甲');
  const second = await add('乙');
  // Imported rows keep the ids they arrive with (as `zixun import` does for articles).
  await db
    .insertInto('tags')
    .values({ id: second + 10, name: '丙' })
    .execute();
  await syncIdSequence(db, h.dialect, 'tags');
  const next = await add('丁');
  assert.equal(next, second + 11, 'the next new row follows the imported one');

  // The newest rows deleted for good (回收站's 彻底删除): their ids are not handed out again, also
  // after another import syncs the sequence (on PostgreSQL it used to move back to max(id)).
  await db
    .deleteFrom('tags')
    .where('id', '>=', second + 10)
    .execute();
  await syncIdSequence(db, h.dialect, 'tags');
  const after = await add('戊');
  assert.ok(after > next, `a fresh id (${after}), not one deleted for good (${next})`);
  assert.ok(first < second);
});
