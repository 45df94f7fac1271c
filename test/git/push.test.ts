// Pushing patchsets with real `git push` over file:// to a bare repository with dit's proc-receive hook.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cloneOf, type Repo, tempBare } from '../support/helpers.js';

const ANN = { name: 'Ann Author', email: 'ann@example.com' };
const BOB = { name: 'Bob Builder', email: 'bob@example.com' };

interface Pushed {
  code: number;
  stderr: string;
  ref: string | null;
}

/** `git push` with options; `ref` is the ref the client was told it got (from --porcelain). */
function push(repo: Repo, refspec: string, opts: string[] = [], env: NodeJS.ProcessEnv = {}): Pushed {
  const args = ['push', '--porcelain', 'origin', ...opts.flatMap((o) => ['-o', o]), refspec];
  const r = spawnSync('git', args, { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => /^[ *+!=-]\t/.test(l));
  return { code: r.status ?? -1, stderr: r.stderr + r.stdout, ref: line?.split('\t')[1]?.split(':')[1] ?? null };
}

/** A bare repository with the hook, one commit on main, and a clone of it. */
function setup(): { remote: Repo; clone: Repo } {
  const remote = tempBare();
  const clone = cloneOf(remote.dir, ANN);
  clone.write('README', 'a project\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  return { remote, clone };
}

const change = (repo: Repo, file: string, text: string, message: string): string => {
  repo.write(file, text);
  return repo.commit(message);
};

const ticketOf = (remote: Repo, id: string) => remote.json('show', id).ticket;
const shortIdIn = (stderr: string): string =>
  /#([0-9a-f]{7}): /.exec(stderr)?.[1] ?? assert.fail(`no ticket in: ${stderr}`);

test('hooks install sets the config and writes a hook that runs this dit; installing twice changes nothing', () => {
  const { remote } = setup();
  remote.ok('hooks', 'install');
  assert.deepEqual(remote.git('config', '--get-all', 'receive.procReceiveRefs').trim().split('\n'), [
    'refs/for',
    'refs/dit/patchsets',
  ]);
  assert.equal(remote.git('config', 'receive.advertisePushOptions').trim(), 'true');
  const r = remote.dit('hooks', 'run', 'no-such-hook');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no "no-such-hook" hook; it handles: proc-receive/);
  const work = cloneOf(remote.dir);
  // in a working copy the same command installs the commit-msg check instead, and no push config
  assert.match(work.ok('hooks', 'install'), /installed commit-msg/);
  assert.throws(() => work.git('config', '--get-all', 'receive.procReceiveRefs'), 'git config finds no such key');
});

test('refs/for/new opens a proposal: title and description from the one commit, the client gets refs/heads/ticket/<id>', () => {
  const { remote, clone } = setup();
  const tip = change(clone, 'buf.c', 'guard\n', 'Guard the empty buffer\n\nAn empty buffer crashed the writer.');
  const r = push(clone, 'HEAD:refs/for/new');
  assert.equal(r.code, 0, r.stderr);
  const short = shortIdIn(r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`#${short}: Guard the empty buffer — new proposal with patchset 1 \\(1 commit onto main\\)`),
  );
  assert.equal(r.ref, `refs/heads/ticket/${short}`, 'the proc-receive answer names the real ref');
  assert.equal(remote.git('rev-parse', `refs/heads/ticket/${short}`).trim(), tip);
  const t = ticketOf(remote, short);
  assert.deepEqual(
    [t.type, t.status, t.title, t.body],
    ['proposal', 'new', 'Guard the empty buffer', 'An empty buffer crashed the writer.'],
  );
  assert.deepEqual(
    t.patchsets.map((p: any) => [p.number, p.revisions.map((v: any) => [v.revision, v.type, v.tip, v.commits])]),
    [[1, [[1, 'proposal', tip, 1]]]],
  );
  assert.equal(remote.git('rev-parse', `refs/dit/patchsets/${t.id}/1`).trim(), tip);
  assert.ok(
    remote.git('ls-tree', '-r', '--name-only', 'refs/dit/journal').includes(`tickets/${t.id}/`),
    'recorded in the shared journal',
  );
  assert.equal(clone.git('ls-remote', 'origin', 'refs/for/*').trim(), '', 'nothing is stored under refs/for/');
});

