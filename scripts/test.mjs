// Runs every compiled test file with node's test runner and ends with one line: "N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['dist/src', 'dist/test'];
const filter = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js') && (!filter.length || filter.some((f) => p.includes(f)))) files.push(p);
  }
};
roots.forEach(walk);
if (!files.length) {
  console.error('no test files found; did the build run?');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (c) => {
  process.stdout.write(c);
  out += c.toString();
});
child.on('close', (code) => {
  const count = (name) => Number((out.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  console.log(`${passed} passed, ${failed + (code !== 0 && failed === 0 ? 1 : 0)} failed`);
  process.exit(code ?? 1);
});
