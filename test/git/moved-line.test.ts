// Where an outdated line comment's line went: movedLine over real `git diff -U0` output of random edits,
// against the answer the edit itself gives (every line is unique, so a kept line is found by its text).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { movedLine, parsePatch } from '../../src/model/diff.js';
import { tempDir } from '../support/helpers.js';

/** A small seeded random source, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

test('movedLine follows git diff -U0 through random inserts, deletes and changes', () => {
  const dir = tempDir();
  const seed = Number(process.env.DIT_SEED ?? Date.now() % 100_000);
  const random = rng(seed);
  for (let round = 0; round < 40; round++) {
    const n = 1 + Math.floor(random() * 30);
    const before = Array.from({ length: n }, (_, i) => `line ${i + 1}`);
    const after: string[] = [];
    let added = 0;
    for (const l of before) {
      const r = random();
      if (r < 0.15) continue; // deleted
      if (r < 0.25) after.push(`${l} changed`);
      else after.push(l);
      while (random() < 0.15) after.push(`added ${added++}`);
    }
    if (random() < 0.3) after.unshift(`added ${added++}`);
    writeFileSync(join(dir, 'a'), `${before.join('\n')}\n`);
    writeFileSync(join(dir, 'b'), `${after.join('\n')}\n`);
    const r = spawnSync('git', ['diff', '--no-index', '--no-color', '-U0', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
    const [file] = parsePatch(r.stdout);
    for (let line = 1; line <= n; line++) {
      const at = after.indexOf(before[line - 1]!);
      assert.equal(
        movedLine(file ?? null, line),
        at < 0 ? null : at + 1,
        `seed ${seed}, round ${round}: line ${line} of\n${before.join('|')}\n->\n${after.join('|')}\n${r.stdout}`,
      );
    }
  }
});

test('movedLine: an unchanged file keeps the line; a binary one loses it; context lines map one to one', () => {
  assert.equal(movedLine(null, 7), 7);
  assert.equal(movedLine({ path: 'x', oldPath: null, binary: true, hunks: [], cut: false }, 3), null);
  const [file] = parsePatch(
    ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1,3 +1,4 @@', ' one', '+new', ' two', '-three', '+drei', ''].join(
      '\n',
    ),
  );
  assert.deepEqual(
    [1, 2, 3, 4].map((l) => movedLine(file!, l)),
    [1, 3, null, 5],
  );
});
