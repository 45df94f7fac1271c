#!/usr/bin/env node
// The `dit` command: runs the bundled CLI built by `npm ci` / `npm run build`.
import { existsSync } from 'node:fs';

// a reader that stops early (`dit ls | head`) is not an error, as with git
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });

const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const entry = existsSync(bundled) ? bundled.href : new URL('../dist/src/cli/main.js', import.meta.url).href;
import(entry).then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err); process.exitCode = 1; },
);
