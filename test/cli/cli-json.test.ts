// Scripts never parse text: every writing command takes --json and answers with what it changed; errors too.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cloneOf, newTicket, tempBare, tempDir, tempRepo } from '../support/helpers.js';

interface Changed {
  ticket: { id: string; status: string; labels: string[]; comments: { id: string; body: string; deleted: boolean }[] };
  entry: string | null;
  changed: boolean;
  warnings: unknown[];
}

test('comment, edit, label, close, reopen, watch and vote --json return the changed ticket', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Crash when saving');
  const short = id.slice(0, 7);
  let c = r.json<Changed>('comment', short, 'Reproduced');
  assert.equal(c.ticket.id, id);
  assert.equal(c.changed, true);
  assert.match(c.entry!, /^[0-9a-f]{40}$/);
  assert.deepEqual(
    c.ticket.comments.map((x) => x.body),
    ['Reproduced'],
  );
  const commentId = c.ticket.comments[0]!.id;
  c = r.json<Changed>('comment', short, '--edit', commentId.slice(0, 7), 'Reproduced on 2.3');
  assert.equal(c.ticket.comments[0]!.body, 'Reproduced on 2.3');
  c = r.json<Changed>('comment', short, '--delete', commentId.slice(0, 7));
  assert.equal(c.ticket.comments[0]!.deleted, true);
  const e = r.json<Changed & { ticket: { priority: string; responsible: string } }>(
    'edit',
    short,
    '--priority',
    'high',
    '--responsible',
    'ann@example.com',
  );
  assert.equal(e.ticket.priority, 'high');
  assert.equal(e.ticket.responsible, 'ann@example.com');
  assert.deepEqual(r.json<Changed>('label', short, '+ui', '+regression').ticket.labels, ['regression', 'ui']);
  assert.equal(r.json<Changed>('close', short, '--status', 'wontfix').ticket.status, 'wontfix');
  assert.equal(r.json<Changed>('reopen', short).ticket.status, 'open');
  const w = r.json<Changed & { ticket: { watchers: string[] } }>('watch', short);
  assert.deepEqual(w.ticket.watchers, ['ann@example.com']);
  assert.deepEqual(r.json<Changed & { ticket: { watchers: string[] } }>('unwatch', short).ticket.watchers, []);
  assert.equal(r.json<Changed & { ticket: { votes: string[] } }>('vote', short).ticket.votes.length, 1);
  assert.equal(r.json<Changed & { ticket: { votes: string[] } }>('unvote', short).ticket.votes.length, 0);
  // a write that changes nothing says so, with the ticket as it is
  const same = r.json<Changed>('label', short, '+ui');
  assert.equal(same.changed, false);
  assert.equal(same.entry, null);
  assert.deepEqual(same.ticket.labels, ['regression', 'ui']);
  // --shared: the ticket as the working tree sees it, the shared entry included
  assert.equal(r.json<Changed>('close', short, '--shared').ticket.status, 'fixed');
});

test('milestone, label-def, import and sync --json; errors come as JSON on stdout with the exit code', () => {
  const r = tempRepo();
  const m = r.json<{ milestone: { name: string; due: string | null; state: string }; changed: boolean }>(
    'milestone',
    'new',
    '2.4',
    '--due',
    '2027-01-15',
  );
  assert.deepEqual(
    [m.milestone.name, m.milestone.due, m.milestone.state, m.changed],
    ['2.4', '2027-01-15', 'open', true],
  );
  assert.equal(r.json<typeof m>('milestone', 'close', '2.4').milestone.state, 'closed');
  assert.equal(r.json<typeof m>('milestone', 'reopen', '2.4').milestone.state, 'open');
  assert.equal(r.json<typeof m>('milestone', 'edit', '2.4', '--name', '2.5').milestone.name, '2.5');
  const l = r.json<{ label: { name: string; color: string } }>('label-def', 'bug', '--color', 'd73a4a');
  assert.deepEqual([l.label.name, l.label.color], ['bug', 'd73a4a']);

  const file = join(tempDir(), 't.jsonl');
  writeFileSync(file, `${JSON.stringify({ title: 'Imported', created: '2024-01-01T00:00:00Z' })}\n`);
  const imp = r.json<{ tickets: number; commit: string }>('import', file);
  assert.equal(imp.tickets, 1);
  assert.match(imp.commit, /^[0-9a-f]{40}$/);

  const bare = tempBare();
  r.git('remote', 'add', 'origin', bare.dir);
  newTicket(r, 'Shared one', '--shared');
  const s = r.json<{ remote: string; pushed: boolean }>('sync', 'origin');
  assert.equal(s.remote, 'origin');
  assert.equal(s.pushed, true);
  const other = cloneOf(bare.dir);
  assert.equal(other.json<{ merged: string }>('sync').merged, 'fast-forward');

  for (const args of [
    ['comment', 'abcd123', 'text'],
    ['close', 'zz'],
    ['label', 'abcd123', '+x'],
    ['milestone', 'close', 'nope'],
  ]) {
    const res = r.dit(...args, '--json');
    assert.notEqual(res.code, 0, args.join(' '));
    const body = JSON.parse(res.stdout) as { error: { code: string; message: string } };
    assert.match(body.error.code, /^[a-z-]+$/, args.join(' '));
    assert.ok(body.error.message.length > 10);
  }
});

