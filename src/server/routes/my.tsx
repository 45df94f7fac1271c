// "My tickets": open tickets the signed-in account wrote, is responsible for, watches or is mentioned in.
import type { Hono } from 'hono';
import { parseQuery } from '../../query/parse.js';
import { ticketListing } from '../../store/read/list.js';
import { quoteValue } from '../../web/ui.js';
import type { Hosting } from '../hosting.js';
import { MyPage, type MyRow } from '../pages/my.js';
import { levelOf, may } from '../permissions.js';
import { listRepos } from '../repos.js';
import { type Env, frameOf, signedIn } from '../request.js';

export function myRoutes(app: Hono<Env>, hosting: Hosting): void {
  app.get('/-/my', async (c) => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    const me = u.email || u.name;
    const roles: [string, string][] = [
      ['author', `author:${quoteValue(me)}`],
      ['responsible', `responsible:${quoteValue(me)}`],
      ['watching', `watched-by:${quoteValue(me)}`],
      ['mentioned', `mentions:${quoteValue(u.name)}`],
    ];
    const rows: MyRow[] = [];
    for (const repo of await listRepos(hosting.root)) {
      if (!may(levelOf(hosting.accounts, c.get('who'), repo), 'read')) continue;
      const mounted = await hosting.mounted(repo);
      if (!mounted) continue;
      const scope = mounted.site.begin();
      const view = await scope.view();
      const found = new Map<string, MyRow>();
      for (const [why, q] of roles) {
        const listing = await ticketListing(mounted.site.store, view, parseQuery(q)).catch(() => null);
        for (const t of listing?.tickets ?? []) {
          const row = found.get(t.id) ?? { repo, id: t.id, title: t.title, status: t.status, why: [] };
          row.why.push(why);
          found.set(t.id, row);
        }
      }
      rows.push(...found.values());
    }
    if (c.req.query('format') === 'json') return c.json({ tickets: rows });
    return c.html(<MyPage h={frameOf(c, 'My tickets')} rows={rows} />);
  });
}
