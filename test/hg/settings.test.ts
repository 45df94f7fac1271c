// hg's settings as dit reads them (who you are, the editor) and the git-only features answering `unsupported` in hg.

import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/helpers.js';
import { type HgRepo, hgRepoAt, hgSkip, newHgTicket, tempHgRepo } from '../support/hg.js';

const withEnv = (r: HgRepo, env: Record<string, string | undefined>) => hgRepoAt(r.dir, { ...r.env, ...env });
const hgrc = (r: HgRepo, text: string) => writeFileSync(r.env.HGRCPATH!, text);

/** A fake editor: records the buffer it was given, then writes `text` into it. */
function fakeEditor(text: string): { cmd: string; seen: () => string } {
  const dir = tempDir();
  const reply = join(dir, 'reply.txt');
  const seen = join(dir, 'seen.txt');
  writeFileSync(reply, text);
  const script = join(dir, 'editor.sh');
  writeFileSync(script, `#!/bin/sh\ncp "$1" '${seen}'\ncp '${reply}' "$1"\n`);
  chmodSync(script, 0o755);
  return { cmd: script, seen: () => readFileSync(seen, 'utf8') };
}

test('who writes: ui.username, HGUSER over it, and a clear error when hg knows nobody', { skip: hgSkip }, () => {
  const r = tempHgRepo({ empty: true, who: null });
  const nobody = r.dit('new', 'Who am I');
  assert.equal(nobody.code, 8);
  assert.match(nobody.stderr, /Mercurial does not know who you are; set `username = Your Name <you@example.com>`/);
  assert.equal(r.hg('status'), '', 'nothing was written');

  hgrc(r, '[ui]\nusername = Cy Coder <cy@example.com>\n');
  const id = newHgTicket(r, 'Written as ui.username says');
  assert.deepEqual(r.json('show', id).ticket.author, { name: 'Cy Coder', email: 'cy@example.com' });
  const other = withEnv(r, { HGUSER: 'Di Dev <di@example.com>' });
  other.ok('comment', id, 'HGUSER wins over ui.username');
  assert.deepEqual(r.json('show', id).ticket.comments[0].author, { name: 'Di Dev', email: 'di@example.com' });
});

test("the editor: HGEDITOR, then ui.editor, then VISUAL; '#' lines dropped", { skip: hgSkip }, () => {
  const r = tempHgRepo();
  const first = fakeEditor('Crash on save\n\nSteps: open, save.\n# a comment line\n');
  const id = withEnv(r, { HGEDITOR: first.cmd, VISUAL: 'false', EDITOR: 'false' }).ok('new').trim();
  const t = r.json('show', id).ticket;
  assert.equal(t.title, 'Crash on save');
  assert.equal(t.body, 'Steps: open, save.');
  assert.match(first.seen(), /^# Write the title on the first line/m);

  const second = fakeEditor('From ui.editor\n');
  hgrc(r, `[ui]\neditor = ${second.cmd}\n`);
  const id2 = withEnv(r, { VISUAL: 'false', EDITOR: 'false' }).ok('new').trim();
  assert.equal(r.json('show', id2).ticket.title, 'From ui.editor');

  hgrc(r, '');
  const third = fakeEditor('From VISUAL\n');
  const id3 = withEnv(r, { VISUAL: third.cmd, EDITOR: 'false' }).ok('new').trim();
  assert.equal(r.json('show', id3).ticket.title, 'From VISUAL');
});

test('git-only features answer unsupported (exit 15) saying what to do, never a git error', { skip: hgSkip }, () => {
  const r = tempHgRepo();
  const id = newHgTicket(r, 'A ticket', '--commit');
  r.hg('bookmark', 'topic');
  for (const args of [
    ['merge', id],
    ['checkout', id],
    ['hooks', 'install'],
  ]) {
    const res = r.dit(...args);
    assert.equal(res.code, 15, `dit ${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, /needs a git repository and this is a Mercurial working copy; /);
    assert.doesNotMatch(res.stderr, /fatal:|not a git repository|git push|\n\s+at /, 'no git error, no stack');
    const json = r.dit(...args, '--json');
    assert.equal(JSON.parse(json.stdout).error.code, 'unsupported');
  }
  assert.equal(r.hg('status'), '', 'nothing was written');
});
