// Static files: Primer CSS, the code-highlighting theme, and dit's own small stylesheet and script.
// Each is served under a name that carries its hash, so browsers may keep it forever.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  path: string;
  type: string;
  body: Buffer;
}

/** The package folder: where `static/` is, from dist/src/web or dist/bundle alike. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'static', 'app.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find dit's static/ folder; reinstall dit");
    dir = up;
  }
  return dir;
}

const CSS = 'text/css; charset=utf-8';

/** A flat stylesheet (rules, comments; no @-blocks) with every selector put under `scope`. */
export function scoped(css: string, scope: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('}')
    .map((rule) => {
      const brace = rule.indexOf('{');
      if (brace < 0) return rule;
      const selectors = rule
        .slice(0, brace)
        .split(',')
        .map((sel) => `${scope} ${sel.trim()}`)
        .join(',');
      return `${selectors}${rule.slice(brace)}`;
    })
    .join('}');
}
const JS = 'text/javascript; charset=utf-8';

function load(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const root = packageRoot();
  const hl = (file: string) => readFileSync(require.resolve(`highlight.js/styles/${file}`), 'utf8');
  const files: [string, string, Buffer][] = [
    ['primer', CSS, readFileSync(require.resolve('@primer/css/dist/primer.css'))],
    // the highlight theme follows the page's colour mode: the reader's choice, else the system's
    [
      'highlight',
      CSS,
      Buffer.from(
        `${hl('github.min.css')}\n${scoped(hl('github-dark.min.css'), '[data-color-mode="dark"]')}\n` +
          `@media (prefers-color-scheme: dark){${scoped(hl('github-dark.min.css'), '[data-color-mode="auto"]')}}`,
      ),
    ],
    ['app', CSS, readFileSync(join(root, 'static', 'app.css'))],
    ['app', JS, readFileSync(join(root, 'static', 'app.js'))],
  ];
  const assets = new Map<string, Asset>();
  for (const [name, type, body] of files) {
    const hash = createHash('sha1').update(body).digest('hex').slice(0, 10);
    const path = `/assets/${name}.${hash}.${type === CSS ? 'css' : 'js'}`;
    assets.set(`${name}.${type === CSS ? 'css' : 'js'}`, { path, type, body });
  }
  return assets;
}

let cached: Map<string, Asset> | null = null;
export const assets = (): Map<string, Asset> => (cached ??= load());
/** The hashed URL of an asset, by its plain name (`app.js`). */
export const assetUrl = (name: string): string => assets().get(name)!.path;
