// `dit ls` and `dit show` answered from the derived store alone, with no git or hg process and no view, when
// the repository's state is the one the working tree was last answered in with nothing to warn about (the stamp
// view-index.ts notes). Whatever it cannot be sure of is null, and the whole CLI answers instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { refsStamp } from '../../git/refs.js';
import { discover } from '../../git/repo.js';
import { signingStamp } from '../../git/signing-stamp.js';
import { knownColor } from '../../git/terminal.js';
import { hgStamp } from '../../hg/names.js';
import { hgFolders } from '../../hg/where.js';
import { prefixProblem } from '../../model/ids.js';
import type { Ticket } from '../../model/ticket.js';
import { keyedEntry, type Verdict } from '../../model/trust/verdict.js';
import { parseQuery, usesMe } from '../../query/parse.js';
import { compileExpr, compileOrder, rankExpression } from '../../query/sql.js';
import { SearchIndex } from '../../query/sqlite-index.js';
import { inState, listPlan, type State } from '../../query/state.js';
import { withinOneEdit } from '../../query/text.js';
import type { Expr } from '../../query/types.js';
import { nearestVcs } from '../../vcs/nearest.js';
import { DERIVED_FILE, unpackTicket } from '../cache/derived.js';
import { knownLost } from '../cache/lost-check.js';
import { localKeySetId } from '../trust/key-set-id.js';

/** The working tree's view in the derived store (view-index.ts' name for it). */
const WORKTREE = 'worktree';

/** git's state (refs, HEAD, the index) and dit's folder in it; null when output would be coloured. */
interface RepoState {
  stamp: string | null;
  ditDir: string;
  git: { gitDir: string; env: NodeJS.ProcessEnv } | null;
}

function gitState(cwd: string, env: NodeJS.ProcessEnv): RepoState | null {
  const repo = discover(cwd);
  if (!repo) return null;
  const git = { gitDir: repo.gitDir, env };
  if (knownColor(git, false) !== false) return null;
  return { stamp: refsStamp(git), ditDir: join(repo.gitDir, 'dit'), git };
}

/** hg's state (the changelog, names, the dirstate: hgStamp, from files alone) and dit's folder in it. */
function hgState(cwd: string): RepoState | null {
  const where = hgFolders(cwd);
  return where && { stamp: hgStamp(where), ditDir: join(where.hgDir, 'dit'), git: null };
}

/**
 * Runs `fn` with the derived store of the working copy at `cwd` when its rows are the answer for git's
 * state as it is now: output not coloured (no config asks for colour in a pipe), nothing lost to
 * mention, the stamp current. Null otherwise, or when `fn` says null.
 */
function whenCurrent<T>(
  cwd: string,
  env: NodeJS.ProcessEnv,
  /** `git` is null in hg, whose signing settings the quick path does not read. */
  fn: (index: SearchIndex, git: { gitDir: string; env: NodeJS.ProcessEnv } | null) => T | null,
): T | null {
  const state = env.GIT_DIR === undefined && nearestVcs(cwd) === 'hg' ? hgState(cwd) : gitState(cwd, env);
  if (!state) return null;
  const { stamp, ditDir, git } = state;
  const file = join(ditDir, DERIVED_FILE);
  if (!stamp || !existsSync(file)) return null;
  let index: SearchIndex;
  try {
    index = SearchIndex.open(file);
  } catch {
    return null;
  }
  try {
    if (index.stamp(WORKTREE)?.stamp !== stamp) return null;
    if (knownLost(ditDir, stamp) !== 0) return null; // the whole CLI says what is lost
    return fn(index, git);
  } catch {
    return null; // a damaged or busy file: the whole CLI knows what to do
  } finally {
    index.close();
  }
}

/** Whether a query needs more than the rows: who `me` is, or a release's history. */
const needsMore = (e: Expr): boolean =>
  e.op === 'fixed-in' ||
  ((e.op === 'and' || e.op === 'or') && e.of.some(needsMore)) ||
  (e.op === 'not' && needsMore(e.of));

/**
 * The lines `dit ls` prints (plain, before control characters are cleaned) for a query in the working
 * tree, or null. An empty answer is null too: the whole CLI says what there is instead.
 */
export function quickList(
  cwd: string,
  env: NodeJS.ProcessEnv,
  ask: { query: string; state?: State; limit: number | null },
): string[] | null {
  let parsed: ReturnType<typeof parseQuery> | null = null;
  try {
    parsed = ask.query ? parseQuery(ask.query) : null;
  } catch {
    return null; // the whole CLI explains the mistake
  }
  if (parsed && (parsed.branch || usesMe(parsed) || needsMore(parsed.filter))) return null;
  return whenCurrent(cwd, env, (index) => {
    const { q, chosen } = listPlan(parsed, ask.state);
    const near = (w: string) => index.nearWords(w, withinOneEdit);
    const where = compileExpr(q.filter, null, near);
    const lines = index.lines(WORKTREE, inState(where, chosen), compileOrder(q), rankExpression(q, near), ask.limit);
    return lines.length ? lines : null;
  });
}

/**
 * The ticket `dit show ID` prints, with the verdicts on its signed entries, or null: a plain id prefix of
 * exactly one ticket whose fold met no problem, and whose signed entries all have a verdict kept for the
 * key set git's config and the keys give now.
 */
export function quickShow(
  cwd: string,
  env: NodeJS.ProcessEnv,
  prefix: string,
): { ticket: Ticket; verdicts: Map<string, Verdict> } | null {
  const p = prefix.replace(/^#/, '').toLowerCase();
  if (prefixProblem(p)) return null; // origins, mistakes: the whole CLI
  return whenCurrent(cwd, env, (index, git) => {
    const found = index.byPrefix(WORKTREE, p);
    const one = found.length === 1 ? found[0]! : null;
    if (!one?.ticket || one.problems) return null;
    if (one.signed.length && !git) return null; // signed entries in hg: the whole CLI decides their verdicts
    const verdicts = one.signed.length ? keptVerdicts(index, git!, one.signed) : new Map<string, Verdict>();
    return verdicts && { ticket: unpackTicket(one.ticket), verdicts };
  });
}

/**
 * The verdicts on these signed entries (by entry id) as the whole CLI would give them now, or null when
 * any is not kept: the key set id is worked out as the whole CLI does (store/trust/key-set-id.ts), from
 * the allowed-signers file and program git's config gave when its files last had the stamp they have
 * now, the file read afresh and gpg's keyring stamped. A key added or removed, or a config changed, finds
 * no verdicts under the new id, and the whole CLI decides them.
 */
function keptVerdicts(
  index: SearchIndex,
  git: { gitDir: string; env: NodeJS.ProcessEnv },
  keys: readonly string[],
): Map<string, Verdict> | null {
  const stamp = signingStamp(git);
  const config = stamp ? index.keySetOf(stamp) : null;
  if (!config) return null;
  const kept = index.verdicts(localKeySetId(config.signers, config.program, git.env).id, keys);
  if (kept.size !== keys.length) return null;
  const out = new Map<string, Verdict>();
  for (const [k, v] of kept) out.set(keyedEntry(k), JSON.parse(v) as Verdict);
  return out;
}
