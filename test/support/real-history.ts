// A repository shaped like a migrated project, built with real git (no `git replace`, no tricks): a long
// history with merges, release branches cut before and after merges, tags on every line, an orphan
// gh-pages, remote-tracking branches, commits naming tickets in each habit (`fixes #N`, `Merged #N "..."`,
// `closes ticket-N`, `issue-N`, `GH-N`, tracker URLs, dit's own hash ids), and tickets from every importer
// (Gitblit's real journals with their commits rebuilt here, GitHub, git-bug, JSON lines) and from dit itself.
// `truth` says what git says of each ticket on each ref, with `git merge-base --is-ancestor`, not dit.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identity, sha256, writePack } from './git-bug-writer.js';
import { GITBLIT_FIXTURE, newTicket, type Repo, tempBare, tempDir, tempRepo } from './helpers.js';

/** One status a ticket's source recorded, and the commit that decided it (null: a person decided it). */
export interface Step {
  status: string;
  commit: string | null;
}

/** What the source (and the repository's history) says of one ticket, independently of dit. */
export interface Truth {
  /** `gitblit#5`, `github#1021`, `dit:D1`: how the test names it. */
  label: string;
  origin: string | null;
  id: string;
  type: string;
  /** Status changes in order; the ticket starts `new`. */
  steps: Step[];
  /** Commits whose messages close the ticket (in any habit). */
  fixes: string[];
  /** The current patchset's tip, if any. */
  tip: string | null;
}

export interface Ref {
  /** As dit names it: `master`, `origin/release-1.0`, `v1.0.1`. */
  name: string;
  kind: 'branch' | 'remote' | 'tag';
}

/** Statuses a closing commit gives each type (dit's rule, written out: a test reads it, not dit's table). */
const DONE_BY_TYPE: Record<string, string> = {
  bug: 'fixed',
  enhancement: 'resolved',
  task: 'resolved',
  question: 'resolved',
  proposal: 'merged',
  maintenance: 'resolved',
};
/** Statuses that count as "the work is in this release". */
export const DONE = new Set(['fixed', 'resolved', 'merged', 'closed']);
const isOpen = (s: string) => s === 'new' || s === 'open';

export interface RealHistory {
  r: Repo;
  refs: Ref[];
  truths: Truth[];
  /** Tags in release order (the order they were made along each line, which is version order here). */
  tags: string[];
  /** `git merge-base --is-ancestor commit ref`, remembered. */
  isAncestor: (commit: string, ref: string) => boolean;
  /** The ticket's status seen from `ref`, and whether a commit decided it (what makes it "in" a release). */
  expected: (t: Truth, ref: string) => { status: string; byCommit: boolean };
  /** The Gitblit numbers picked for each commit habit (`fixedOnMaster`: `fixes #N` on master, ...). */
  numbers: Record<string, number>;
}

