// The CLI as a user meets it: the README's tour, --json, errors that write nothing, where writes go.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gitEnv, newTicket, repoAt, tempBare, tempDir, tempRepo } from '../support/helpers.js';

test('the tour: new, ls, show, comment, edit, label, close, reopen', () => {
  const r = tempRepo();
  const out = r.ok(
    'new',
    'Crash when saving an empty file',
    '-m',
    'Steps: open, save. cc @bob',
    '--type',
    'bug',
    '--label',
    'bug',
    '--label',
    'editor',
  );
  assert.match(out, /^[0-9a-f]{7}\n$/);
  const short = out.trim();
  const list = r.json('ls');
  assert.equal(list.tickets.length, 1);
  const id = list.tickets[0].id as string;
  assert.ok(id.startsWith(short));
  assert.deepEqual(list.tickets[0].labels, ['bug', 'editor']);
  assert.equal(list.tickets[0].status, 'new');

  r.ok('comment', short, 'Reproduced on 2.3');
  r.ok(
    'edit',
    id.slice(0, 5),
    '--title',
    'Crash on empty save',
    '--priority',
    'high',
    '--severity',
    'serious',
    '--responsible',
    'ann@example.com',
    '--milestone',
    '2.4',
    '--topic',
    'storage',
  );
  r.ok('label', short, '+regression', '-editor');
  r.ok('close', short, '--status', 'fixed', '-m', 'Fixed by guarding the empty buffer');
  let t = r.json('show', short).ticket;
  assert.equal(t.title, 'Crash on empty save');
  assert.equal(t.status, 'fixed');
  assert.equal(t.priority, 'high');
  assert.equal(t.severity, 'serious');
  assert.equal(t.responsible, 'ann@example.com');
  assert.equal(t.milestone, '2.4');
  assert.equal(t.topic, 'storage');
  assert.deepEqual(t.labels, ['bug', 'regression']);
  assert.deepEqual(
    t.comments.map((c: { body: string }) => c.body),
    ['Reproduced on 2.3', 'Fixed by guarding the empty buffer'],
  );
  assert.deepEqual(t.mentions, ['bob']);
  assert.deepEqual(t.participants, ['ann@example.com']);
  assert.equal(t.decidedBy.kind, 'entry');
  assert.equal(r.json('ls').tickets.length, 0, 'closed tickets leave the default list');
  assert.equal(r.json('ls', '--closed').tickets.length, 1);

  r.ok('reopen', short);
  t = r.json('show', short).ticket;
  assert.equal(t.status, 'open');
  const text = r.ok('show', short);
  assert.match(text, /Crash on empty save/);
  assert.match(text, /Reproduced on 2\.3/);
  assert.match(text, /closed this as fixed/);
  assert.match(text, /reopened this/);
});

test('the working tree view is HEAD plus what is staged under .dit/', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Staged, then unstaged');
  assert.equal(r.json('ls').tickets.length, 1);
  r.git('reset', '-q');
  assert.equal(r.json('ls').tickets.length, 0, 'an unstaged entry file is not part of the view');
  r.git('add', '.dit');
  assert.equal(r.json('show', id).ticket.title, 'Staged, then unstaged');
});

test('the branch matrix shows the working tree beside the branches', () => {
  const r = tempRepo();
  r.git('branch', 'release-1');
  const id = newTicket(r, 'Only staged');
  const m = r.json('branches', id);
  assert.equal(m.worktree.status, 'new');
  assert.deepEqual(
    m.rows.map((x: { branch: string; summary: unknown }) => [x.branch, x.summary]),
    [
      ['main', null],
      ['release-1', null],
    ],
  );
  assert.match(r.ok('branches', id), /#[0-9a-f]{7} Only staged\n[\s\S]*\(working tree\)\s+new/);
});

test('writes are staged in .dit/ and go with the next commit', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Staged ticket');
  const staged = r.git('diff', '--cached', '--name-only');
  assert.match(staged, new RegExp(`^\\.dit/tickets/${id}/${id}\\.json$`, 'm'));
  assert.equal(r.json('ls', '--branch', 'main').tickets.length, 0, 'not on main until committed');
  r.git('commit', '-q', '-m', 'add ticket');
  assert.equal(r.json('ls', '--branch', 'main').tickets.length, 1);
});