test('a proposal of several commits takes -o title, else the oldest commit', () => {
  const { remote, clone } = setup();
  change(clone, 'a', '1\n', 'First step');
  change(clone, 'b', '2\n', 'Second step');
  const r = push(clone, 'HEAD:refs/for/main');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(ticketOf(remote, shortIdIn(r.stderr)).title, 'First step');
  change(clone, 'c', '3\n', 'Third step');
  clone.git('checkout', '-q', '-b', 'other', 'main');
  change(clone, 'd', '4\n', 'Other one');
  change(clone, 'e', '5\n', 'Other two');
  const titled = push(clone, 'HEAD:refs/for/new', ['title=Both steps at once']);
  assert.equal(ticketOf(remote, shortIdIn(titled.stderr)).title, 'Both steps at once');
});

test('every row of the classification table, with real pushes', () => {
  const { remote, clone } = setup();
  clone.git('checkout', '-q', '-b', 'feature');
  change(clone, 'x', '1\n', 'Add x');
  const first = push(clone, 'HEAD:refs/for/new');
  const id = shortIdIn(first.stderr);
  const types = () =>
    ticketOf(remote, id).patchsets.flatMap((p: any) =>
      p.revisions.map((v: any) => `${p.number}.${v.revision}:${v.type}`),
    );
  // fast-forward of the current tip
  change(clone, 'y', '2\n', 'Add y');
  const ff = push(clone, `HEAD:refs/for/${id}`);
  assert.equal(ff.code, 0, ff.stderr);
  assert.match(ff.stderr, /uploaded patchset 1 revision 2 \(\+1 commit\)/);
  assert.doesNotMatch(ff.stderr, /forced/);
  // not fast-forward, same base, same count: amend
  clone.git('commit', '-q', '--amend', '-m', 'Add y, better');
  const amend = push(clone, `HEAD:refs/for/${id}`);
  assert.match(amend.stderr, new RegExp(`#${id}: Add x — uploaded patchset 2 \\(amend\\)`));
  assert.match(amend.stderr, /forced update/);
  // not fast-forward, fewer commits: squash
  clone.git('reset', '-q', '--soft', 'main');
  clone.git('commit', '-q', '-m', 'Add x and y');
  assert.equal(push(clone, `HEAD:refs/for/${id}`).code, 0);
  // new base: main moves on, the branch is rebased onto it
  clone.git('checkout', '-q', 'main');
  change(clone, 'm', 'main\n', 'Main moves on');
  clone.git('push', '-q', 'origin', 'main');
  clone.git('checkout', '-q', '-');
  clone.git('rebase', '-q', 'main');
  assert.equal(push(clone, `HEAD:refs/for/${id}`).code, 0);
  // new base and fewer commits: rebase+squash (two commits first, then one on a newer main)
  change(clone, 'z', '3\n', 'Add z');
  assert.equal(push(clone, `HEAD:refs/for/${id}`).code, 0); // fast-forward: 2 commits now
  clone.git('checkout', '-q', 'main');
  change(clone, 'n', 'main 2\n', 'Main moves again');
  clone.git('push', '-q', 'origin', 'main');
  clone.git('checkout', '-q', '-');
  clone.git('rebase', '-q', 'main');
  clone.git('reset', '-q', '--soft', 'HEAD~2');
  clone.git('commit', '-q', '-m', 'All of it');
  assert.equal(push(clone, `HEAD:refs/for/${id}`).code, 0);
  // fast-forward, but the current tip is already merged into main: rebase
  const tip = clone.git('rev-parse', 'HEAD').trim();
  clone.git('push', '-q', 'origin', `${tip}:refs/heads/main`);
  change(clone, 'w', '4\n', 'Follow-up');
  const after = push(clone, `HEAD:refs/for/${id}`);
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(types(), [
    '1.1:proposal',
    '1.2:fast-forward',
    '2.1:amend',
    '3.1:squash',
    '4.1:rebase',
    '4.2:fast-forward',
    '5.1:rebase+squash',
    '6.1:rebase',
  ]);
  // no history is lost: every patchset's tip is still there
  const t = ticketOf(remote, id);
  for (const ps of t.patchsets) {
    const last = ps.revisions.at(-1).tip;
    assert.equal(remote.git('rev-parse', `refs/dit/patchsets/${t.id}/${ps.number}`).trim(), last);
    const other = cloneOf(remote.dir, BOB);
    other.git('fetch', '-q', 'origin', `refs/dit/patchsets/${t.id}/${ps.number}`);
    assert.equal(other.git('rev-parse', 'FETCH_HEAD').trim(), last, `patchset ${ps.number} is fetchable`);
  }
});

