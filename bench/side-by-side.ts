// The side-by-side rows against Fossil (issue 9): whole commands, HTTP writes and pages, and what
// dit costs the user's own repository (git status and checkout beside the same code without .dit/).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  interleave,
  loadFossil,
  type Pair,
  peakRssKb,
  startChild,
  stopChild,
  timeProcess,
  timeRequest,
} from './fossil.js';

export interface SideBySide {
  root: string;
  dit: string;
  repo: string;
  env: NodeJS.ProcessEnv;
  dataset: string;
  fossilWork: string | null;
  runs: number;
  otherBranch: string | null;
  importMs: number | null;
  log: (s: string) => void;
}

const COMMENT = 'Benchmark comment: confirmed on the latest build; the hang goes away after restarting the worker.';

/** The dataset's busiest ticket (most comments) and its dit id, matched by title and creation time. */
function target(o: SideBySide): { datasetId: number; ditId: string } {
  let best: { id: number; title: string; created: string; n: number } | null = null;
  for (const line of readFileSync(o.dataset, 'utf8').split('\n')) {
    if (!line) continue;
    const t = JSON.parse(line) as { id: number; title: string; created: string; comments: unknown[] };
    if (!best || t.comments.length > best.n)
      best = { id: t.id, title: t.title, created: t.created, n: t.comments.length };
  }
  const list = JSON.parse(
    execFileSync(process.execPath, [o.dit, 'ls', '--all', '--json'], {
      cwd: o.repo,
      env: o.env,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    }),
  ) as { tickets: { id: string; title: string; created: string }[] };
  const hit = list.tickets.find((t) => t.title === best!.title && Date.parse(t.created) === Date.parse(best!.created));
  if (!hit) throw new Error(`ticket ${best!.id} of the dataset is not in the dit repository`);
  return { datasetId: best!.id, ditId: hit.id.slice(0, 7) };
}

