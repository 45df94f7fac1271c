#!/usr/bin/env node
// The `dit` command: runs the compiled CLI (built by `npm ci` / `npm run build`).
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err); process.exitCode = 1; },
);