test('the amend flow: rewriting a one-commit proposal takes the new message; adding commits does not', () => {
  const { remote, clone } = setup();
  change(clone, 'x', '1\n', 'Guard the empty buffer');
  const id = shortIdIn(push(clone, 'HEAD:refs/for/new').stderr);
  clone.git('commit', '-q', '--amend', '-m', 'Guard empty buffers everywhere\n\nNow with a test.');
  const r = push(clone, `HEAD:refs/for/${id}`);
  assert.match(r.stderr, /title and description now follow the commit message/);
  let t = ticketOf(remote, id);
  assert.deepEqual([t.title, t.body], ['Guard empty buffers everywhere', 'Now with a test.']);
  change(clone, 'y', '2\n', 'Unrelated second commit');
  push(clone, `HEAD:refs/for/${id}`);
  t = ticketOf(remote, id);
  assert.equal(t.title, 'Guard empty buffers everywhere');
});

test('push options in both syntaxes; unknown options, people and milestones are refused by name', () => {
  const { remote, clone } = setup();
  remote.ok('milestone', 'new', '2.4');
  const seed = remote.as(BOB).json('new', 'Someone else', '--shared');
  void seed;
  change(clone, 'x', '1\n', 'With options');
  const viaO = push(clone, 'HEAD:refs/for/main', [
    'topic=storage',
    'cc=bob',
    'label=ui',
    'label=perf',
    'milestone=2.4',
    'responsible=ann@example.com',
  ]);
  assert.equal(viaO.code, 0, viaO.stderr);
  const a = ticketOf(remote, shortIdIn(viaO.stderr));
  assert.deepEqual(
    [a.topic, a.milestone, a.responsible, a.labels, a.watchers],
    ['storage', '2.4', 'ann@example.com', ['perf', 'ui'], ['bob@example.com']],
  );
  clone.git('checkout', '-q', '-b', 'two', 'main');
  change(clone, 'y', '2\n', 'With Gitblit options');
  const viaPct = push(clone, 'HEAD:refs/for/main%t=ui,r=ann,m=2.4,cc=bob,cc=ann,draft');
  assert.equal(viaPct.code, 0, viaPct.stderr);
  const b = ticketOf(remote, shortIdIn(viaPct.stderr));
  assert.deepEqual(
    [b.topic, b.milestone, b.responsible, b.watchers, b.current.draft],
    ['ui', '2.4', 'ann@example.com', ['ann@example.com', 'bob@example.com'], true],
  );
  const refusals: [string, string[], RegExp][] = [
    ['HEAD:refs/for/main', ['reviewer=bob'], /unknown push option "reviewer"/],
    ['HEAD:refs/for/main%q=1', [], /unknown push option "q"/],
    ['HEAD:refs/for/main', ['r=nobody'], /unknown person "nobody" for responsible/],
    ['HEAD:refs/for/main%cc=zed', [], /unknown person "zed" for cc/],
    ['HEAD:refs/for/main', ['m=9.9'], /unknown milestone "9.9"/],
  ];
  clone.git('checkout', '-q', '-b', 'three', 'main');
  change(clone, 'z', '3\n', 'Refused');
  for (const [spec, opts, why] of refusals) {
    const r = push(clone, spec, opts);
    assert.notEqual(r.code, 0, spec);
    assert.match(r.stderr, why);
  }
});