export async function sideBySide(o: SideBySide): Promise<{ pairs: Pair[]; user: Pair[]; serveRssKb: number | null }> {
  const { log } = o;
  const git = (...a: string[]) =>
    execFileSync('git', a, { cwd: o.repo, env: o.env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const dit = (...a: string[]) => timeProcess(process.execPath, [o.dit, ...a], { cwd: o.repo, env: o.env });
  const t = target(o);
  const fossil = o.fossilWork ? loadFossil(o.root, o.dataset, o.fossilWork, log) : null;
  const uuid = fossil?.uuid(t.datasetId) ?? '';
  const fos = fossil ? (...a: string[]) => timeProcess('fossil', [...a, '-R', fossil.repo], { env: fossil.env }) : null;
  const fosComment = () =>
    fos!(
      'ticket',
      'set',
      uuid,
      'icomment',
      COMMENT,
      'username',
      'admin',
      'login',
      'admin',
      'mimetype',
      'text/x-markdown',
    );
  const pairs: Pair[] = [];
  const nodeFloor = () => timeProcess(process.execPath, ['-e', '0']);
  const pair = async (
    name: string,
    a: () => number | Promise<number>,
    b: (() => number | Promise<number>) | null,
    runs = o.runs,
    note?: string,
  ) => {
    const whole = name.startsWith('$'); // a whole dit process: node -e 0 goes in the same turns, for dit's share
    const fns = [a, ...(b ? [b] : []), ...(whole ? [nodeFloor] : [])];
    const got = await interleave(runs, ...fns);
    pairs.push({ name, dit: got[0]!, fossil: b ? got[1]! : null, floor: whole ? got.at(-1) : undefined, note });
    const p = pairs.at(-1)!;
    log(`  ${name}: dit ${med(p.dit)} ms${p.fossil ? `, Fossil ${med(p.fossil)} ms` : ''}`);
  };
  const origHead = git('rev-parse', 'HEAD').trim();
  const origJournal = spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/dit/journal'], {
    cwd: o.repo,
    encoding: 'utf8',
  }).stdout.trim();

  log(`side by side with Fossil: ticket ${t.ditId} (dataset #${t.datasetId}), ${o.runs} runs each, in turn`);
  await pair('node -e 0 (floor) | fossil version', nodeFloor, fos ? () => timeProcess('fossil', ['version']) : null);
  await pair(
    '$ dit --version | fossil version',
    () => dit('--version'),
    fos ? () => timeProcess('fossil', ['version']) : null,
  );
  dit('ls');
  await pair(
    '$ dit ls | fossil ticket show 1 status=Open',
    () => dit('ls'),
    fos ? () => fos('ticket', 'show', '1', "status='Open'") : null,
  );
  await pair(
    `$ dit show | fossil ticket history`,
    () => dit('show', t.ditId),
    fos ? () => fos('ticket', 'history', uuid) : null,
  );
  dit('ls', 'deadlock');
  await pair(
    '$ dit ls deadlock | fossil ticket show LIKE',
    () => dit('ls', 'deadlock'),
    fos ? () => fos('ticket', 'show', '0', "title LIKE '%deadlock%' OR comment LIKE '%deadlock%'", '-q') : null,
  );
  await pair(
    '$ dit comment (staged) | fossil ticket set icomment',
    () => dit('comment', t.ditId, COMMENT),
    fos ? fosComment : null,
  );
  await pair(
    '$ dit comment --shared | fossil ticket set icomment',
    () => dit('comment', t.ditId, COMMENT, '--shared'),
    fos ? fosComment : null,
  );
  // the read right after a write: what the write left the derived data to do (issue 26: ≤ 150 ms own share)
  await pair(
    '$ dit ls after a shared comment | fossil ticket show after icomment',
    () => {
      dit('comment', t.ditId, COMMENT, '--shared');
      return dit('ls');
    },
    fos
      ? () => {
          fosComment();
          return fos('ticket', 'show', '1', "status='Open'");
        }
      : null,
  );
  await pair(
    '$ dit ls deadlock after a shared comment | fossil LIKE after icomment',
    () => {
      dit('comment', t.ditId, COMMENT, '--shared');
      return dit('ls', 'deadlock');
    },
    fos
      ? () => {
          fosComment();
          return fos('ticket', 'show', '0', "title LIKE '%deadlock%' OR comment LIKE '%deadlock%'", '-q');
        }
      : null,
  );
  await pair(
    '$ dit comment --commit | fossil ticket set icomment',
    () => dit('comment', t.ditId, COMMENT, '--commit'),
    fos ? fosComment : null,
  );

  log('  HTTP: `dit serve` and `fossil server` as processes on loopback ports');
  const port = await freePort();
  const server = await startChild(
    process.execPath,
    [o.dit, 'serve', '--port', String(port)],
    { cwd: o.repo, env: o.env },
    `http://127.0.0.1:${port}/api/session`,
  );
  let serveRssKb: number | null = null;
  const fport = fossil ? await freePort() : 0;
  const fserver = fossil
    ? await startChild(
        'fossil',
        ['server', '--localhost', '--localauth', '-P', String(fport), fossil.repo],
        { env: fossil.env },
        `http://127.0.0.1:${fport}/`,
      )
    : null;
  try {
    const url = `http://127.0.0.1:${port}/`;
    const furl = `http://127.0.0.1:${fport}/`;
    const { token } = (await (await fetch(`${url}api/session`)).json()) as { token: string };
    const post = (body: object) =>
      timeRequest(`${url}api/tickets/${t.ditId}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify(body),
      }).then((r) => r.ms);
    const fpost = () =>
      timeRequest(`${furl}tktedit`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${furl}tktedit` },
        body: new URLSearchParams({ name: uuid, icomment: COMMENT, csrf: 'localhost', submit: 'Submit' }).toString(),
      }).then((r) => r.ms);
    const runs = Math.max(20, o.runs * 2);
    await pair('POST comment, staged | POST /tktedit', () => post({ body: COMMENT }), fossil ? fpost : null, runs);
    await pair(
      'POST comment, shared | POST /tktedit',
      () => post({ body: COMMENT, shared: true }),
      fossil ? fpost : null,
      runs,
    );
    // pages under a URL never asked before, so neither side answers from a page cache
    let n = 0;
    const page = async (name: string, ditPath: string, fossilPath: string | null, note?: string) => {
      let db = 0,
        fb = 0;
      await pair(
        name,
        async () => {
          const r = await timeRequest(`${url}${ditPath}${ditPath.includes('?') ? '&' : '?'}n=${n++}`);
          db = r.bytes;
          return r.ms;
        },
        fossil && fossilPath
          ? async () => {
              const r = await timeRequest(`${furl}${fossilPath}`);
              fb = r.bytes;
              return r.ms;
            }
          : null,
        runs,
        note,
      );
      pairs.at(-1)!.ditBytes = db;
      if (fossil && fossilPath) pairs.at(-1)!.fossilBytes = fb;
    };
    const comments = (
      JSON.parse(
        execFileSync(process.execPath, [o.dit, 'show', t.ditId, '--json'], {
          cwd: o.repo,
          env: o.env,
          encoding: 'utf8',
        }),
      ) as { ticket: { comments: unknown[] } }
    ).ticket.comments.length;
    await page(`ticket page afresh (${comments} comments) | /tktview`, `tickets/${t.ditId}`, `tktview/${uuid}`);
    await page('list page afresh | /rptview?rn=1', '', 'rptview?rn=1', 'Fossil lists every ticket on one page, dit 25');
    await page(
      'search page afresh | /search?s=deadlock&y=t',
      '?q=deadlock',
      'search?s=deadlock&y=t',
      'Fossil: its full-text search page',
    );
    serveRssKb = server.pid ? peakRssKb(server.pid) : null;
  } finally {
    await stopChild(server);
    if (fserver) await stopChild(fserver);
    git('reset', '-q', '--hard', origHead);
    if (origJournal) git('update-ref', 'refs/dit/journal', origJournal);
    else spawnSync('git', ['update-ref', '-d', 'refs/dit/journal'], { cwd: o.repo });
  }

  if (o.importMs !== null) {
    pairs.push({
      name: 'import (whole process) | fossil reconstruct',
      dit: [o.importMs],
      fossil: fossil ? [fossil.reconstructSeconds * 1000] : null,
      note: "one run each; Fossil's from its load",
    });
  }
  await freshClone(o, pairs);
  const user: Pair[] = [];
  await userRepo(o, user, log);
  return { pairs, user, serveRssKb };
}

