// No source line over 160 characters (Biome wraps code at 120 but not strings): prints each one, exits 1.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 160;
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
  text.split('\n').forEach((line, i) => {
    if (line.length > LIMIT) {
      found++;
      console.log(`${file}:${i + 1}: ${line.length} characters (at most ${LIMIT}; split the string)`);
    }
  });
}
if (found) console.log(`${found} lines over ${LIMIT} characters`);
process.exit(found ? 1 : 0);