test('refusals say what to do, and write nothing', () => {
  const { remote, clone } = setup();
  change(clone, 'x', '1\n', 'A change');
  const id = shortIdIn(push(clone, 'HEAD:refs/for/new').stderr);
  const journal = () => remote.git('rev-parse', 'refs/dit/journal').trim();
  const before = journal();
  const expect = (r: Pushed, why: RegExp) => {
    assert.notEqual(r.code, 0, `${why} expected: ${r.stderr}`);
    assert.match(r.stderr, why);
  };
  expect(push(clone, 'HEAD:refs/for/abcdef0'), /no ticket abcdef0 here/);
  expect(push(clone, 'HEAD:refs/for/no-such-branch'), /no branch "no-such-branch" to target/);
  expect(push(clone, `HEAD:refs/for/${id}`), /already has [0-9a-f]{7} \(patchset 1 revision 1\)/);
  expect(push(clone, 'origin/main:refs/for/new'), /an empty proposal/);
  expect(push(clone, ':refs/for/main'), /cannot be deleted/);
  expect(push(clone, `HEAD:refs/dit/patchsets/x/1`), /refs\/dit\/patchsets\/ is kept by dit/);
  const two = spawnSync('git', ['push', 'origin', 'HEAD:refs/for/main', 'HEAD~0:refs/for/new'], {
    cwd: clone.dir,
    env: clone.env,
    encoding: 'utf8',
  });
  assert.match(two.stderr, /one refs\/for\/ update per push/);
  clone.git('checkout', '-q', '--orphan', 'unrelated');
  clone.git('rm', '-q', '-rf', '.');
  change(clone, 'o', 'orphan\n', 'Unrelated history');
  expect(push(clone, 'HEAD:refs/for/main'), /no common history \(no merge base\)/);
  clone.git('checkout', '-q', 'main');
  change(clone, 'y', '2\n', 'Another');
  expect(
    push(clone, 'HEAD:refs/for/new', [], { DIT_PUSHER_ROLE: 'write' }),
    /anonymous pushes cannot open or update proposals/,
  );
  assert.equal(journal(), before, 'no refusal wrote an entry');
  // a target branch that went away
  clone.git('checkout', '-q', '-b', 'rel', 'main');
  clone.git('push', '-q', 'origin', 'rel');
  change(clone, 'r', 'r\n', 'For rel');
  const relId = shortIdIn(push(clone, 'HEAD:refs/for/rel').stderr);
  clone.git('push', '-q', 'origin', ':rel');
  change(clone, 'r2', 'r\n', 'More for rel');
  expect(push(clone, `HEAD:refs/for/${relId}`), /target branch "rel" does not exist/);
  // a ticket already merged
  remote.ok('close', id, '--status', 'merged');
  clone.git('checkout', '-q', 'main');
  change(clone, 'q', 'q\n', 'Late');
  expect(push(clone, `HEAD:refs/for/${id}`), /already merged; open a new proposal with refs\/for\/main/);
});

test('rewrites: only the author, an earlier pusher, the responsible person or a writer', () => {
  const { remote, clone } = setup();
  change(clone, 'x', '1\n', "Ann's change");
  const id = shortIdIn(
    push(clone, 'HEAD:refs/for/new', [], {
      DIT_PUSHER_NAME: 'Ann Author',
      DIT_PUSHER_EMAIL: 'ann@example.com',
      DIT_PUSHER_ROLE: 'read',
    }).stderr,
  );
  const eve = { DIT_PUSHER_NAME: 'Eve', DIT_PUSHER_EMAIL: 'eve@example.com', DIT_PUSHER_ROLE: 'read' };
  change(clone, 'y', '2\n', 'Eve adds on top');
  const ff = push(clone, `HEAD:refs/for/${id}`, [], eve);
  assert.equal(ff.code, 0, `anyone may add commits: ${ff.stderr}`);
  assert.equal(
    ticketOf(remote, id).current.author.email,
    'eve@example.com',
    'the entry names the pusher from DIT_PUSHER_*',
  );
  clone.git('commit', '-q', '--amend', '-m', 'Mallory rewrites');
  const mallory = push(clone, `HEAD:refs/for/${id}`, [], {
    DIT_PUSHER_NAME: 'Mallory',
    DIT_PUSHER_EMAIL: 'mal@example.com',
    DIT_PUSHER_ROLE: 'read',
  });
  assert.notEqual(mallory.code, 0);
  assert.match(mallory.stderr, /may rewrite it; push your version as a new proposal/);
  assert.equal(push(clone, `HEAD:refs/for/${id}`, [], eve).code, 0, 'an earlier pusher may rewrite');
  clone.git('commit', '-q', '--amend', '-m', 'A writer rewrites');
  assert.equal(
    push(clone, `HEAD:refs/for/${id}`, [], {
      DIT_PUSHER_NAME: 'Wes',
      DIT_PUSHER_EMAIL: 'wes@example.com',
      DIT_PUSHER_ROLE: 'write',
    }).code,
    0,
  );
});

