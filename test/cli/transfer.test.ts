// Export and import: an exact round trip, the reference dataset, and bad input that writes nothing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, ROOT, tempDir, tempRepo } from '../support/helpers.js';

const GEN = join(ROOT, '../shared/bench/gen-dataset.mjs');

test('export, import into an empty repository, export again: the same tickets, ids and all', () => {
  const a = tempRepo();
  a.ok('milestone', 'new', '2.4', '--due', '2027-01-15');
  a.ok('label-def', 'bug', '--color', 'd73a4a', '-d', 'Broken');
  const one = newTicket(a, 'First', '-m', 'body with "quotes" and <b>html</b>', '--label', 'bug', '--milestone', '2.4');
  const two = newTicket(a, 'Second', '--type', 'enhancement', '--shared');
  a.ok('comment', one, 'a comment');
  a.ok('comment', one, 'to be deleted');
  const doomed = a.json('show', one).ticket.comments[1].id as string;
  a.ok('comment', one, '--delete', doomed);
  a.ok('close', two, '-m', 'done');
  a.ok('edit', one, '--priority', 'urgent', '--responsible', 'bob@example.com');
  a.ok('vote', one);
  a.commit('tickets');
  const exported = a.ok('export');
  const lines = exported
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.kind),
    ['ticket', 'ticket', 'milestone', 'label'],
  );

  const b = tempRepo();
  const file = join(tempDir(), 'tickets.jsonl');
  writeFileSync(file, exported);
  assert.match(b.ok('import', file), /imported 2 tickets, 1 milestones, 1 labels/);
  assert.equal(b.git('status', '--porcelain'), '', 'the import is one commit; nothing left staged or missing');
  assert.equal(b.ok('export'), exported);
  assert.deepEqual(b.json('show', one.slice(0, 8)).ticket, a.json('show', one.slice(0, 8)).ticket);
  assert.equal(b.git('rev-list', '--count', 'HEAD').trim(), '2');

  // importing the same export again changes nothing: entries are named by their content
  b.ok('import', file);
  assert.equal(b.ok('export'), exported);
});

test('plain tickets from another tracker (the reference dataset) import with their fields and comments', () => {
  if (!existsSync(GEN)) {
    assert.ok(!process.env.CI, `CI must have ${GEN}`);
    return;
  }
  const dir = tempDir();
  const data = join(dir, 'data.jsonl');
  execFileSync(process.execPath, [GEN, '--tickets', '40', '--out', data], { stdio: 'pipe' });
  const plain = require_lines(data);
  const r = tempRepo();
  assert.match(r.ok('import', data), /imported 40 tickets/);
  const list = r.json('ls', '--all').tickets as {
    title: string;
    status: string;
    comments: number;
    labels: string[];
    milestone: string;
  }[];
  assert.equal(list.length, 40);
  for (const p of plain) {
    const t = list.find((x) => x.title === p.title)!;
    assert.ok(t, p.title);
    assert.equal(t.status, p.status);
    assert.equal(t.comments, p.comments.length);
    assert.deepEqual(t.labels, [...p.labels].sort());
    assert.equal(t.milestone, p.milestone);
  }
  const milestones = r.json('milestone', 'ls', '--all').milestones as { name: string }[];
  assert.deepEqual(milestones.map((m) => m.name).sort(), [...new Set(plain.map((p) => p.milestone))].sort());
  assert.equal(r.git('status', '--porcelain'), '');
});

test('a bad line is reported with its number and nothing is imported', () => {
  const r = tempRepo();
  const head = r.git('rev-parse', 'HEAD');
  const file = join(tempDir(), 'bad.jsonl');
  writeFileSync(file, [JSON.stringify({ title: 'fine', created: '2024-01-01T00:00:00Z' }), '{ not json'].join('\n'));
  let res = r.dit('import', file);
  assert.equal(res.code, 6);
  assert.match(res.stderr, /line 2 is not JSON.*nothing was imported/);
  writeFileSync(
    file,
    [
      JSON.stringify({ title: 'fine', created: '2024-01-01T00:00:00Z' }),
      JSON.stringify({ title: 'bad\ntitle', created: '2024-01-01T00:00:00Z' }),
    ].join('\n'),
  );
  res = r.dit('import', file);
  assert.equal(res.code, 6);
  assert.match(res.stderr, /line 2: .*title: must be one line/);
  res = r.dit('import', join(tempDir(), 'missing.jsonl'));
  assert.equal(res.code, 2);
  assert.match(res.stderr, /cannot read/);
  assert.equal(r.git('rev-parse', 'HEAD'), head);
  assert.equal(r.json('ls', '--all').tickets.length, 0);
});

test('import --shared writes to the journal; a bare repository imports into its journal too', () => {
  const r = tempRepo();
  const file = join(tempDir(), 'one.jsonl');
  writeFileSync(
    file,
    `${JSON.stringify({
      title: 'Shared import',
      created: '2024-01-01T00:00:00Z',
      comments: [{ author: 'bob', created: '2024-01-02T00:00:00Z', body: 'hi' }],
    })}\n`,
  );
  r.ok('import', file, '--shared');
  assert.equal(r.git('status', '--porcelain'), '');
  assert.match(r.git('ls-tree', '-r', '--name-only', 'refs/dit/journal'), /^tickets\//m);
  const t = r.json('ls', '--all', '--branch', 'main').tickets[0];
  assert.equal(t.title, 'Shared import');
  assert.equal(t.comments, 1);
});

function require_lines(
  path: string,
): { title: string; status: string; labels: string[]; milestone: string; comments: unknown[] }[] {
  return execFileSync('cat', [path], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
