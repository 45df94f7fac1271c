// The short version of `npm run soak`: each check of the standing reliability suite at a small size
// (2 x 20 writers, a few kills, two convergence rounds, 2,000 fuzz cases); nothing lost, no errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suite } from '../../soak/run.js';

const seed = Number(process.env.DIT_SOAK_SEED ?? Date.now() % 100_000);

for (const [name, check] of suite(true, seed)) {
  test(`soak (quick, seed ${seed}): ${name}`, async () => {
    const r = await check();
    assert.ok(r.tried > 0, 'the check tried something');
    assert.equal(r.lost, 0, `${r.name}: lost ${r.lost}\n${r.notes.join('\n')}`);
    assert.equal(r.errors, 0, `${r.name}: ${r.errors} errors\n${r.notes.join('\n')}`);
  });
}
