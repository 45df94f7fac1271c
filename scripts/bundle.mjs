// Bundles the CLI into a few files so each `dit` process loads its code in one read, not ~50.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true }); // chunk names change with content
await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  splitting: true, // commands stay in their own chunks, loaded only when used
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist/bundle',
  // a native addon, and CommonJS packages that require() node builtins: loaded from node_modules
  external: ['better-sqlite3', 'sanitize-html', 'highlight.js', 'markdown-it'],
  logLevel: 'warning',
});
