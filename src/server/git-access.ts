// Who may fetch from or push to a hosted repository, and what the push hooks learn about the pusher:
// the one decision behind every door git comes in by (HTTP and SSH).

import { DitError } from '../errors.js';
import { getConfigBool } from '../git/config.js';
import { Git } from '../git/repo.js';
import type { Accounts, Level } from './accounts.js';
import type { Who } from './auth.js';
import { levelOf, may, mayPushWith } from './permissions.js';
import { findRepo } from './repos.js';
import { trustEnv } from './trust.js';

export const GIT_SERVICES = ['git-upload-pack', 'git-receive-pack'] as const;
export type GitService = (typeof GIT_SERVICES)[number];
export const isGitService = (s: string | null | undefined): s is GitService =>
  (GIT_SERVICES as readonly (string | null | undefined)[]).includes(s);

export interface GitDoor {
  root: string;
  accounts: Accounts;
  /** The server's address (`--url`, or where it listens), ending in `/`: the hook prints ticket links under it. */
  baseUrl?: () => string;
}

export interface GitGranted {
  dir: string;
  level: Level;
  push: boolean;
  /** What the hooks read: the repository, the root, the pusher and their role (`docs/architecture.md`). */
  env: Record<string, string>;
  /**
   * For a push: what the push rule needs on top of `env` (the accounts' keys, `server/trust.ts`), and
   * `done` to call once git has finished (it notes the keys' last use). Every door calls it before it runs
   * git-receive-pack.
   */
  forPush?: () => Promise<{ env: Record<string, string>; done: () => void }>;
}

/** Whether readers may push proposals: `dit.acceptProposals` in the repository's config, on unless set false. */
async function acceptsProposals(dir: string): Promise<boolean> {
  const git = await Git.open(dir);
  try {
    return await getConfigBool(git, 'dit.acceptProposals', true);
  } finally {
    git.close();
  }
}

/**
 * May `who` run `service` on `repo`? Throws `bad-credentials` (anonymous: sign in), `not-found` (a
 * repository they may not read is one that does not exist) or `forbidden`. Readers may push proposals
 * and patchsets when the repository accepts them, as in Gitblit; the pre-receive hook then holds them
 * to refs/for/ (DIT_PUSHER_ROLE=read). Anonymous people never push.
 */
export async function gitAccess(door: GitDoor, who: Who, repo: string, service: GitService): Promise<GitGranted> {
  const user = who.user;
  const dir = findRepo(door.root, repo);
  const level = dir ? levelOf(door.accounts, who, repo) : 'none';
  const push = service === 'git-receive-pack';
  if (!dir || !may(level, 'read')) {
    if (!user) throw new DitError('bad-credentials', 'sign in to read this repository');
    throw new DitError('not-found', `no repository ${repo} here (or you may not read it)`, { name: repo });
  }
  if (push) {
    if (!user) throw new DitError('bad-credentials', 'sign in to push');
    if (!mayPushWith(who))
      throw new DitError('forbidden', 'this token may not push (its scopes are read or checks); make one with write', {
        repo,
        need: 'write',
      });
    if (!may(level, 'write') && !(await acceptsProposals(dir)))
      throw new DitError(
        'forbidden',
        `${user.name} may read ${repo} but not push to it (it takes no proposals from readers); ask an administrator for write access`,
        { repo, need: 'write' },
      );
  }
  const server = door.baseUrl ? new URL(door.baseUrl()).host : 'this server';
  return {
    dir,
    level,
    push,
    ...(push ? { forPush: () => trustEnv(door.accounts, door.root, repo, server) } : {}),
    env: {
      DIT_REPO: repo,
      DIT_SERVER_ROOT: door.root,
      ...(door.baseUrl ? { DIT_BASE_URL: `${door.baseUrl()}${repo}` } : {}),
      ...(user ? { DIT_PUSHER_NAME: user.name, DIT_PUSHER_EMAIL: user.email, DIT_PUSHER_ROLE: level } : {}),
    },
  };
}