test('a closed, unmerged ticket reopens when a patchset is pushed to it', () => {
  const { remote, clone } = setup();
  change(clone, 'x', '1\n', 'Maybe');
  const id = shortIdIn(push(clone, 'HEAD:refs/for/new').stderr);
  remote.ok('close', id, '--status', 'declined');
  change(clone, 'y', '2\n', 'Better now');
  const r = push(clone, `HEAD:refs/for/${id}`);
  assert.match(r.stderr, /reopened: it was closed but not merged/);
  assert.equal(ticketOf(remote, id).status, 'open');
});

test('dit sync brings pushed proposals to a clone', () => {
  const { clone } = setup();
  change(clone, 'x', '1\n', 'Shared work');
  const id = shortIdIn(push(clone, 'HEAD:refs/for/new').stderr);
  const other = cloneOf(clone.git('remote', 'get-url', 'origin').trim(), BOB);
  other.ok('sync');
  const t = other.json('show', id).ticket;
  assert.equal(t.patchsets[0].revisions[0].type, 'proposal');
  other.git('fetch', '-q', 'origin', `ticket/${id}`);
  assert.equal(other.git('rev-parse', 'FETCH_HEAD').trim(), t.current.tip);
});

test('a retried push of the same commit answers with its proposal ("no new changes"), never a second one', () => {
  const { remote, clone } = setup();
  const tip = change(clone, 'x', '1\n', 'Guard the buffer');
  const first = push(clone, 'HEAD:refs/for/new');
  assert.equal(first.code, 0, first.stderr);
  const id = shortIdIn(first.stderr);
  const proposals = () =>
    remote.json('ls', 'is:proposal', '--all').tickets.map((t: { id: string }) => t.id.slice(0, 7));
  const journal = remote.git('rev-parse', 'refs/dit/journal').trim();
  // the answer was lost (a restart, a dropped connection): the same push again, and again to the branch itself
  for (const refspec of ['HEAD:refs/for/new', 'HEAD:refs/for/main']) {
    const again = push(clone, refspec);
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stderr,
      new RegExp(`#${id}: Guard the buffer — no new changes: patchset 1 revision 1 is already this commit`),
    );
    assert.equal(again.ref, `refs/heads/ticket/${id}`, 'git is told the proposal it has');
  }
  assert.deepEqual(proposals(), [id]);
  assert.equal(remote.git('rev-parse', 'refs/dit/journal').trim(), journal, 'nothing was written');
  assert.equal(remote.git('rev-parse', `refs/heads/ticket/${id}`).trim(), tip);
  // someone else pushing the same commit opens their own; so does a push after the proposal was closed
  const bob = push(clone, 'HEAD:refs/for/new', [], {
    DIT_PUSHER_NAME: 'Bob Builder',
    DIT_PUSHER_EMAIL: 'bob@example.com',
    DIT_PUSHER_ROLE: 'write',
  });
  assert.match(bob.stderr, /new proposal with patchset 1/);
  const bobs = shortIdIn(bob.stderr);
  remote.ok('close', id, '--status', 'abandoned');
  const reopened = push(clone, 'HEAD:refs/for/new');
  assert.match(reopened.stderr, /new proposal with patchset 1/);
  assert.equal(proposals().length, 3);
  assert.notEqual(shortIdIn(reopened.stderr), bobs);
  // dit propose run twice on one branch answers with its proposal too
  const work = cloneOf(remote.dir, ANN);
  work.git('checkout', '-q', '-b', 'mine');
  change(work, 'm', 'm\n', 'Mine');
  const proposed = shortIdIn(work.ok('propose'));
  assert.match(work.ok('propose'), new RegExp(`#${proposed}: Mine — no new changes`));
  assert.deepEqual(
    work
      .json('ls', 'is:proposal', '--all')
      .tickets.filter((t: { title: string }) => t.title === 'Mine')
      .map((t: { id: string }) => t.id.slice(0, 7)),
    [proposed],
  );
});
