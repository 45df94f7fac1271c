// Parsing git's unified diffs: quoted and spaced names, renames, binary files, numbering, split rows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextOf, isGenerated, parsePatch, splitRows, unquotePath } from './diff.js';

const PATCH = [
  `diff --git "a/\\"><svg onload=x> x.ts" "b/\\"><svg onload=x> x.ts"`,
  'new file mode 100644',
  'index 0000000..975fbec',
  '--- /dev/null',
  `+++ "b/\\"><svg onload=x> x.ts"\t`,
  '@@ -0,0 +1 @@',
  '+y',
  'diff --git a/old name.txt b/new name.txt',
  'similarity index 80%',
  'rename from old name.txt',
  'rename to new name.txt',
  'index 1111111..2222222 100644',
  '--- a/old name.txt\t',
  '+++ b/new name.txt\t',
  '@@ -1,3 +1,3 @@ function f() {',
  ' one',
  '-two',
  '+zwei',
  ' three',
  '\\ No newline at end of file',
  'diff --git a/logo.png b/logo.png',
  'index 3333333..4444444 100644',
  'Binary files a/logo.png and b/logo.png differ',
  'diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"',
  'old mode 100644',
  'new mode 100755',
  '',
].join('\n');

test('parsePatch: names (quoted, spaced, renamed), hunks numbered on both sides, binary and mode-only files', () => {
  const files = parsePatch(PATCH);
  assert.deepEqual(
    files.map((f) => [f.path, f.oldPath, f.binary, f.hunks.length]),
    [
      ['"><svg onload=x> x.ts', null, false, 1],
      ['new name.txt', 'old name.txt', false, 1],
      ['logo.png', null, true, 0],
      ['café.txt', null, false, 0],
    ],
  );
  assert.deepEqual(
    files[1]!.hunks[0]!.lines.map((l) => [l.kind, l.old, l.new, l.text]),
    [
      ['context', 1, 1, 'one'],
      ['del', 2, null, 'two'],
      ['add', null, 2, 'zwei'],
      ['context', 3, 3, 'three'],
    ],
  );
  assert.deepEqual(
    splitRows(files[1]!.hunks[0]!.lines).map((r) => [r.left?.text ?? null, r.right?.text ?? null]),
    [
      ['one', 'one'],
      ['two', 'zwei'],
      ['three', 'three'],
    ],
  );
  assert.deepEqual(
    contextOf(files[1]!, 'new', 2)?.map((l) => l.text),
    ['one', 'two', 'zwei'],
  );
  assert.equal(contextOf(files[1]!, 'old', 9), null, 'a line not in the diff has no context');
});

test('a line longer than the limit is cut and the file says so', () => {
  const long = 'x'.repeat(5000);
  const [f] = parsePatch(`diff --git a/m.js b/m.js\n--- a/m.js\n+++ b/m.js\n@@ -1 +1 @@\n-a\n+${long}\n`);
  assert.equal(f!.cut, true);
  assert.ok(f!.hunks[0]!.lines[1]!.text.length < 2100);
});

test('unquotePath and isGenerated', () => {
  assert.equal(unquotePath('"a\\tb\\"c\\\\"'), 'a\tb"c\\');
  assert.equal(unquotePath('plain'), 'plain');
  assert.ok(isGenerated('package-lock.json') && isGenerated('web/dist/app.js') && isGenerated('a.min.js'));
  assert.ok(!isGenerated('src/app.ts'));
});
