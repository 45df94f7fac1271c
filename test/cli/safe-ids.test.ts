// Safe ids: short prefixes are refused with a hint (CLI and API), and history counts only ids that resolve.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { newTicket, ROOT, tempDir, tempRepo } from '../support/helpers.js';

test('an id shorter than four characters is refused with the tickets it would have matched', () => {
  const r = tempRepo();
  const id = newTicket(r, 'First');
  for (const typed of [id[0]!, id.slice(0, 3), `#${id.slice(0, 2)}`]) {
    const res = r.dit('show', typed);
    assert.equal(res.code, 4, res.stderr);
    assert.match(res.stderr, /at least 4 characters/);
    assert.match(res.stderr, new RegExp(`starts the id ${id.slice(0, 7)}`), 'the hint names the ticket it meant');
    assert.equal(res.stdout, '');
  }
  assert.equal(r.json('show', id.slice(0, 4)).ticket.id, id, 'four characters are enough');
  for (const cmd of [
    ['comment', id.slice(0, 3), 'x'],
    ['close', id.slice(0, 3)],
    ['label', id.slice(0, 3), 'x'],
    ['branches', id.slice(0, 3)],
  ]) {
    const res = r.dit(...cmd);
    assert.equal(res.code, 4, `${cmd[0]}: ${res.stderr}`);
  }
  assert.equal(r.json('show', id).ticket.comments.length, 0, 'nothing was written');
});

test('a number like an issue number gets a hint that dit ids are hashes', () => {
  const r = tempRepo();
  newTicket(r, 'First');
  const res = r.dit('show', '42');
  assert.equal(res.code, 4);
  assert.match(res.stderr, /"42" looks like an issue number, but dit ids are hashes/);
  assert.match(r.dit('show', 'zz12').stderr, /not a ticket id/);
});

test('the JSON API and the pages refuse a short id with 404 and the same hint', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Over HTTP', '--commit');
  Object.assign(process.env, r.env);
  const site = new Site(await Store.open(r.dir));
  try {
    const app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: 'a'.repeat(48) });
    const get = (path: string) => app.request(`http://127.0.0.1:4920${path}`, { headers: { host: '127.0.0.1:4920' } });
    const api = await get(`/api/tickets/${id.slice(0, 2)}`);
    assert.equal(api.status, 404);
    const body = (await api.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unknown-ticket');
    assert.match(body.error.message, /at least 4 characters/);
    assert.equal((await get(`/api/tickets/${id.slice(0, 4)}`)).status, 200);
    assert.equal((await get(`/tickets/${id.slice(0, 3)}`)).status, 404);
    assert.equal((await get(`/tickets/${id.slice(0, 4)}`)).status, 200);
  } finally {
    await site.close();
  }
});

/** Imports plain tickets until two ids share their first four characters; returns that prefix and the ids. */
function collision(r: ReturnType<typeof tempRepo>): { prefix: string; ids: string[] } {
  const file = join(tempDir(), 'many.jsonl');
  writeFileSync(
    file,
    `${Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ title: `Ticket ${i}`, created: '2024-01-01T00:00:00Z' }),
    ).join('\n')}\n`,
  );
  r.ok('import', file);
  const all = (r.json('ls', '--all').tickets as { id: string }[]).map((t) => t.id).sort();
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.slice(0, 4) === all[i - 1]!.slice(0, 4))
      return { prefix: all[i]!.slice(0, 4), ids: all.filter((x) => x.startsWith(all[i]!.slice(0, 4))) };
  }
  throw new Error('1200 random ids without a shared 4-character prefix: a one-in-a-billion draw');
}

test('history counts a closing keyword only when it names one ticket of the view; doctor lists the rest', () => {
  const r = tempRepo();
  const { prefix, ids } = collision(r);
  const single = newTicket(r, 'The one to fix', '--commit');
  r.write('a.c', 'one');
  r.commit(`Guard the buffer\n\nfixes #${single.slice(0, 5)}`);
  r.write('a.c', 'two');
  r.commit(`Port a Perforce change\n\nfixes #1489051`);
  r.write('a.c', 'three');
  r.commit(`Ambiguous\n\ncloses #${prefix}`);
  r.write('a.c', 'four');
  r.commit(`Right\n\nresolves #${single.slice(0, 7)}`);
  assert.equal(r.json('show', single).ticket.status, 'fixed', 'the seven-character id closes it');
  for (const id of ids) assert.equal(r.json('show', id).ticket.status, 'new', 'an ambiguous prefix closes nothing');

  const doc = r.dit('doctor');
  assert.equal(doc.code, 1, doc.stderr);
  assert.match(doc.stdout, new RegExp(`#${single.slice(0, 5)} is too short.*write #${single.slice(0, 7)}`));
  assert.match(doc.stdout, /#1489051 is no ticket in the working tree/);
  assert.match(doc.stdout, new RegExp(`#${prefix} is too short.*starts ${ids.length} ids`));
  assert.doesNotMatch(doc.stdout, /resolves #/, 'the good one is not listed');
  const json = JSON.parse(r.dit('doctor', '--json').stdout) as { closing: { problem: string; token: string }[] };
  assert.deepEqual(json.closing.map((c) => c.problem).sort(), ['no-ticket', 'too-short', 'too-short']);
  assert.equal(r.dit('show', prefix).code, 5, 'a four-character prefix of two tickets is ambiguous');
});

test('doctor is quiet and exits 0 when every closing keyword closes something', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Fine', '--commit');
  r.commit(`Fix\n\nfixes #${id.slice(0, 7)}`);
  const res = r.dit('doctor');
  assert.equal(res.code, 0, res.stdout);
  assert.match(res.stdout, /No problems found/);
});

test('a number that an imported ticket had names it (issue 23); one no ticket had is refused as before', () => {
  const r = tempRepo();
  r.ok('import', '--github', join(ROOT, 'test/fixtures/github/issues.json'));
  const seven = r.json('show', 'github#7').ticket;
  for (const typed of ['7', '#7', 'ticket-7', 'GH-7', 'https://github.com/acme/rocket/issues/7'])
    assert.equal(r.json('show', typed).ticket.id, seven.id, typed);
  const res = r.dit('show', '5');
  assert.equal(res.code, 4);
  assert.match(res.stderr, /at least 4 characters/);
  assert.doesNotMatch(res.stderr, /imported ticket/, 'no hint for a number no imported ticket had');
  const gh = r.dit('show', 'GH-5');
  assert.equal(gh.code, 4);
  assert.match(gh.stderr, /no imported ticket had the number 5 in github/);
});
