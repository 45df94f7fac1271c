// A git repository's tickets exported and imported into an hg working copy: every ticket's JSON is the same on both sides.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, tempDir, tempRepo } from '../support/helpers.js';
import { hgSkip, tempHgRepo } from '../support/hg.js';

test('dit export in git, dit import in hg: every ticket, milestone and label reads back alike', {
  skip: hgSkip,
}, () => {
  const g = tempRepo();
  g.ok('label-def', 'ui', '--color', '1d76db', '-d', 'The web UI', '--commit');
  g.ok('milestone', 'new', 'v1.0', '--due', '2030-01-01', '--commit');
  const a = newTicket(g, 'Crash on save', '--type', 'bug', '--label', 'ui', '--milestone', 'v1.0', '--commit');
  const b = newTicket(g, 'Dark mode', '--type', 'enhancement', '--priority', 'high', '--commit');
  const c = newTicket(g, 'Shared question', '--type', 'question', '--shared');
  g.ok('comment', a, 'It happens with **empty** files', '--commit');
  g.ok('comment', a, 'and with unicode names ✓', '--shared');
  g.ok('label', a, '+ui', '--commit');
  g.ok('watch', b, '--commit');
  g.ok('close', b, '--status', 'wontfix', '-m', 'Not now', '--commit');
  g.ok('vote', c, '--shared');
  const exported = g.ok('export');
  const file = join(tempDir(), 'tickets.jsonl');
  writeFileSync(file, exported);

  const h = tempHgRepo();
  const imported = h.json('import', file);
  assert.equal(imported.tickets, 3);
  assert.equal(h.hg('status'), '', 'the import is one commit, nothing left over');
  assert.match(h.hg('log', '-r', '.', '-T', '{desc}'), /import 3 tickets/);

  const ids = (r: typeof g | typeof h) =>
    r
      .json('ls', '--all')
      .tickets.map((t: { id: string }) => t.id)
      .sort();
  assert.deepEqual(ids(h), ids(g), 'the same tickets');
  for (const id of [a, b, c]) {
    const want = g.json('show', id).ticket;
    const got = h.json('show', id).ticket;
    assert.deepEqual(got, want, `ticket ${id.slice(0, 7)} reads the same in hg`);
  }
  assert.deepEqual(h.json('milestone', 'ls'), g.json('milestone', 'ls'));
  assert.deepEqual(h.json('labels'), g.json('labels'));
  assert.equal(h.ok('export'), exported, 'and exports byte for byte alike');
});
