// Original numbers of imported tickets against dit's own ids: digits that are both are ambiguous only where
// both exist, how each is then written, and `dit doctor` listing references that resolve to nothing.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Repo, tempDir, tempRepo } from '../support/helpers.js';

type Listed = { tickets: { id: string; status: string; origin: string | null }[] };

function importLines(r: Repo, lines: object[]): void {
  const file = join(tempDir('dit-lines-'), 'tickets.jsonl');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  r.ok('import', file, '--shared');
}

/**
 * Two hundred plain tickets (no origin): their ids are hashes of fixed content, so the same ones start with
 * seven digits on every run. Then an imported ticket whose original number is exactly those digits.
 */
function collision(): { r: Repo; own: string; digits: string; imported: string } {
  const r = tempRepo();
  importLines(
    r,
    Array.from({ length: 200 }, (_, i) => ({ title: `Plain ticket ${i}`, created: '2020-01-01T00:00:00Z' })),
  );
  const own = r
    .json<Listed>('ls', '--all')
    .tickets.map((t) => t.id)
    .sort()
    .find((id) => /^\d{7}/.test(id));
  assert.ok(own, 'one of the two hundred ids starts with seven digits');
  const digits = own.slice(0, 7);
  importLines(r, [{ title: 'From redmine', origin: `redmine#${Number(digits)}`, created: '2020-01-02T00:00:00Z' }]);
  const imported = r.json<Listed>('ls', '--all').tickets.find((t) => t.origin === `redmine#${Number(digits)}`)!.id;
  return { r, own, digits, imported };
}

test('digits that start a dit id and were an imported number: ambiguous, and how to write each', () => {
  const { r, own, digits, imported } = collision();
  const n = String(Number(digits)); // the number as the tracker wrote it
  const e = r.dit('show', digits, '--json');
  assert.equal(e.code, 5, 'ambiguous-id');
  const err = JSON.parse(e.stdout).error;
  assert.equal(err.code, 'ambiguous-id');
  assert.deepEqual(err.data.candidates.sort(), [own, imported].sort());
  assert.match(err.message, /imported as redmine#/);
  assert.match(err.message, /more characters of a dit id/);
  // each written so it can only mean one
  assert.equal(r.json('show', own.slice(0, 9)).ticket.id, own);
  assert.equal(r.json('show', `ticket-${n}`).ticket.id, imported);
  assert.equal(r.json('show', `redmine#${n}`).ticket.id, imported);

  // in commit messages alike: the ambiguous one closes neither, the precise ones close theirs
  r.write('a.txt', 'a\n');
  r.commit(`Fix the first thing\n\nfixes #${digits}`);
  let status = new Map(r.json<Listed>('ls', '--all').tickets.map((t) => [t.id, t.status]));
  assert.equal(status.get(own), 'new');
  assert.equal(status.get(imported), 'new');
  const doctor = r.dit('doctor', '--json');
  assert.equal(doctor.code, 1);
  const found = JSON.parse(doctor.stdout);
  assert.deepEqual(
    found.closing.map((c: { token: string; problem: string; candidates: string[] }) => [
      c.token,
      c.problem,
      [...c.candidates].sort(),
    ]),
    [[digits, 'several-tickets', [own, imported].sort()]],
  );
  r.write('b.txt', 'b\n');
  r.commit(`Fix the second thing\n\nfixes #${own.slice(0, 9)}, closes ticket-${n}`);
  status = new Map(r.json<Listed>('ls', '--all').tickets.map((t) => [t.id, t.status]));
  assert.equal(status.get(own), 'resolved');
  assert.equal(status.get(imported), 'resolved');
  // without an imported ticket of that number, the digits are the dit id's as ever
  const plain = tempRepo();
  importLines(plain, [{ title: 'Alone', created: '2020-01-01T00:00:00Z' }]);
  const id = plain.json<Listed>('ls', '--all').tickets[0]!.id;
  assert.equal(plain.json('show', id.slice(0, 7)).ticket.id, id);
});

test('dit doctor lists references that resolve to nothing, and statuses naming commits the repository lacks', () => {
  const r = tempRepo();
  const missing = 'dead'.repeat(10);
  importLines(r, [
    { title: 'Gitblit five', origin: 'gitblit#5', created: '2020-01-01T00:00:00Z' },
    { title: 'GitHub five', origin: 'github#5', created: '2020-01-01T00:00:00Z' },
    {
      title: 'Fixed where?',
      type: 'bug',
      status: 'fixed',
      origin: 'gitblit#6',
      commit: missing,
      created: '2020-01-01T00:00:00Z',
      closed: '2020-01-02T00:00:00Z',
    },
  ]);
  r.write('a.txt', 'a\n');
  const unknown = r.commit('Tidy\n\nSee GH-4242 and ticket-777; fixes https://github.com/acme/w/issues/9999');
  r.write('b.txt', 'b\n');
  const twice = r.commit('Tidy more, see #5');
  const doctor = r.dit('doctor', '--json');
  assert.equal(doctor.code, 1);
  const found = JSON.parse(doctor.stdout);
  assert.deepEqual(
    found.references.map((x: { commit: string; ref: string; problem: string }) => [x.commit, x.ref, x.problem]).sort(),
    [
      [unknown, 'GH-4242', 'no-ticket'],
      [unknown, '#777', 'no-ticket'],
      [unknown, 'GH-9999', 'no-ticket'],
      [twice, '#5', 'several-tickets'],
    ].sort(),
  );
  assert.deepEqual(
    found.evidence.map((x: { origin: string; commit: string }) => [x.origin, x.commit]),
    [['gitblit#6', missing]],
  );
  // a status naming a commit the repository lacks cannot be placed: it holds as stored, everywhere
  const listed = r.json<Listed>('ls', '--all').tickets.find((t) => t.origin === 'gitblit#6')!;
  assert.equal(listed.status, 'fixed');
  const text = r.dit('doctor').stdout;
  assert.match(text, /References that name no ticket, or several.*\(4\)/);
  assert.match(text, /gitblit#6: its fixed status names commit deaddeadde, which this repository does not have/);
});
