// Everything under a repository's path: 404 unless the viewer may read it, its settings for its
// administrators, and its own pages and API (the `dit serve` application, mounted) for everyone else.
import type { Hono } from 'hono';
import { DitError } from '../../errors.js';
import { isSafeMethod } from '../../web/security.js';
import type { Viewer } from '../../web/site.js';
import type { Who } from '../auth.js';
import type { Hosting } from '../hosting.js';
import { mountedResponse } from '../mount.js';
import { isRepoName } from '../names.js';
import { pathSegments } from '../paths.js';
import { levelOf, may, mayPostChecks, mayTakePart } from '../permissions.js';
import { findRepo } from '../repos.js';
import type { Env } from '../request.js';
import { repoSettingsRoutes } from './repo-settings.js';

/** Where CI reports a check: `POST /REPO/api/tickets/ID/checks`. */
const CHECKS_PATH = /^\/api\/tickets\/[^/]+\/checks$/;
/**
 * The writes a reader who takes part may reach: each only writes ticket entries, and every entry is held to
 * the reader's rights (model/trust/reader-rights.ts, the rule pushes follow too), so a reader may open a
 * ticket, comment, react, vote, watch, review +1/-1, and edit, close or reopen what they wrote themselves.
 * Everything else (labels, fields, milestones, merges, settings) stays behind write access at this door.
 */
const READER_WRITES = [
  /^\/(?:api\/)?tickets$/,
  /^\/tickets\/[^/]+\/(?:comment|edit|vote|watch|reactions|tasks|attachments|review|line-comments)$/,
  /^\/tickets\/[^/]+\/comments\/[^/]+\/(?:edit|delete)$/,
  /^\/api\/tickets\/[^/]+(?:\/(?:comments|status|vote|watch|reactions|tasks|attachments|review|line-comments))?$/,
  /^\/api\/markdown$/, // the comment box's preview
];
const readerMayReach = (method: string, rest: string): boolean =>
  (method === 'POST' || method === 'PATCH') && READER_WRITES.some((r) => r.test(rest));

export function repositoryRoutes(app: Hono<Env>, hosting: Hosting): void {
  const settings = repoSettingsRoutes(hosting);

  app.all('*', async (c) => {
    const path = new URL(c.req.url).pathname;
    const segments = pathSegments(path);
    if (!segments) throw new DitError('bad-path', 'this path is not allowed', { path: path.slice(0, 200) });
    const found = repoOf(hosting, segments);
    const user = c.get('who').user;
    const notHere = () =>
      new DitError(
        'not-found',
        `There is nothing at ${c.req.path.slice(0, 200)}${user ? '' : '. If it is private, sign in first'}.`,
        { path: c.req.path.slice(0, 200) },
      );
    if (!found) throw notHere();
    const level = levelOf(hosting.accounts, c.get('who'), found.repo);
    if (!may(level, 'read')) throw notHere();
    if (found.rest === '') return c.redirect(`/${found.repo}/${new URL(c.req.url).search}`, 301);

    if (found.rest.startsWith('/-/settings')) {
      if (!may(level, 'admin')) throw notHere();
      const action = settings[`${c.req.method} ${found.rest}`];
      if (!action) throw notHere();
      return action(c, found.repo);
    }
    const writes = !isSafeMethod(c.req.method);
    // CI reports checks with a `checks` token on a repository its account may read; everything else needs write
    const reportsCheck = c.req.method === 'POST' && CHECKS_PATH.test(found.rest);
    if (reportsCheck && !mayPostChecks(hosting.accounts, c.get('who'), found.repo)) {
      throw new DitError(
        'forbidden',
        user
          ? `${user.name} may not report checks on ${found.repo}; use a token with the checks scope, or ask for write access`
          : 'sign in (a token with the checks scope) to report checks',
        { repo: found.repo, need: 'checks' },
      );
    }
    const write = may(level, 'write');
    const part = write || mayTakePart(hosting.accounts, c.get('who'), found.repo);
    if (writes && !reportsCheck && !write && !(part && readerMayReach(c.req.method, found.rest))) {
      throw new DitError(
        'forbidden',
        user
          ? `${user.name} may read ${found.repo} but not change it; ask one of its administrators for write access`
          : 'sign in to change anything here',
        { repo: found.repo, need: 'write' },
      );
    }
    const mounted = await hosting.mounted(found.repo);
    if (!mounted) throw notHere();
    if (writes) await hosting.watch(found.repo);
    const body = writes ? await c.req.arrayBuffer() : null;
    const res = await mountedResponse(
      c,
      mounted.app,
      found.repo,
      found.rest,
      body,
      // a check report's entry was allowed above (mayPostChecks); every other write of a reader is held to its rights
      viewerOf(c.get('who'), write || reportsCheck, part),
    );
    if (writes && res.status < 400) void hosting.journalMoved(found.repo);
    return res;
  });
}

/** The repository a path is inside (the longest existing one), and the rest of the path. */
export function repoOf(hosting: Hosting, segments: readonly string[]): { repo: string; rest: string } | null {
  for (let i = Math.min(segments.length, 8); i >= 1; i--) {
    const name = segments.slice(0, i).join('/');
    if (isRepoName(name) && !name.endsWith('.git') && findRepo(hosting.root, name)) {
      const rest = segments.slice(i);
      return { repo: name, rest: rest.length ? `/${rest.join('/')}` : '' };
    }
  }
  return null;
}

/** Who the repository's application sees: their page token, the author of their writes, their page-cache key. */
function viewerOf(who: Who, write: boolean, part: boolean): Viewer {
  if (!who.user)
    return {
      token: '',
      author: { name: 'anonymous', email: '' },
      key: 'anonymous',
      write: false,
      signedIn: false,
      part: false,
    };
  const author = { name: who.user.name, email: who.user.email };
  return who.kind === 'session'
    ? { token: who.session.csrf, author, key: `s:${who.cookie.slice(0, 24)}`, write, signedIn: true, part }
    : { token: '', author, key: `u:${who.user.id}`, write, signedIn: true, part };
}