test('every command has --help', () => {
  const r = tempRepo();
  const names = [...r.ok('--help').matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
  assert.ok(names.length > 25, `commands listed: ${names.join(' ')}`);
  for (const name of names) {
    const res = r.dit(name, '--help');
    assert.equal(res.code, 0, name);
    assert.match(res.stdout, /^usage: /, name);
    assert.match(res.stdout, /--color/, `${name} lists the common options`);
  }
});

test('propose, review, merge and checkout --json return the ticket in the shape of the other writes', () => {
  const bare = tempBare();
  const r = cloneOf(bare.dir);
  r.write('README', 'a project\n');
  r.commit('initial commit');
  r.git('push', '-q', 'origin', 'main');
  r.git('checkout', '-q', '-b', 'my-change');
  r.write('x.txt', 'x\n');
  const tip = r.commit('Make x');
  type Proposal = Changed & {
    id: string;
    created: boolean;
    branch: string;
    target: string;
    entries: string[];
    ticket: { type: string; title: string; current: { tip: string } };
  };
  const p = r.json<Proposal>('propose');
  assert.equal(p.ticket.id, p.id, 'the id stays beside the ticket for scripts that read it');
  assert.deepEqual(
    [p.ticket.type, p.ticket.title, p.ticket.current.tip, p.changed, p.created, p.target],
    ['proposal', 'Make x', tip, true, true, 'main'],
  );
  assert.equal(p.branch, `refs/heads/ticket/${p.id.slice(0, 7)}`);
  assert.match(p.entry!, /^[0-9a-f]{40}$/);
  assert.equal(p.entries.at(-1), p.entry);
  assert.deepEqual(p.warnings, []);
  const short = p.id.slice(0, 7);

  type Reviewed = Changed & {
    id: string;
    patchset: number;
    revision: number;
    score: number;
    ticket: { review: string };
  };
  const v = r.json<Reviewed>('review', short, '--approve', '--shared');
  assert.deepEqual([v.id, v.patchset, v.revision, v.score, v.changed], [p.id, 1, 1, 2, true]);
  assert.equal(v.ticket.review, 'approved', 'the ticket with the review counted');
  assert.match(v.entry!, /^[0-9a-f]{40}$/);

  type Merged = Changed & { id: string; target: string; commit: string; fastForward: boolean; patchset: number | null };
  const m = r.json<Merged>('merge', short);
  assert.equal(m.ticket.status, 'merged', 'as the target branch has it');
  assert.deepEqual([m.id, m.target, m.changed, m.entry, m.patchset], [p.id, 'main', true, null, null]);
  assert.equal(m.commit, r.git('rev-parse', 'main').trim());

  const other = cloneOf(bare.dir);
  r.ok('sync');
  other.ok('sync');
  const c = other.json<{
    ticket: { id: string; title: string };
    branch: string;
    tip: string;
    patchset: number;
    warnings: [];
  }>('checkout', short);
  assert.deepEqual(
    [c.ticket.id, c.ticket.title, c.branch, c.tip, c.patchset],
    [p.id, 'Make x', `ticket/${short}`, tip, 1],
  );
  assert.equal(other.git('rev-parse', 'HEAD').trim(), tip);
});
