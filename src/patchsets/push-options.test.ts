// Push options in both syntaxes, and the refusals that name what was wrong.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combinedOptions, parseForRef, parsePushOptions } from './push-options.js';

test('refs/for/<spec>%options splits at the first %, options at commas', () => {
  assert.deepEqual(parseForRef('refs/for/main'), { spec: 'main', options: [] });
  assert.deepEqual(parseForRef('refs/for/release/2.4%t=storage,r=ann,m=2.4,cc=bob,cc=eve'), {
    spec: 'release/2.4',
    options: ['t=storage', 'r=ann', 'm=2.4', 'cc=bob', 'cc=eve'],
  });
  assert.throws(() => parseForRef('refs/for/'), /refs\/for\/new/);
  assert.throws(() => parseForRef('refs/for/%t=x'), /refs\/for\/new/);
});

test('short and long names, repeatable cc and label, a bare draft', () => {
  assert.deepEqual(
    parsePushOptions([
      't=storage',
      'r=ann',
      'm=2.4',
      'cc=bob',
      'cc=eve',
      'label=ui',
      'l=bug',
      'title=Guard it',
      'draft',
    ]),
    {
      topic: 'storage',
      responsible: 'ann',
      milestone: '2.4',
      cc: ['bob', 'eve'],
      labels: ['ui', 'bug'],
      title: 'Guard it',
      draft: true,
    },
  );
  assert.deepEqual(parsePushOptions(['topic=a', 'topic=b']).topic, 'b', 'the last value of a single field wins');
  assert.deepEqual(combinedOptions(parseForRef('refs/for/main%t=from-ref'), ['topic=from-o']).topic, 'from-o');
  assert.equal(parsePushOptions(['draft=false']).draft, false);
});

test('unknown options and empty values are refused by name', () => {
  assert.throws(() => parsePushOptions(['reviewer=bob']), /unknown push option "reviewer"/);
  assert.throws(() => parsePushOptions(['topic=']), /"topic" needs a value/);
  assert.throws(() => parsePushOptions(['draft=maybe']), /draft takes no value/);
});
