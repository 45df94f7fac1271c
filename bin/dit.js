#!/usr/bin/env node
// The `dit` command: runs the CLI bundled by `npm run build` (compiled once, then loaded from V8's code
// cache: most of a command's start-up was compiling), or the compiled modules when there is no bundle.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// a reader that stops early (`dit ls | head`) is not an error, as with git
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });

/** Commands run often enough to keep a cache of their own (what each compiles differs). */
const HOT = new Set(['ls', 'show', 'comment', 'new', 'edit', 'label', 'close', 'reopen', 'branches', 'serve']);

/** Commands the quick path may answer from the derived store (src/cli/quick.ts) before the whole CLI loads. */
const QUICK = new Set(['ls', 'show']);

const bundle = fileURLToPath(new URL('../dist/bundle/dit.cjs', import.meta.url));
const quickBundle = fileURLToPath(new URL('../dist/bundle/quick.cjs', import.meta.url));
const cmd = process.argv[2] ?? '';
const answered = QUICK.has(cmd) && existsSync(quickBundle) ? quickly() : null;
if (answered !== null) process.exitCode = answered;
else {
  const run = existsSync(bundle)
    ? Promise.resolve(fromBundle(bundle, HOT.has(cmd) ? cmd : 'cli'))
    : import('../dist/src/cli/main.js');
  run.then((m) => m.main(process.argv.slice(2))).then(
    (code) => { process.exitCode = code; },
    (err) => { console.error(err); process.exitCode = 1; },
  );
}

/** The quick path's answer (an exit status), or null when the whole CLI must answer. */
function quickly() {
  try {
    const io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };
    return fromBundle(quickBundle, 'quick').quick(process.argv.slice(2), io);
  } catch (err) {
    if (process.env.DIT_TRACE_QUICK) console.error(err);
    return null; // whatever went wrong, the whole CLI answers as it always could
  }
}

/** Loads a bundle through V8's code cache beside it, and writes the cache when it was missing or stale. */
function fromBundle(file, name) {
  const cacheFile = `${file}.${name}.v8cache`;
  let cachedData;
  try { cachedData = readFileSync(cacheFile); } catch { /* first run after a build */ }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapper, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (!cachedData || script.cachedDataRejected) {
    // after the command (or a while into a server's life), so the cache holds what it compiled;
    // written beside and renamed into place, so a reader never sees half a cache
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      const tmp = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        rmSync(tmp, { force: true }); // a read-only install runs without a cache
      }
    };
    process.once('beforeExit', save);
    setTimeout(save, 3000).unref();
  }
  return module.exports;
}
