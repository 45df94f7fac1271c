// The bounded map forgets least recently used entries past its count or byte bound.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedMap, sizeOf } from './bounded-map.js';

test('past the entry bound the least recently used entry goes; a read counts as a use', () => {
  const m = new BoundedMap<string, number>({ entries: 2, bytes: 1 << 20 });
  m.set('a', 1).set('b', 2);
  assert.equal(m.get('a'), 1);
  m.set('c', 3);
  assert.deepEqual([...m.keys()].sort(), ['a', 'c']);
});

test('past the byte bound the oldest go, and an entry larger than the bound is not kept', () => {
  const m = new BoundedMap<string, string>({ entries: 100, bytes: 1000 });
  for (let i = 0; i < 10; i++) m.set(`k${i}`, 'x'.repeat(100));
  assert.ok(m.bytes <= 1000, `${m.bytes}`);
  assert.ok(m.size < 10 && m.size > 0);
  assert.ok(m.has('k9'));
  m.set('huge', 'y'.repeat(1000));
  assert.equal(m.has('huge'), false);
});

test('a promise is measured when it settles; a rejected one is dropped', async () => {
  const m = new BoundedMap<string, Promise<string>>({ entries: 10, bytes: 2000 });
  const big = Promise.resolve('z'.repeat(400));
  m.setPromise('big', big);
  await big;
  await new Promise((r) => setImmediate(r));
  assert.ok(m.bytes >= sizeOf('z'.repeat(400)));
  const bad = Promise.reject(new Error('no'));
  m.setPromise('bad', bad);
  await bad.catch(() => {});
  await new Promise((r) => setImmediate(r));
  assert.equal(m.has('bad'), false);
  assert.equal(m.has('big'), true);
});
