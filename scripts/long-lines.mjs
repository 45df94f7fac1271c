// No source line over 160 characters (Biome wraps code at 120 but not strings), and no source file over 300
// lines without a reason at its top ("// Over 300 lines: why"): prints each, exits 1.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 160;
const ROOM = 300; // lines a source file may have without saying why at its top
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /^(src|test|bench|soak|scripts)\/.*\.(ts|tsx|mjs|js)$/.test(f) && !f.startsWith('test/fixtures/'));
let found = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  const lines = text.split('\n');
  const head = lines.slice(
    0,
    lines.findIndex((l) => !l.startsWith('//')),
  );
  if (/^src\/.*\.tsx?$/.test(file) && !file.includes('.test.') && lines.length > ROOM) {
    if (!head.some((l) => l.startsWith('// Over 300 lines: '))) {
      found++;
      console.log(
        `${file}: ${lines.length} lines (over ${ROOM}: split it, or say why at its top with "// Over 300 lines: ")`,
      );
    }
  }
  lines.forEach((line, i) => {
    if (line.length > LIMIT) {
      found++;
      console.log(`${file}:${i + 1}: ${line.length} characters (at most ${LIMIT}; split the string)`);
    }
  });
}
if (found) console.log(`${found} problems`);
process.exit(found ? 1 : 0);