test('--commit commits only .dit/ paths and leaves other staged changes staged', () => {
  const r = tempRepo();
  r.write('code.txt', 'work in progress\n');
  r.git('add', 'code.txt');
  const before = r.git('rev-parse', 'HEAD').trim();
  const id = newTicket(r, 'Committed at once', '--commit');
  const after = r.git('rev-parse', 'HEAD').trim();
  assert.notEqual(after, before);
  const files = r.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n');
  assert.deepEqual(files, [`.dit/tickets/${id}/${id}.json`]);
  assert.equal(r.git('diff', '--cached', '--name-only').trim(), 'code.txt');
  assert.equal(r.json('ls', '--branch', 'main').tickets.length, 1);
});

test('--shared writes to refs/dit/journal, seen from every branch, nothing staged', () => {
  const r = tempRepo();
  r.git('branch', 'release-1');
  const id = newTicket(r, 'Shared ticket', '--shared');
  assert.equal(r.git('status', '--porcelain').trim(), '');
  assert.match(r.git('ls-tree', '-r', '--name-only', 'refs/dit/journal'), new RegExp(`tickets/${id}/`));
  for (const b of ['main', 'release-1'])
    assert.equal(r.json('show', id.slice(0, 8), '--branch', b).ticket.title, 'Shared ticket');
});

test('a bare repository writes to the shared journal', () => {
  const bare = tempBare();
  const out = bare.ok('new', 'In a bare repo', '-m', 'body');
  const id = out.trim();
  assert.match(bare.git('ls-tree', '-r', '--name-only', 'refs/dit/journal'), new RegExp(`tickets/${id}`));
  assert.equal(bare.json('show', id).ticket.body, 'body');
});

test('errors name the problem and the fix, exit non-zero, and write nothing', () => {
  const r = tempRepo();
  const a = newTicket(r, 'First', '--commit');
  const status = () => r.git('status', '--porcelain') + r.git('rev-parse', 'HEAD');
  const before = status();
  const cases: [string[], number, RegExp][] = [
    [['show', 'ffffffff'], 4, /no ticket ffffffff/],
    [['show', 'xyz'], 4, /not a ticket id/],
    [['comment', 'ffffffff', 'hi'], 4, /no ticket/],
    [['close', a.slice(0, 7), '--status', 'merged'], 6, /a bug cannot be "merged".*fixed/],
    [['new', 'x', '--type', 'feature'], 6, /unknown type "feature".*bug, enhancement/],
    [['new'], 2, /needs a title/],
    [['new', 'multi\nline'], 6, /title: must be one line/],
    [['edit', a.slice(0, 7)], 2, /say what to change/],
    [['ls', '--colour'], 2, /unknown option --colour/],
    [['frobnicate'], 2, /not a dit command/],
    [['shwo', a], 2, /did you mean show/],
    [['ls', '--branch', 'nope'], 4, /no branch or commit named "nope"/],
    [['milestone', 'new', '2.4', '--due', 'soon'], 6, /YYYY-MM-DD/],
    [['label-def', 'bug', '--color', 'red'], 6, /six hex digits/],
    [['comment', a.slice(0, 7), 'x'.repeat(70_000)], 6, /at most 65536/],
  ];
  for (const [args, code, message] of cases) {
    const res = r.dit(...args);
    assert.equal(res.code, code, `dit ${args.join(' ').slice(0, 60)}: ${res.stderr}`);
    assert.match(res.stderr, message, `dit ${args.join(' ').slice(0, 60)}`);
  }
  assert.equal(status(), before, 'nothing was written');
});

