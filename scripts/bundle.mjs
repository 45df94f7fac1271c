// Bundles the CLI into one CommonJS file that bin/dit.js compiles once and then loads from V8's code cache.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // where the bundle is, for code that finds files beside itself (static/, node_modules)
  define: { 'import.meta.url': '__ditBundleUrl' },
  banner: { js: 'const __ditBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  external: ['better-sqlite3', 'sanitize-html', 'highlight.js', 'markdown-it'],
  logLevel: 'warning',
};
// the quick path of `dit ls` and `dit show` (src/cli/quick.ts): a small file of its own, so a list
// answered from the derived store does not load (or compile) the rest of dit
await build({ ...common, entryPoints: ['dist/src/cli/quick.js'], outfile: 'dist/bundle/quick.cjs' });
await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  // one file: resolving and linking ~30 ES module chunks cost a `dit ls` more than its own work; code
  // reached through import() is still evaluated only when a command first uses it
  splitting: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/bundle/dit.cjs',
  // where the bundle is, for code that finds files beside itself (static/, node_modules)
  define: { 'import.meta.url': '__ditBundleUrl' },
  banner: { js: 'const __ditBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // native addons (ssh2's optional one too), and CommonJS packages that require() node builtins: loaded from node_modules
  external: ['better-sqlite3', 'sanitize-html', 'highlight.js', 'markdown-it', 'ssh2'],
  logLevel: 'warning',
});
