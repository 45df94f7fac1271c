// Bundles the CLI into a few files so each `dit` process loads its code in one read, not ~50.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  splitting: true, // commands stay in their own chunks, loaded only when used
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist/bundle',
  logLevel: 'warning',
});
