// The shared journal packs a ticket's entry files by itself once they are many; concurrent writers lose nothing.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { DIT, newTicket, type Repo, tempRepo } from '../../../test/support/helpers.js';
import { addComment } from '../ops/tickets.js';
import { Store } from '../store.js';
import { AUTO_PACK_FILES } from './compact.js';

const files = (r: Repo, id: string) =>
  r.git('ls-tree', '--name-only', `refs/dit/journal:tickets/${id}`).trim().split('\n').filter(Boolean);

test(`a shared journal with ${AUTO_PACK_FILES} files for a ticket becomes one pack, and every comment stays`, async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Busy shared ticket', '--shared');
  Object.assign(process.env, r.env);
  const store = await Store.open(r.dir);
  try {
    for (let i = 1; i < AUTO_PACK_FILES - 1; i++)
      await addComment(store, await store.view(), id, `comment ${i}`, { store: 'shared' });
    assert.equal(files(r, id).length, AUTO_PACK_FILES - 1, 'below the threshold: files as written');
    await addComment(store, await store.view(), id, `comment ${AUTO_PACK_FILES - 1}`, { store: 'shared' });
  } finally {
    await store.close();
  }
  const after = files(r, id);
  assert.equal(after.length, 1, after.join(', '));
  assert.match(after[0]!, /^pack-[0-9a-f]{40}\.json$/);
  assert.equal(r.git('log', '-1', '--format=%s', 'refs/dit/journal').trim(), 'dit: pack the entries of 1 journal');
  const shown = r.json('show', id.slice(0, 7)).ticket;
  assert.deepEqual(
    shown.comments.map((c: { body: string }) => c.body),
    Array.from({ length: AUTO_PACK_FILES - 1 }, (_, i) => `comment ${i + 1}`),
  );
  r.ok('comment', id.slice(0, 7), 'after the pack', '--shared');
  assert.equal(files(r, id).length, 2, 'a new entry is a file beside the pack');
  assert.equal(r.json('show', id.slice(0, 7)).ticket.comments.length, AUTO_PACK_FILES);
});

test('writers racing past the threshold keep every entry, whoever packs', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Raced', '--shared');
  const writer = (who: string, n: number) =>
    new Promise<void>((done, fail) => {
      const script = `for i in $(seq ${n}); do node ${JSON.stringify(DIT)} comment ${id.slice(0, 7)} "${who} $i" --shared >/dev/null || exit 1; done`;
      const child = spawn('sh', ['-c', script], { cwd: r.dir, env: r.env, stdio: 'ignore' });
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${who} exited ${code}`))));
    });
  const n = Math.ceil(AUTO_PACK_FILES / 2) + 2;
  await Promise.all([writer('a', n), writer('b', n)]);
  const bodies = r
    .json('show', id.slice(0, 7))
    .ticket.comments.map((c: { body: string }) => c.body)
    .sort();
  const want = ['a', 'b'].flatMap((w) => Array.from({ length: n }, (_, i) => `${w} ${i + 1}`)).sort();
  assert.deepEqual(bodies, want);
  assert.ok(
    files(r, id).some((f) => f.startsWith('pack-')),
    'packed on the way',
  );
  assert.ok(files(r, id).length < AUTO_PACK_FILES, files(r, id).join(', '));
});
