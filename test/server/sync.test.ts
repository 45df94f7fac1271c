// `dit sync` against a real `dit server`: three clones converge through it, and the server refuses
// journal pushes that would lose or forge entries (pre-receive), telling the pusher to run `dit sync`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIT, tempDir } from '../support/helpers.js';
import { git, gitAs, gitOk, PEOPLE, type Person, type RunningServer, startHosted } from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;

before(async () => {
  ({ root, srv } = await startHosted({ 'tools/editor': { grants: { ann: 'write', bob: 'write', cy: 'write' } } }));
});
after(async () => {
  await srv.stop();
});

function clone(p: Person) {
  const env = gitAs(p);
  const dir = join(tempDir(), 'c');
  gitOk(env, '/', 'clone', '-q', `${srv.url}tools/editor.git`, dir);
  const dit = (...args: string[]) => {
    const r = spawnSync(process.execPath, [DIT, ...args], { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dit ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  return { env, dir, dit, git: (...a: string[]) => git(env, dir, ...a) };
}

test('three clones write to one ticket and sync through the server: all show the same ticket', () => {
  const [a, b, c] = [clone(PEOPLE.ann), clone(PEOPLE.bob), clone(PEOPLE.cy)];
  const id = JSON.parse(a.dit('new', 'Shared ticket', '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  b.dit('sync');
  c.dit('sync');
  a.dit('comment', id, 'from ann', '--shared');
  b.dit('comment', id, 'from bob', '--shared');
  b.dit('label', id, '+ui', '--shared');
  c.dit('edit', id, '--priority', 'high', '--shared');
  for (const x of [a, b, c, a, b]) x.dit('sync');
  const shown = [a, b, c].map((x) => JSON.parse(x.dit('show', id, '--json')).ticket);
  assert.deepEqual(shown[0].comments.map((k: { body: string }) => k.body).sort(), ['from ann', 'from bob']);
  assert.equal(shown[0].priority, 'high');
  assert.deepEqual(shown[0].labels, ['ui']);
  assert.deepEqual(shown[1], shown[0]);
  assert.deepEqual(shown[2], shown[0]);
  // the server's page shows the same ticket, comments written by their accounts' clones
  const server = gitOk(
    gitAs(PEOPLE.admin),
    '/',
    '--git-dir',
    join(root, 'tools/editor.git'),
    'rev-parse',
    'refs/dit/journal',
  ).trim();
  assert.equal(server, a.git('rev-parse', 'refs/dit/journal').stdout.trim());
});

test('a journal push that deletes an entry, rewrites history or adds a forged entry is refused with "run dit sync"', () => {
  const a = clone(PEOPLE.ann);
  const id = JSON.parse(a.dit('new', 'Keep me', '--shared', '--json')).ticket.id as string;
  a.dit('comment', id, 'a comment', '--shared');
  a.dit('sync');
  const before = a.git('rev-parse', 'refs/dit/journal').stdout.trim();
  // delete the comment's entry file in a new journal commit on top
  const tree = a.git('ls-tree', '-r', 'refs/dit/journal').stdout.trim().split('\n');
  const keep = tree.filter((l) => !l.includes(id) || l.includes(`${id}.json`)).map((l) => l.replace(/\t(.*)$/, '\t$1'));
  assert.ok(keep.length < tree.length, 'something to delete');
  const idx = join(a.dir, '.git', 'tmp-index');
  const envIdx = { ...a.env, GIT_INDEX_FILE: idx };
  gitOk(envIdx, a.dir, 'read-tree', '--empty');
  for (const line of keep) {
    const [meta, path] = line.split('\t') as [string, string];
    const [mode, , oid] = meta.split(' ');
    gitOk(envIdx, a.dir, 'update-index', '--add', '--cacheinfo', `${mode},${oid},${path}`);
  }
  const newTree = gitOk(envIdx, a.dir, 'write-tree').trim();
  const deleting = gitOk(a.env, a.dir, 'commit-tree', newTree, '-p', before, '-m', 'drop an entry').trim();
  const pushDelete = a.git('push', 'origin', `${deleting}:refs/dit/journal`);
  assert.notEqual(pushDelete.code, 0);
  assert.match(pushDelete.stderr, /deleted[\s\S]*dit sync/);

  // a rewrite (not a fast-forward), forced
  const orphan = gitOk(a.env, a.dir, 'commit-tree', newTree, '-m', 'rewritten').trim();
  const pushForce = a.git('push', '--force', 'origin', `${orphan}:refs/dit/journal`);
  assert.notEqual(pushForce.code, 0);
  assert.match(pushForce.stderr, /only move forward[\s\S]*dit sync/);

  // a forged entry: a file whose name is not its content's hash
  gitOk(envIdx, a.dir, 'read-tree', before);
  gitOk(
    envIdx,
    a.dir,
    'update-index',
    '--add',
    '--cacheinfo',
    `100644,${a.git('rev-parse', `${before}:tickets/${id}/${id}.json`).stdout.trim()},tickets/${id}/${'0'.repeat(40)}.json`,
  );
  const forged = gitOk(
    a.env,
    a.dir,
    'commit-tree',
    gitOk(envIdx, a.dir, 'write-tree').trim(),
    '-p',
    before,
    '-m',
    'forged',
  ).trim();
  const pushForged = a.git('push', 'origin', `${forged}:refs/dit/journal`);
  assert.notEqual(pushForged.code, 0);
  assert.match(pushForged.stderr, /not the hash of its content/);

  // deleting the journal
  const pushDel = a.git('push', 'origin', ':refs/dit/journal');
  assert.notEqual(pushDel.code, 0);
  assert.match(pushDel.stderr, /may not be deleted/);

  // nothing changed on the server, and an ordinary push of code still works
  assert.equal(
    gitOk(a.env, '/', '--git-dir', join(root, 'tools/editor.git'), 'rev-parse', 'refs/dit/journal').trim(),
    before,
  );
  a.git('commit', '--allow-empty', '-q', '-m', 'code');
  assert.equal(a.git('push', '-q', 'origin', 'HEAD:refs/heads/feature').code, 0);
});

test('dit gc packs the journal; the sync that pushes the pack (deleting the packed files) is accepted', () => {
  const a = clone(PEOPLE.ann);
  a.dit('sync');
  const id = JSON.parse(a.dit('new', 'To be packed', '--shared', '--json')).ticket.id as string;
  for (let i = 0; i < 3; i++) a.dit('comment', id, `c${i}`, '--shared');
  a.dit('sync');
  const r = spawnSync(process.execPath, [DIT, 'gc'], { cwd: a.dir, env: a.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const packed = a.git('ls-tree', '-r', '--name-only', 'refs/dit/journal').stdout;
  if (!/pack-[0-9a-f]{40}\.json/.test(packed)) return assert.fail(`dit gc made no pack in the journal:\n${packed}`);
  a.dit('sync');
  const b = clone(PEOPLE.bob);
  b.dit('sync');
  assert.deepEqual(
    JSON.parse(b.dit('show', id, '--json')).ticket.comments.map((k: { body: string }) => k.body),
    ['c0', 'c1', 'c2'],
  );
});
