import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSharedMemos, memoCopy } from './shared-memos.ts';

test('memoCopy keeps what it loaded, until dropped; a load under way when dropped is returned but not kept', async () => {
  let loads = 0;
  let release: (v: string) => void = () => {};
  const copy = memoCopy(() => {
    loads++;
    return loads === 1 ? new Promise<string>((r) => (release = r)) : Promise.resolve(`row v${loads}`);
  });
  const first = copy.get(); // reads the old row…
  copy.drop(); // …while another instance's change arrives
  release('row v1');
  assert.equal(await first, 'row v1', 'the caller still gets what was read');
  assert.equal(await copy.get(), 'row v2', 'but it was not kept: the next read loads again');
  assert.equal(await copy.get(), 'row v2', 'and that one is kept');
  assert.equal(loads, 2);
  copy.drop();
  assert.equal(await copy.get(), 'row v3');
});

test('shared memos: apply drops one name, applyAll every one; changed goes to the publisher', () => {
  const memos = createSharedMemos();
  const dropped: string[] = [];
  memos.on('a', () => dropped.push('a'));
  memos.on('b', () => dropped.push('b'));
  memos.apply('a');
  assert.deepEqual(dropped, ['a']);
  memos.applyAll();
  assert.deepEqual(dropped, ['a', 'a', 'b']);
  const sent: string[] = [];
  memos.changed('a'); // nowhere to send yet: nothing happens
  memos.publishTo((n) => sent.push(n));
  memos.changed('b');
  assert.deepEqual(sent, ['b']);
});