const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
};

/** First `dit ls` and first search in a new clone (git's own checkout timed too): dit only, one run. */
async function freshClone(o: SideBySide, pairs: Pair[]): Promise<void> {
  const dir = join(o.repo, '..', 'fresh-clone');
  rmSync(dir, { recursive: true, force: true });
  const clone = timeProcess('git', ['clone', '-q', o.repo, dir], { env: o.env });
  pairs.push({ name: 'git clone (local, with checkout)', dit: [clone], fossil: null, note: 'one run' });
  const d = (...a: string[]) => timeProcess(process.execPath, [o.dit, ...a], { cwd: dir, env: o.env });
  pairs.push({ name: 'first dit ls in a fresh clone', dit: [d('ls')], fossil: null, note: 'one run' });
  pairs.push({
    name: 'first search (dit ls deadlock) in it',
    dit: [d('ls', 'deadlock')],
    fossil: null,
    note: 'one run',
  });
  rmSync(dir, { recursive: true, force: true });
  o.log(
    `  fresh clone: clone ${med(pairs.at(-3)!.dit)} ms, first ls ${med(pairs.at(-2)!.dit)} ms, first search ${med(pairs.at(-1)!.dit)} ms`,
  );
}

/**
 * The user's repository: `git status` and `git checkout` of another branch in the bench repository,
 * against a twin with the same commits' code and no `.dit/` (`dit` holds the repository with tickets,
 * `fossil` the twin without: the ratio is what the tickets cost git).
 */