test('an ambiguous prefix lists the candidates', () => {
  const r = tempRepo();
  const ids: string[] = [];
  const file = join(tempDir(), 'many.jsonl');
  writeFileSync(
    file,
    `${Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ title: `Ticket ${i}`, created: '2024-01-01T00:00:00Z' }),
    ).join('\n')}\n`,
  );
  r.ok('import', file);
  ids.push(...(r.json('ls', '--all').tickets as { id: string }[]).map((t) => t.id).sort());
  const i = ids.findIndex((id, k) => k > 0 && id.slice(0, 4) === ids[k - 1]!.slice(0, 4));
  assert.ok(i > 0, '1200 ids share some four-character prefix');
  const [x, y] = [ids[i - 1]!, ids[i]!];
  const res = r.dit('show', x.slice(0, 4));
  assert.equal(res.code, 5);
  assert.match(res.stderr, new RegExp(`${x.slice(0, 7)}.*${y.slice(0, 7)}`));
  assert.match(res.stderr, /give more characters/);
});

test('outside a git repository dit says so', () => {
  const dir = tempDir();
  const res = repoAt(dir, gitEnv(dir)).dit('ls');
  assert.equal(res.code, 3);
  assert.match(res.stderr, /not in a git repository.*git init/);
});

test('without an identity, writes explain how to set one', () => {
  const r = tempRepo();
  const env = { ...r.env };
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) delete env[k];
  env.EMAIL = '';
  const anon = repoAt(r.dir, env);
  anon.git('config', 'user.useConfigOnly', 'true');
  const res = anon.dit('new', 'Who am I');
  assert.equal(res.code, 8, res.stderr);
  assert.match(res.stderr, /git config --global user\.email/);
});

test('-h as the value of an option is text, not a request for help', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Flags');
  r.ok('comment', id, '-m', '-h');
  assert.equal(r.json('show', id).ticket.comments[0].body, '-h');
  assert.match(r.ok('comment', '-h'), /usage: dit comment/);
});

test('every command has --help', () => {
  const r = tempRepo();
  const main = r.ok('--help');
  const names = [...main.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]!);
  assert.ok(names.length >= 15, names.join(','));
  for (const name of names) assert.match(r.ok(name, '--help'), new RegExp(`usage: dit ${name}`), name);
});

test('a malformed or future-version entry file is skipped with a warning, never breaking the command', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Sturdy');
  const dir = join(r.dir, '.dit/tickets', id);
  writeFileSync(join(dir, `${'a'.repeat(40)}.json`), '{ not json');
  writeFileSync(
    join(dir, `${'b'.repeat(40)}.json`),
    JSON.stringify({
      v: 99,
      kind: 'comment',
      ticket: id,
      clock: 5,
      time: '2026-01-01T00:00:00Z',
      author: { name: 'x', email: '' },
      body: 'from the future',
    }),
  );
  r.commit('files as a merge from a newer or broken dit might bring them');
  const text = r.dit('show', id.slice(0, 7));
  assert.equal(text.code, 0);
  assert.match(text.stderr, /warning: .*aaaaaaaa.*not valid JSON/);
  assert.match(text.stderr, /warning: .*format version 99/);
  const json = r.json('show', id.slice(0, 7));
  assert.equal(json.ticket.title, 'Sturdy');
  assert.equal(json.warnings.length, 2);
  const ls = r.json('ls');
  assert.equal(ls.tickets.length, 1);
  assert.equal(ls.warnings.length, 2);
});

