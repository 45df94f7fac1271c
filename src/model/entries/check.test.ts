// The rules of CI checks: one state per revision (GitHub's combined status) and what a merge waits for.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Check, type CheckState, checksOn, combinedState, unmetChecks } from './check.js';

const at = (name: string, state: CheckState, commit = 'a'.repeat(40)): Check => ({
  name,
  state,
  url: null,
  description: null,
  patchset: 1,
  revision: 1,
  commit,
  author: { name: 'ci', email: 'ci@example.com' },
  time: '2026-01-01T00:00:00.000Z',
  entry: 'e'.repeat(40),
});

test('the combined state: a failure or error fails, then pending (or a required check not reported), then success', () => {
  assert.equal(combinedState([]), null, 'nothing reported, nothing required');
  assert.equal(combinedState([], ['ci/test']), 'pending', 'a required check not reported yet');
  assert.equal(combinedState([at('a', 'success'), at('b', 'success')]), 'success');
  assert.equal(combinedState([at('a', 'success'), at('b', 'pending')]), 'pending');
  assert.equal(combinedState([at('a', 'pending'), at('b', 'failure')]), 'failure');
  assert.equal(combinedState([at('a', 'error'), at('b', 'success')]), 'failure', 'an error fails it too');
  assert.equal(combinedState([at('a', 'success')], ['a', 'b']), 'pending', 'b is required and not reported');
  assert.equal(combinedState([at('a', 'success'), at('b', 'success')], ['a', 'b']), 'success');
});

test('unmet required checks: missing, pending and failing ones, never the passing ones', () => {
  const checks = [at('build', 'success'), at('lint', 'failure'), at('docs', 'pending')];
  assert.deepEqual(unmetChecks(checks, ['build', 'lint', 'docs', 'deploy']), [
    { name: 'lint', state: 'failure' },
    { name: 'docs', state: 'pending' },
    { name: 'deploy', state: 'missing' },
  ]);
  assert.deepEqual(unmetChecks(checks, ['build']), []);
});

test('checks are per commit: a new revision starts with none', () => {
  const checks = [at('build', 'success', 'a'.repeat(40)), at('build', 'failure', 'b'.repeat(40))];
  assert.deepEqual(
    checksOn(checks, 'a'.repeat(40)).map((c) => c.state),
    ['success'],
  );
  assert.deepEqual(checksOn(checks, 'c'.repeat(40)), []);
  assert.deepEqual(checksOn(checks, null), []);
});
