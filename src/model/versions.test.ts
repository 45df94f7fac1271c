// Tag names as versions: parsing, semantic-version order with pre-releases, release lines.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, lineOf, parseVersion, sortTags, tagLine } from './versions.js';

test('versions are read from common tag names', () => {
  assert.deepEqual(parseVersion('v2.4.0'), { prefix: 'v', major: 2, minor: 4, patch: 0, pre: [] });
  assert.deepEqual(parseVersion('2.4'), { prefix: '', major: 2, minor: 4, patch: 0, pre: [] });
  assert.deepEqual(parseVersion('release-2.4.1-rc.2+build.5'), {
    prefix: 'release-',
    major: 2,
    minor: 4,
    patch: 1,
    pre: ['rc', '2'],
  });
  assert.equal(parseVersion('nightly'), null);
  assert.equal(parseVersion('v2'), null);
  assert.equal(lineOf(parseVersion('v2.4.3')!), 'v2.4');
  assert.equal(tagLine('latest'), 'other tags');
});

test('semantic-version order: numbers as numbers, pre-releases before the release', () => {
  const names = [
    'v2.10.0',
    'v2.4.0',
    'v2.4.0-rc.10',
    'v2.4.0-rc.2',
    'v2.4.0-beta',
    'v2.4.1',
    'v2.9.3',
    'v10.0.0',
    'v2.4.0-rc.2.1',
  ];
  const sorted = sortTags(names.map((name, i) => ({ name, date: i }))).map((t) => t.name);
  assert.deepEqual(sorted, [
    'v2.4.0-beta',
    'v2.4.0-rc.2',
    'v2.4.0-rc.2.1',
    'v2.4.0-rc.10',
    'v2.4.0',
    'v2.4.1',
    'v2.9.3',
    'v2.10.0',
    'v10.0.0',
  ]);
  assert.ok(
    compareVersions(parseVersion('1.0.0-alpha')!, parseVersion('1.0.0-1')!) > 0,
    'numeric identifiers sort before alphanumeric ones',
  );
  const mixed = sortTags([
    { name: 'snapshot-b', date: 5 },
    { name: 'v1.0.0', date: 9 },
    { name: 'snapshot-a', date: 7 },
  ]).map((t) => t.name);
  assert.deepEqual(mixed, ['v1.0.0', 'snapshot-b', 'snapshot-a'], 'names that are no version come last, by date');
});
