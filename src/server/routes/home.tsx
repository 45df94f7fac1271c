// The server's front: shared assets, the home page and `/-/repos` (the repositories the viewer may read).
import type { Hono } from 'hono';
import { DitError } from '../../errors.js';
import { assets } from '../../web/assets.js';
import type { Hosting } from '../hosting.js';
import { HomePage, type RepoRow } from '../pages/home.js';
import { levelOf, may } from '../permissions.js';
import { listRepos } from '../repos.js';
import { type Env, frameOf, isApi } from '../request.js';

export function homeRoutes(app: Hono<Env>, hosting: Hosting): void {
  const { accounts } = hosting;

  app.get('/assets/:file', (c) => {
    const asset = [...assets().values()].find((a) => a.path === c.req.path);
    if (!asset) throw new DitError('not-found', `no asset ${c.req.path}; reload the page`, { path: c.req.path });
    return c.body(new Uint8Array(asset.body), 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/', async (c) => {
    const who = c.get('who');
    const rows: RepoRow[] = [];
    for (const name of await listRepos(hosting.root)) {
      const level = levelOf(accounts, who, name);
      if (!may(level, 'read')) continue;
      const s = accounts.repoSettings(name);
      rows.push({ name, description: s.description, public: s.public, level, open: await hosting.openCount(name) });
    }
    if (isApi(c.req.path) || c.req.query('format') === 'json') return c.json({ repos: rows });
    return c.html(<HomePage h={frameOf(c, 'Repositories')} repos={rows} />);
  });

  app.get('/-/repos', async (c) => {
    const who = c.get('who');
    const names = (await listRepos(hosting.root)).filter((n) => may(levelOf(accounts, who, n), 'read'));
    return c.json({
      repos: await Promise.all(
        names.map(async (name) => ({
          ...accounts.repoSettings(name),
          level: levelOf(accounts, who, name),
          open: await hosting.openCount(name),
        })),
      ),
    });
  });
}
