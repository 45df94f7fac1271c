// The README's tour of proposals, pasted into bash as a reader would: it must run to the end and
// leave the proposal merged on main and open on release-1.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIT, gitEnv, ROOT, tempDir } from '../support/helpers.js';

/** The first shell block after a heading of the README. */
function block(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `the README has "${heading}"`);
  const m = /\n```\n([\s\S]*?)\n```\n/.exec(readme.slice(at));
  return m?.[1] ?? assert.fail(`a code block after "${heading}"`);
}

test("the README's tour of proposals works when pasted", () => {
  const home = tempDir();
  const bin = join(home, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'dit'), `#!/bin/sh\nexec "${process.execPath}" "${DIT}" "$@"\n`);
  chmodSync(join(bin, 'dit'), 0o755);
  const where = join(home, 'tour');
  const script = block('## Proposals and reviews').replaceAll('/tmp/tour', where);
  const env = { ...gitEnv(home), PATH: `${bin}:${process.env.PATH}` };
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: home, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `the tour stopped:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /new proposal with patchset 1/);
  assert.match(r.stderr, /uploaded patchset 2 \(amend\)/);
  assert.match(r.stderr, /first use of this clone: fetched the shared journal/);
  assert.match(r.stdout, /buf\.c\n {2}line 3\n/, 'dit show --lines lists the line comment');
  assert.match(r.stdout, /merged into main/);
  const matrix = r.stdout.slice(r.stdout.lastIndexOf('#'));
  assert.match(matrix, /main\s+merged/);
  assert.match(matrix, /release-1\s+new/);
});