/** Runs git with fixed dates, so history order (and every commit id) is the same on every run. */
function dated(r: Repo) {
  let t = Date.parse('2017-01-02T09:00:00Z');
  const next = () => {
    t += 3_600_000;
    return `${new Date(t).toISOString().replace('.000Z', '')} +0000`;
  };
  const git = (...args: string[]): string => {
    const date = next();
    return execFileSync('git', args, {
      cwd: r.dir,
      env: { ...r.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  };
  let n = 0;
  const commit = (message: string): string => {
    n++;
    r.write(`src/${n % 7}/change-${n}.txt`, `change ${n}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return r.git('rev-parse', 'HEAD').trim();
  };
  const filler = (count: number, what: string) => {
    for (let i = 0; i < count; i++) commit(`${what}: step ${i + 1}`);
  };
  return { git, commit, filler, head: () => r.git('rev-parse', 'HEAD').trim() };
}

interface Change {
  date: string;
  author: string;
  fields?: Record<string, string | null>;
  patchset?: { number: number; rev: number; tip: string; base?: string; parent?: string; type: string };
}

function readJournals(dir: string): Map<number, { text: string; changes: Change[] }> {
  const out = new Map<number, { text: string; changes: Change[] }>();
  for (const bucket of readdirSync(join(dir, 'id')))
    for (const n of readdirSync(join(dir, 'id', bucket))) {
      const text = readFileSync(join(dir, 'id', bucket, n, 'journal.json'), 'utf8');
      out.set(Number(n), { text, changes: JSON.parse(text) });
    }
  return out;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[_ ]+/g, '-');
const statuses = (cs: Change[]) => cs.map((c) => c.fields?.status).filter((s): s is string => !!s);
const mergeShas = (cs: Change[]) => cs.map((c) => c.fields?.mergeSha).filter((s): s is string => !!s);
const tips = (cs: Change[]) => cs.filter((c) => c.patchset).map((c) => c.patchset!.tip);

/**
 * One Gitblit ticket rebuilt in this repository: its patchset tips become commits on `ticket/N` (Gitblit's
 * own branch name), each merge a merge commit `Merged #N "title"` on master (or a fast-forward where the
 * journal's merge commit is its tip). `advance()` plays the journal up to its next merge.
 */
class GitblitTicket {
  readonly map = new Map<string, string>();
  private readonly merges = new Set<string>();
  private at = 0;
  private forked = false;
  constructor(
    readonly number: number,
    readonly changes: Change[],
    private readonly g: ReturnType<typeof dated>,
  ) {}

  get done(): boolean {
    return this.at >= this.changes.length;
  }

  get title(): string {
    return this.changes[0]!.fields?.title ?? `ticket ${this.number}`;
  }

  /** Plays changes up to and including the next one naming a merge commit (or to the end). */
  advance(into = 'master'): void {
    const g = this.g;
    const branch = `ticket/${this.number}`;
    for (; this.at < this.changes.length; this.at++) {
      const c = this.changes[this.at]!;
      if (c.patchset && !this.map.has(c.patchset.tip)) {
        if (!this.forked) {
          g.git('checkout', '-q', '-B', branch, into);
          this.forked = true;
        } else g.git('checkout', '-q', branch);
        const fork = g.head();
        if (c.patchset.base && !this.map.has(c.patchset.base)) this.map.set(c.patchset.base, fork);
        if (c.patchset.parent && !this.map.has(c.patchset.parent)) this.map.set(c.patchset.parent, fork);
        this.map.set(
          c.patchset.tip,
          g.commit(`${this.title}\n\npatchset ${c.patchset.number} revision ${c.patchset.rev}`),
        );
      }
      const sha = c.fields?.mergeSha;
      if (sha && !this.merges.has(sha)) {
        this.merges.add(sha);
        g.git('checkout', '-q', into);
        const tip = this.map.get(tips(this.changes.slice(0, this.at + 1)).at(-1) ?? '');
        if (!tip) throw new Error(`gitblit #${this.number}: a merge before any patchset`);
        if (tips(this.changes).includes(sha)) {
          // the journal's merge commit is a patchset tip: Gitblit fast-forwarded
          g.git('merge', '-q', '--ff-only', tip);
          this.map.set(sha, tip);
        } else {
          g.git('merge', '-q', '--no-ff', '-m', `Merged #${this.number} "${this.title}"`, tip);
          this.map.set(sha, g.head());
        }
        this.at++;
        return;
      }
    }
    g.git('checkout', '-q', into);
  }

  /** The journal with every commit id replaced by the one built here. */
  rewritten(text: string): string {
    let out = text;
    for (const [from, to] of this.map) out = out.split(from).join(to);
    return out;
  }

  truth(): Omit<Truth, 'id'> {
    let type = 'task';
    for (const c of this.changes) if (c.fields?.type) type = norm(c.fields.type);
    const steps = this.changes
      .filter((c) => c.fields?.status)
      .map((c) => ({
        status: norm(c.fields!.status!),
        commit: c.fields?.mergeSha ? (this.map.get(c.fields.mergeSha) ?? null) : null,
      }));
    // the first change's `new` is where every ticket starts; Gitblit writes it out
    if (steps[0]?.status === 'new' && !steps[0].commit) steps.shift();
    const last = tips(this.changes).at(-1);
    return {
      label: `gitblit#${this.number}`,
      origin: `gitblit#${this.number}`,
      type,
      steps,
      fixes: [],
      tip: last ? this.map.get(last)! : null,
    };
  }
}

/** Picks Gitblit tickets of each shape from the real journals (lowest numbers first, so runs agree). */
function pickGitblit(journals: Map<number, { changes: Change[] }>) {
  const by = (want: string[], extra: (cs: Change[]) => boolean = () => true, count = 1) =>
    [...journals]
      .filter(([, j]) => statuses(j.changes).join(',') === want.join(',') && extra(j.changes))
      .map(([n]) => n)
      .sort((a, b) => a - b)
      .slice(0, count);
  const few = (cs: Change[]) => tips(cs).length <= 4;
  const ff = (cs: Change[]) => tips(cs).includes(mergeShas(cs)[0] ?? '-') && few(cs);
  const noFf = (cs: Change[]) => !tips(cs).includes(mergeShas(cs)[0] ?? '-') && few(cs);
  return {
    ff: by(['New', 'Merged'], ff, 2),
    merged: by(['New', 'Merged'], noFf, 3),
    openMerged: by(['New', 'Open', 'Merged'], noFf, 3),
    remerged: by(['New', 'Merged', 'Open', 'Merged'], () => true, 1),
    reopened: by(['New', 'Merged', 'Open'], () => true, 1),
    fresh: by(['New'], (cs) => tips(cs).length === 0, 5),
    proposed: by(['New'], (cs) => tips(cs).length > 0 && tips(cs).length <= 4, 1),
    open: by(['New', 'Open'], (cs) => tips(cs).length === 0, 2),
    resolved: by(['New', 'Resolved'], (cs) => tips(cs).length === 0, 1),
    duplicate: by(['New', 'Duplicate'], (cs) => tips(cs).length === 0, 1),
  };
}

/** GitHub's REST records for the pull requests and issues this history has. */
interface GitHubPlan {
  issues: object[];
  pulls: object[];
  events: object[];
}

const ghUser = (login: string) => ({ login });
function ghIssue(n: number, title: string, extra: Record<string, unknown> = {}) {
  return {
    url: `https://api.github.com/repos/acme/widget/issues/${n}`,
    html_url: `https://github.com/acme/widget/issues/${n}`,
    number: n,
    title,
    user: ghUser('carol'),
    labels: [{ name: 'bug', color: 'd73a4a' }],
    state: 'open',
    created_at: '2016-05-01T10:00:00Z',
    updated_at: '2016-05-02T10:00:00Z',
    closed_at: null,
    body: `Issue ${n}.`,
    ...extra,
  };
}

/**
 * Builds the whole repository. About 150 commits on seven branches, nine tags, a bare remote, and 30-odd
 * tickets; every import goes to the shared journal, as a migration would (`dit import ... --shared`).
 */
export function realHistory(): RealHistory {
  if (!GITBLIT_FIXTURE) throw new Error('the Gitblit fixture (../shared/fixtures/gitblit-tickets) is missing');
  const r = tempRepo({ empty: true });
  r.git('checkout', '-q', '-b', 'master');
  const g = dated(r);
  const journals = readJournals(GITBLIT_FIXTURE);
  const pick = pickGitblit(journals);
  const gb = new Map<number, GitblitTicket>();
  const ticket = (n: number) => {
    let t = gb.get(n);
    if (!t) gb.set(n, (t = new GitblitTicket(n, journals.get(n)!.changes, g)));
    return t;
  };
  const [fixedOnMaster, closedByTicketWord, closedByUrl, closedOnPages, closedOnOldLine] = pick.fresh as [
    number,
    number,
    number,
    number,
    number,
  ];
  const [issueWord, neverClosed] = pick.open as [number, number];
  const extraFixes = new Map<string, string[]>();
  const fixedBy = (label: string, commit: string) => extraFixes.set(label, [...(extraFixes.get(label) ?? []), commit]);

  // dit's own tickets live in the shared journal from the start, as on a dit server
  g.commit('Initial import of the widget sources');
  const d1 = newTicket(r, 'Guard the null repository model', '--type', 'bug', '--shared');
  const d3 = newTicket(r, 'Hooks page links to nowhere', '--type', 'bug', '--shared');

  g.filler(12, 'Early work');
  g.git('tag', 'v0.9.0');
  g.git('branch', 'release-0.9');
  for (const n of pick.ff) ticket(n).advance();
  g.filler(3, 'Refactoring');
  for (const n of pick.merged.slice(0, 2)) ticket(n).advance();
  for (const n of pick.remerged) ticket(n).advance(); // its first merge, before release-1.0 is cut
  for (const n of pick.reopened) ticket(n).advance();
  ticket(pick.proposed[0]!).advance(); // proposed, never merged: ticket/N stays
  g.filler(4, 'Stabilise for 1.0');
  g.git('branch', 'release-1.0'); // cut before the merges below

  // merges and fixes on master after the cut
  for (const n of pick.openMerged) ticket(n).advance();
  ticket(pick.merged[2]!).advance();
  g.git('checkout', '-q', '-b', 'topic-1021');
  g.commit('Widget frobbing: parse the options');
  const tip1021 = g.commit('Widget frobbing: apply them');
  g.git('checkout', '-q', 'master');
  g.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #1021 from acme/topic-1021\n\nFrob widgets', 'topic-1021');
  const merge1021 = g.head();
  g.git('branch', '-D', 'topic-1021');
  const npe = g.commit(`Fix the NPE on the ticket page\n\nfixes #${fixedOnMaster}`);
  fixedBy(`gitblit#${fixedOnMaster}`, npe);
  fixedBy(`gitblit#${closedByTicketWord}`, g.commit(`Tidy the mail templates, closes ticket-${closedByTicketWord}`));
  fixedBy('github#1025', g.commit('Fixes GH-1025: the frob count is off by one'));
  fixedBy(
    'github#1027',
    g.commit('Resolve https://github.com/acme/widget/issues/1027\n\nThe cache was never cleared.'),
  );
  g.commit('Explain the frob limits\n\nSee GH-1028 for background.');
  fixedBy(
    `gitblit#${closedByUrl}`,
    g.commit(`Wrap long branch names\n\nFixes https://gitblit.example.com/tickets/widget.git/${closedByUrl}`),
  );
  // a squash-merged pull request: its head stays under refs/pull/1022/head, as GitHub keeps it
  g.git('checkout', '-q', '-b', 'topic-1022');
  const tip1022 = g.commit('Frob faster');
  g.git('checkout', '-q', 'master');
  g.git('update-ref', 'refs/pull/1022/head', tip1022);
  g.git('branch', '-D', 'topic-1022');
  const squash1022 = g.commit('Frob faster (#1022)');
  g.filler(5, 'Polish');

  // release-1.0: a release, a backported fix, a pull request into it, dit's own fix
  g.git('checkout', '-q', 'release-1.0');
  g.commit('Release 1.0.0');
  g.git('tag', '-a', 'v1.0.0', '-m', 'Widget 1.0.0');
  g.git('cherry-pick', '-x', npe);
  fixedBy(`gitblit#${fixedOnMaster}`, g.head());
  fixedBy('dit:D1', g.commit(`Guard the null repository model\n\nFixes #${d1.slice(0, 7)}`));
  g.git('checkout', '-q', '-b', 'backport-1026');
  const tip1026 = g.commit('Backport the frob guard');
  g.git('checkout', '-q', 'release-1.0');
  g.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #1026 from acme/backport-1026', 'backport-1026');
  const merge1026 = g.head();
  g.git('branch', '-D', 'backport-1026');
  fixedBy(
    `gitblit#${issueWord}`,
    g.commit(`Escape ticket titles in mails (issue-${issueWord})\n\nCloses issue-${issueWord}`),
  );
  g.git('tag', 'v1.0.1');

  // release-0.9 gets one late fix, released as v0.9.1 (and later only on the remote)
  g.git('checkout', '-q', 'release-0.9');
  fixedBy(`gitblit#${closedOnOldLine}`, g.commit(`Backport: fix the login redirect\n\nfixes #${closedOnOldLine}`));
  g.git('tag', 'v0.9.1');

  // master takes release-1.0 back, then releases 1.1
  g.git('checkout', '-q', 'master');
  g.git('merge', '-q', '--no-ff', '-m', "Merge branch 'release-1.0'", 'release-1.0');
  g.filler(3, 'Work for 1.1');
  g.git('tag', '-a', 'v1.1.0', '-m', 'Widget 1.1.0');

  // release-1.0 goes on after the merge back: these fixes are on 1.0.x only
  g.git('checkout', '-q', 'release-1.0');
  const fix2001 = g.commit('Fix the import of empty projects (redmine 2001)');
  g.git('tag', 'v1.0.2');

  // release-1.1: cut from v1.1.0, a hotfix that a GitHub "closed in" event names, a fix for dit's D3
  g.git('checkout', '-q', '-b', 'release-1.1', 'v1.1.0');
  const fix1023 = g.commit('Hotfix: do not lose frobs on restart');
  const fixD3 = g.commit('Point the hooks page at the right anchor');
  g.git('tag', 'v1.1.1');

  // an orphan gh-pages: no history shared with any code branch
  g.git('checkout', '-q', '--orphan', 'gh-pages');
  g.git('rm', '-rq', '--cached', '.');
  execFileSync('git', ['clean', '-fdxq', '-e', '.dit'], { cwd: r.dir, env: r.env });
  g.commit('Site: first pages');
  fixedBy(`gitblit#${closedOnPages}`, g.commit(`Site: document the hooks page\n\nfixes #${closedOnPages}`));
  fixedBy('redmine#2002', g.commit('Site: the download page\n\nfixes #2002'));
  g.git('checkout', '-q', '-f', 'master');

  // publish, then keep working: origin/master lags behind master
  const remote = tempBare();
  r.git('remote', 'add', 'origin', remote.dir);
  r.git('push', '-q', 'origin', 'master', 'release-0.9', 'release-1.0', 'release-1.1', 'gh-pages');
  r.git('fetch', '-q', 'origin');
  r.git('branch', '-D', 'release-0.9'); // the old line lives on only as origin/release-0.9

  for (const n of pick.remerged) ticket(n).advance(); // merged again, after 1.1
  g.git('tag', '-a', 'v2.0.0-rc.1', '-m', 'Widget 2.0.0 rc 1');
  // the git-bug ticket, fixed by its own id
  const bugs = gitBugs(r);
  fixedBy('git-bug:open', g.commit(`Stop the spinner from spinning forever\n\nfixes #${bugs.open.slice(0, 7)}`));
  g.filler(4, 'Work for 2.0');

  // dit's own proposal, merged with `dit merge`
  g.git('checkout', '-q', '-b', 'feature-d2');
  g.commit('Keyboard shortcuts for the ticket list');
  const tipD2 = g.head();
  const d2 = r.json<{ ticket: { id: string } }>('propose', '--target', 'master', '--title', 'Keyboard shortcuts').ticket
    .id;
  g.git('checkout', '-q', 'master');
  r.ok('merge', d2);
  g.git('tag', '-a', 'v2.0.0', '-m', 'Widget 2.0.0');

  // what the journals did after their last merge (patchsets pushed after a reopen) goes on ticket/N
  for (const t of gb.values()) while (!t.done) t.advance();
  // Gitblit keeps its journals on refs/meta/gitblit/tickets; rewrite them to the commits built here
  const extraGitblit = [
    closedByTicketWord,
    fixedOnMaster,
    closedByUrl,
    closedOnPages,
    closedOnOldLine,
    issueWord,
    neverClosed,
    ...pick.resolved,
    ...pick.duplicate,
  ];
  for (const n of extraGitblit) if (!gb.has(n)) gb.set(n, new GitblitTicket(n, journals.get(n)!.changes, g));
  writeGitblitRef(
    r,
    [...gb.values()].map((t) => ({ number: t.number, text: t.rewritten(journals.get(t.number)!.text) })),
  );
  r.ok('import', '--gitblit', '.', '--shared');

  // GitHub: issues and pull requests with their events
  const gh: GitHubPlan = { issues: [], pulls: [], events: [] };
  let eventId = 9000;
  const event = (n: number, name: string, at: string, extra: Record<string, unknown> = {}) =>
    gh.events.push({
      id: ++eventId,
      event: name,
      actor: ghUser('ann'),
      created_at: at,
      issue: { number: n },
      ...extra,
    });
  const pull = (n: number, title: string, base: string, head: string, merge: string, baseSha: string) => {
    gh.issues.push(
      ghIssue(n, title, {
        labels: [],
        html_url: `https://github.com/acme/widget/pull/${n}`,
        state: 'closed',
        closed_at: '2016-06-01T10:00:00Z',
        pull_request: { url: `https://api.github.com/repos/acme/widget/pulls/${n}`, merged_at: '2016-06-01T10:00:00Z' },
      }),
    );
    gh.pulls.push({
      number: n,
      title,
      user: ghUser('carol'),
      state: 'closed',
      created_at: '2016-05-01T10:00:00Z',
      closed_at: '2016-06-01T10:00:00Z',
      merged_at: '2016-06-01T10:00:00Z',
      merge_commit_sha: merge,
      commits: 1,
      head: { label: `acme:topic-${n}`, ref: `topic-${n}`, sha: head },
      base: { label: `acme:${base}`, ref: base, sha: baseSha },
    });
    event(n, 'merged', '2016-06-01T10:00:00Z', { commit_id: merge });
    event(n, 'closed', '2016-06-01T10:00:01Z');
  };
  pull(1021, 'Frob widgets', 'master', tip1021, merge1021, r.git('rev-parse', `${merge1021}^1`).trim());
  pull(1022, 'Frob faster', 'master', tip1022, squash1022, r.git('rev-parse', `${squash1022}^1`).trim());
  pull(1026, 'Backport the frob guard', 'release-1.0', tip1026, merge1026, r.git('rev-parse', `${merge1026}^1`).trim());
  gh.issues.push(
    ghIssue(1023, 'Frobs are lost on restart', {
      state: 'closed',
      closed_at: '2016-07-01T10:00:00Z',
      state_reason: 'completed',
    }),
  );
  event(1023, 'closed', '2016-07-01T10:00:00Z', { commit_id: fix1023, state_reason: 'completed' });
  gh.issues.push(
    ghIssue(1024, 'Frob icon is blurry', {
      state: 'closed',
      closed_at: '2016-07-02T10:00:00Z',
      state_reason: 'completed',
    }),
  );
  event(1024, 'closed', '2016-07-02T10:00:00Z', { state_reason: 'completed' });
  gh.issues.push(ghIssue(1025, 'Frob count is off by one'));
  gh.issues.push(ghIssue(1027, 'The frob cache is never cleared'));
  gh.issues.push(ghIssue(1028, 'Document the frob limits', { labels: [{ name: 'enhancement' }] }));
  const ghDir = tempDir('dit-github-');
  for (const [name, data] of Object.entries(gh)) writeFileSync(join(ghDir, `${name}.json`), JSON.stringify(data));
  r.ok(
    'import',
    '--github',
    join(ghDir, 'issues.json'),
    '--pulls',
    join(ghDir, 'pulls.json'),
    '--events',
    join(ghDir, 'events.json'),
    '--shared',
  );

  // git-bug's bugs
  r.ok('import', '--git-bug', '--shared');

  // JSON lines: plain tickets from another tracker, one closed by a commit it names; and dit's own D3,
  // closed by an entry (as `dit export` writes entries) that names the commit which fixed it
  const jsonl = join(tempDir('dit-jsonl-'), 'tickets.jsonl');
  const lines = [
    {
      title: 'Importing an empty project fails',
      type: 'bug',
      status: 'fixed',
      origin: 'redmine#2001',
      commit: fix2001,
      created: '2016-08-01T10:00:00Z',
      closed: '2016-08-03T10:00:00Z',
    },
    { title: 'A download page', type: 'task', origin: 'redmine#2002', created: '2016-08-02T10:00:00Z' },
    {
      kind: 'ticket',
      id: d3,
      entries: [
        {
          entry: {
            v: 1,
            kind: 'status',
            ticket: d3,
            clock: 2,
            time: '2026-01-01T00:00:00.000Z',
            author: { name: 'Ann Author', email: 'ann@example.com' },
            status: 'fixed',
            commit: fixD3,
          },
        },
      ],
    },
  ];
  writeFileSync(jsonl, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  r.ok('import', jsonl, '--shared');

  // what every ticket is, by its origin
  const listed = r.json<{ tickets: { id: string; origin: string | null }[] }>('ls', '--all').tickets;
  const byOrigin = new Map(listed.filter((t) => t.origin).map((t) => [t.origin!.toLowerCase(), t.id]));
  const idOf = (origin: string) => {
    const id = byOrigin.get(origin.toLowerCase());
    if (!id) throw new Error(`no ticket imported as ${origin}`);
    return id;
  };
  const truths: Truth[] = [];
  for (const t of gb.values()) {
    const base = t.truth();
    truths.push({ ...base, id: idOf(base.origin!), fixes: extraFixes.get(base.label) ?? [] });
  }
  const ghTruth = (n: number, type: string, steps: Step[], tip: string | null = null): Truth => ({
    label: `github#${n}`,
    origin: `github#${n}`,
    id: idOf(`github#${n}`),
    type,
    steps,
    fixes: extraFixes.get(`github#${n}`) ?? [],
    tip,
  });
  truths.push(
    ghTruth(1021, 'proposal', [{ status: 'merged', commit: merge1021 }], tip1021),
    ghTruth(1022, 'proposal', [{ status: 'merged', commit: squash1022 }], tip1022),
    ghTruth(1026, 'proposal', [{ status: 'merged', commit: merge1026 }], tip1026),
    ghTruth(1023, 'bug', [{ status: 'fixed', commit: fix1023 }]),
    ghTruth(1024, 'bug', [{ status: 'fixed', commit: null }]),
    ghTruth(1025, 'bug', []),
    ghTruth(1027, 'bug', []),
    ghTruth(1028, 'enhancement', []),
  );
  truths.push(
    {
      label: 'git-bug:closed',
      origin: `git-bug#${bugs.closed}`,
      id: idOf(`git-bug#${bugs.closed}`),
      type: 'bug',
      steps: [{ status: 'closed', commit: null }],
      fixes: [],
      tip: null,
    },
    {
      label: 'git-bug:open',
      origin: `git-bug#${bugs.open}`,
      id: idOf(`git-bug#${bugs.open}`),
      type: 'bug',
      steps: [],
      fixes: extraFixes.get('git-bug:open') ?? [],
      tip: null,
    },
    {
      label: 'redmine#2001',
      origin: 'redmine#2001',
      id: idOf('redmine#2001'),
      type: 'bug',
      steps: [{ status: 'fixed', commit: fix2001 }],
      fixes: [],
      tip: null,
    },
    {
      label: 'redmine#2002',
      origin: 'redmine#2002',
      id: idOf('redmine#2002'),
      type: 'task',
      steps: [],
      fixes: extraFixes.get('redmine#2002') ?? [],
      tip: null,
    },
    { label: 'dit:D1', origin: null, id: d1, type: 'bug', steps: [], fixes: extraFixes.get('dit:D1') ?? [], tip: null },
    { label: 'dit:D2', origin: null, id: d2, type: 'proposal', steps: [], fixes: [], tip: tipD2 },
    {
      label: 'dit:D3',
      origin: null,
      id: d3,
      type: 'bug',
      steps: [{ status: 'fixed', commit: fixD3 }],
      fixes: [],
      tip: null,
    },
  );

  const refs: Ref[] = [
    ...r
      .git('for-each-ref', '--format=%(refname:short)', 'refs/heads/')
      .trim()
      .split('\n')
      .map((name) => ({ name, kind: 'branch' as const })),
    ...r
      .git('for-each-ref', '--format=%(refname)', 'refs/remotes/')
      .trim()
      .split('\n')
      .filter((ref) => !ref.endsWith('/HEAD'))
      .map((ref) => ({ name: ref.slice('refs/remotes/'.length), kind: 'remote' as const })),
    ...r
      .git('tag', '--list')
      .trim()
      .split('\n')
      .map((name) => ({ name, kind: 'tag' as const })),
  ];
  const tags = ['v0.9.0', 'v0.9.1', 'v1.0.0', 'v1.0.1', 'v1.0.2', 'v1.1.0', 'v1.1.1', 'v2.0.0-rc.1', 'v2.0.0'];

  const known = new Map<string, boolean>();
  const fullName = (ref: string): string => {
    const kind = refs.find((x) => x.name === ref)?.kind;
    return kind === 'remote' ? `refs/remotes/${ref}` : kind === 'tag' ? `refs/tags/${ref}` : `refs/heads/${ref}`;
  };
  const ancestor = (commit: string, ref: string): boolean => {
    const k = `${commit} ${ref}`;
    let v = known.get(k);
    if (v === undefined) {
      const res = spawnSync('git', ['merge-base', '--is-ancestor', commit, fullName(ref)], { cwd: r.dir, env: r.env });
      if (res.status !== 0 && res.status !== 1) throw new Error(`git merge-base failed: ${res.stderr}`);
      v = res.status === 0;
      known.set(k, v);
    }
    return v;
  };
  const expected = (t: Truth, ref: string): { status: string; byCommit: boolean } => {
    let status = 'new';
    let byCommit = false;
    for (const s of t.steps) {
      if (s.commit && !ancestor(s.commit, ref)) continue; // the commit that decided it is not here
      status = s.status;
      byCommit = !!s.commit;
    }
    if (isOpen(status) && t.fixes.some((c) => ancestor(c, ref))) {
      status = DONE_BY_TYPE[t.type] ?? 'fixed';
      byCommit = true;
    }
    // a ticket's own proposal branch (Gitblit's ticket/N, dit's ticket/<id>) holds its tip without merging it
    const proposalBranch = /^(?:origin\/)?ticket\//.test(ref);
    if (isOpen(status) && t.tip && !proposalBranch && ancestor(t.tip, ref)) {
      status = 'merged';
      byCommit = true;
    }
    return { status, byCommit };
  };

  return {
    r,
    refs,
    truths,
    tags,
    isAncestor: ancestor,
    expected,
    numbers: { fixedOnMaster, closedByTicketWord, closedByUrl, closedOnPages, closedOnOldLine, issueWord, neverClosed },
  };
}

/** Writes the journals where Gitblit keeps them: `id/NN/N/journal.json` on refs/meta/gitblit/tickets. */
function writeGitblitRef(r: Repo, journals: { number: number; text: string }[]): void {
  const index = join(tempDir('dit-gitblit-index-'), 'index');
  const env = { ...r.env, GIT_INDEX_FILE: index };
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: r.dir, env, input, encoding: 'utf8' }).trim();
  for (const j of journals) {
    const blob = run(['hash-object', '-w', '--stdin'], j.text);
    const bucket = String(j.number % 100).padStart(2, '0');
    run(['update-index', '--add', '--cacheinfo', `100644,${blob},id/${bucket}/${j.number}/journal.json`]);
  }
  const tree = run(['write-tree']);
  r.git('update-ref', 'refs/meta/gitblit/tickets', run(['commit-tree', tree, '-m', 'gitblit tickets']));
}

/** Two git-bug bugs: one closed in git-bug (no commit says so), one open that a commit fixes by its id. */
function gitBugs(r: Repo): { closed: string; open: string } {
  const bea = identity(r, 'Bea Bug', 'bea@example.com', 'bm9uY2UtYmVhLTAwMDAwMDAwMDAwMDA=');
  const make = (title: string, nonce: string, close: boolean): string => {
    const create = `{"type":1,"timestamp":1470000000,"nonce":"${nonce}","title":"${title}","message":"As reported.","files":null}`;
    const id = sha256(create);
    let c = writePack(r, bea, [create], { create: 1, edit: 1 });
    if (close)
      c = writePack(
        r,
        bea,
        ['{"type":4,"timestamp":1470000900,"nonce":"CQkJCQkJCQkJCQkJCQkJCQkJCQk=","status":2}'],
        { edit: 2 },
        c,
      );
    r.git('update-ref', `refs/bugs/${id}`, c);
    return id;
  };
  return {
    closed: make('The spinner flickers', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', true),
    open: make('The spinner spins forever', 'AQEBAQEBAQEBAQEBAQEBAQEBAQE=', false),
  };
}
