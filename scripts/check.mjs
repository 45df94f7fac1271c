// `npm run check`: format check, lint, the layer table (.dependency-cruiser.cjs), lines of at most 160
// characters, typecheck (the build),
// then every test; runs every step even when one fails, and ends with one line, "N passed, N failed"
// (a failed step counts as a failure).
import { spawnSync } from 'node:child_process';

const steps = [
  ['format', ['npx', 'biome', 'format']],
  ['lint', ['npx', 'biome', 'check', '--formatter-enabled=false']],
  ['layers', ['npm', 'run', '--silent', 'layers']],
  ['long lines', ['node', 'scripts/long-lines.mjs']],
  ['typecheck and build', ['npm', 'run', '--silent', 'build']],
];
const failed = [];
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) failed.push(name);
}
let passed = 0;
let failures = 0;
if (failed.includes('typecheck and build')) {
  console.log('\n== tests: skipped, the build failed');
} else {
  console.log('\n== tests: node scripts/test.mjs');
  const r = spawnSync(process.execPath, ['scripts/test.mjs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const lines = (r.stdout ?? '').trimEnd().split('\n');
  const last = lines.pop() ?? '';
  process.stdout.write(`${lines.join('\n')}\n`);
  const m = /^(\d+) passed, (\d+) failed$/.exec(last);
  passed = m ? Number(m[1]) : 0;
  failures = m ? Number(m[2]) : 1;
}
if (failed.length)
  console.log(`\nfailed steps: ${failed.join(', ')} (npm run format fixes formatting; see CONTRIBUTING.md)`);
console.log(`${passed} passed, ${failures + failed.length} failed`);
process.exit(failures + failed.length ? 1 : 0);