test('milestones and label definitions', () => {
  const r = tempRepo();
  r.ok('milestone', 'new', '2.4', '--due', '2027-01-15', '-d', 'Winter release');
  assert.equal(r.dit('milestone', 'new', '2.4').code, 7);
  const a = newTicket(r, 'One', '--milestone', '2.4');
  newTicket(r, 'Two', '--milestone', '2.4');
  r.ok('close', a.slice(0, 7));
  let ms = r.json('milestone', 'ls').milestones;
  assert.equal(ms.length, 1);
  assert.deepEqual(
    [ms[0].name, ms[0].due, ms[0].tickets, ms[0].closed, ms[0].description],
    ['2.4', '2027-01-15', 2, 1, 'Winter release'],
  );
  r.ok('milestone', 'edit', '2.4', '--due', '2027-02-01');
  r.ok('milestone', 'close', '2.4');
  assert.equal(r.json('milestone', 'ls').milestones.length, 0);
  ms = r.json('milestone', 'ls', '--all').milestones;
  assert.deepEqual([ms[0].due, ms[0].state], ['2027-02-01', 'closed']);
  assert.match(r.ok('milestone', 'ls', '--closed'), /2\.4\s+closed\s+due 2027-02-01\s+1\/2 closed \(50%\)/);

  r.ok('label-def', 'bug', '--color', 'd73a4a', '--description', 'Something is broken');
  newTicket(r, 'Three', '--label', 'bug');
  const labels = r.json('labels').labels;
  assert.deepEqual(
    labels.map((l: { name: string; color: string; open: number }) => [l.name, l.color, l.open]),
    [['bug', 'd73a4a', 1]],
  );
});

test('comments can be edited (keeping history) and deleted (leaving a tombstone)', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Talk');
  r.ok('comment', id, 'first words');
  const c = r.json('show', id).ticket.comments[0].id as string;
  r.ok('comment', id, '--edit', c.slice(0, 8), 'better words');
  let t = r.json('show', id).ticket;
  assert.equal(t.comments[0].body, 'better words');
  assert.deepEqual(
    t.comments[0].edits.map((e: { body: string }) => e.body),
    ['first words'],
  );
  r.ok('comment', id, '--delete', c.slice(0, 8));
  t = r.json('show', id).ticket;
  assert.equal(t.comments[0].deleted, true);
  assert.equal(t.comments[0].body, '');
  assert.ok(t.timeline.some((i: { kind: string }) => i.kind === 'comment-deleted'));
});

test('watch and vote', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Popular');
  r.ok('watch', id);
  r.ok('vote', id);
  r.as({ name: 'Bob', email: 'bob@example.com' }).ok('vote', id);
  let t = r.json('show', id).ticket;
  assert.deepEqual(t.watchers, ['ann@example.com']);
  assert.deepEqual(t.votes, ['ann@example.com', 'bob@example.com']);
  r.ok('unvote', id);
  t = r.json('show', id).ticket;
  assert.deepEqual(t.votes, ['bob@example.com']);
});

test('deleting .git/dit changes no answer, and a corrupt cache is not trusted', () => {
  const r = tempRepo();
  for (let i = 0; i < 5; i++) newTicket(r, `T${i}`, i % 2 ? '--shared' : '--commit');
  const first = r.ok('ls', '--all', '--json');
  assert.deepEqual(r.ok('ls', '--all', '--json'), first, 'warm equals cold');
  rmSync(join(r.dir, '.git/dit'), { recursive: true, force: true });
  assert.deepEqual(r.ok('ls', '--all', '--json'), first);
  const corrupt = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((n, f) => {
      if (f.isDirectory()) return n + corrupt(join(dir, f.name));
      writeFileSync(join(dir, f.name), '{"version":1,"data":{"broken');
      return n + 1;
    }, 0);
  assert.ok(corrupt(join(r.dir, '.git/dit')) >= 2, 'fold, view and history caches exist');
  assert.deepEqual(r.ok('ls', '--all', '--json'), first);
  mkdirSync(join(r.dir, '.git/dit'), { recursive: true });
  corrupt(join(r.dir, '.git/dit'));
  assert.deepEqual(
    r.ok('ls', '--all', '--json'),
    first,
    'and the view snapshot rewritten after corruption is right too',
  );
  assert.deepEqual(r.ok('ls', '--all', '--json'), first);
});