async function userRepo(o: SideBySide, pairs: Pair[], log: (s: string) => void): Promise<void> {
  if (!o.otherBranch) return;
  const twin = join(o.repo, '..', 'twin-without-dit');
  rmSync(twin, { recursive: true, force: true });
  mkdirSync(twin, { recursive: true });
  const tg = (...a: string[]) =>
    execFileSync('git', a, { cwd: twin, env: o.env, encoding: 'utf8', maxBuffer: 1 << 30 });
  tg('init', '-q', '-b', 'main');
  tg('fetch', '-q', o.repo, `main:refs/bench/main`, `${o.otherBranch}:refs/bench/other`);
  // the same trees without .dit/, as commits on main and the other branch
  const strip = (ref: string, name: string) => {
    const entries = `${tg('ls-tree', `${ref}^{tree}`)
      .split('\n')
      .filter((l) => l && !l.endsWith('\t.dit'))
      .join('\n')}\n`;
    const tree = execFileSync('git', ['mktree'], { cwd: twin, env: o.env, input: entries, encoding: 'utf8' }).trim();
    const commit = execFileSync('git', ['commit-tree', tree, '-m', `${name} without .dit/`], {
      cwd: twin,
      env: o.env,
      encoding: 'utf8',
    }).trim();
    tg('update-ref', `refs/heads/${name}`, commit);
  };
  strip('refs/bench/main', 'main');
  strip('refs/bench/other', 'other');
  tg('reset', '-q', '--hard', 'main');
  const g = (cwd: string, ...a: string[]) => timeProcess('git', a, { cwd, env: o.env });
  const files = (cwd: string) =>
    Number(
      execFileSync('git', ['ls-files'], { cwd, env: o.env, maxBuffer: 1 << 30 })
        .toString()
        .split('\n').length - 1,
    );
  const note = `${files(o.repo)} files in the index beside ${files(twin)}; ratio vs the twin`;
  g(o.repo, 'status');
  g(twin, 'status');
  const [ds = [], ts = []] = await interleave(
    o.runs,
    () => g(o.repo, 'status'),
    () => g(twin, 'status'),
  );
  pairs.push({ name: 'git status | the same without .dit/', dit: ds, fossil: ts, note });
  const checkout = (cwd: string, other: string) => g(cwd, 'checkout', '-q', other) + g(cwd, 'checkout', '-q', 'main');
  const runs = Math.max(3, Math.floor(o.runs / 2));
  const [dc = [], tc = []] = await interleave(
    runs,
    () => checkout(o.repo, o.otherBranch!),
    () => checkout(twin, 'other'),
  );
  pairs.push({
    name: `git checkout ${o.otherBranch} and back | the same`,
    dit: dc,
    fossil: tc,
    note: 'two checkouts per run',
  });
  const before = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: o.repo, env: o.env, encoding: 'utf8' }).trim();
  // a user's everyday change: one code file edited, then `git add -A && git commit`, and `git stash && git stash pop`
  let edits = 0;
  const edit = (cwd: string) => writeFileSync(join(cwd, 'README'), `bench edit ${edits++}\n`);
  const addCommit = (cwd: string) => {
    edit(cwd);
    return g(cwd, 'add', '-A') + g(cwd, 'commit', '-q', '-m', 'bench edit');
  };
  const [da = [], ta = []] = await interleave(
    runs,
    () => addCommit(o.repo),
    () => addCommit(twin),
  );
  pairs.push({ name: 'git add -A && git commit (one file) | the same', dit: da, fossil: ta, note });
  const stash = (cwd: string) => {
    edit(cwd);
    return g(cwd, 'stash', '-q') + g(cwd, 'stash', 'pop', '-q');
  };
  const [dz = [], tz = []] = await interleave(
    runs,
    () => stash(o.repo),
    () => stash(twin),
  );
  pairs.push({ name: 'git stash && git stash pop (one file) | the same', dit: dz, fossil: tz, note });
  execFileSync('git', ['reset', '-q', '--hard', before], { cwd: o.repo, env: o.env });
  log(
    `  git status ${med(ds)} vs ${med(ts)} ms; checkout there and back ${med(dc)} vs ${med(tc)} ms;` +
      ` add+commit ${med(da)} vs ${med(ta)} ms; stash+pop ${med(dz)} vs ${med(tz)} ms`,
  );
  rmSync(twin, { recursive: true, force: true });
}
