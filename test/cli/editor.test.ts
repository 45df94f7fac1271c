// The editor for new, comment and edit --body: git's choice of editor, # lines stripped, empty aborts; templates.

import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, type Repo, repoAt, tempDir, tempRepo } from '../support/helpers.js';

/** A fake editor: records the buffer it was given, then writes `text` (or leaves the buffer when null). */
function fakeEditor(text: string | null): { cmd: string; seen: () => string } {
  const dir = tempDir();
  const out = join(dir, 'reply.txt');
  const seen = join(dir, 'seen.txt');
  if (text !== null) writeFileSync(out, text);
  const script = join(dir, 'editor.sh');
  writeFileSync(script, `#!/bin/sh\ncp "$1" '${seen}'\n${text === null ? '' : `cp '${out}' "$1"\n`}`);
  chmodSync(script, 0o755);
  return { cmd: script, seen: () => readFileSync(seen, 'utf8') };
}
const withEnv = (r: Repo, env: Record<string, string | undefined>) => repoAt(r.dir, { ...r.env, ...env });

test('dit new without a title opens GIT_EDITOR: first line the title, # lines dropped', () => {
  const r = tempRepo();
  const ed = fakeEditor('Crash on save\n\nSteps: open, save.\n# this line is a comment\n\n');
  const out = withEnv(r, { GIT_EDITOR: ed.cmd }).ok('new', '--label', 'ui');
  const t = r.json('show', out.trim()).ticket;
  assert.equal(t.title, 'Crash on save');
  assert.equal(t.body, 'Steps: open, save.');
  assert.deepEqual(t.labels, ['ui']);
  assert.match(ed.seen(), /^# Write the title on the first line/m, 'the buffer explains itself in comment lines');
});

test('an empty text aborts with nothing written; a failing editor too', () => {
  const r = tempRepo();
  const before = r.git('status', '--porcelain');
  const empty = withEnv(r, { GIT_EDITOR: fakeEditor('# only a comment\n\n').cmd }).dit('new');
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /aborted: no title was written/);
  const failing = withEnv(r, { GIT_EDITOR: 'false' }).dit('new');
  assert.equal(failing.code, 2);
  assert.match(failing.stderr, /the editor \(false\) exited with status 1; nothing was written/);
  assert.equal(r.git('status', '--porcelain'), before);
  assert.equal(r.json('ls', '--all').tickets.length, 0);
});

test("git's order: GIT_EDITOR, then core.editor, then VISUAL, then EDITOR", () => {
  const r = tempRepo();
  const [a, b, c, d] = ['from GIT_EDITOR', 'from core.editor', 'from VISUAL', 'from EDITOR'].map(
    (t) => fakeEditor(`${t}\n`).cmd,
  );
  const title = (env: Record<string, string | undefined>) =>
    r.json('show', withEnv(r, env).ok('new').trim()).ticket.title;
  const base = { GIT_EDITOR: undefined, VISUAL: undefined, EDITOR: undefined, TERM: 'xterm' };
  assert.equal(title({ ...base, EDITOR: d }), 'from EDITOR');
  assert.equal(title({ ...base, VISUAL: c, EDITOR: d }), 'from VISUAL');
  r.git('config', 'core.editor', b!);
  assert.equal(title({ ...base, VISUAL: c, EDITOR: d }), 'from core.editor');
  assert.equal(title({ ...base, GIT_EDITOR: a, VISUAL: c, EDITOR: d }), 'from GIT_EDITOR');
});

test('dit comment ID and dit edit ID --body open the editor; edit starts from the current description', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Editable', '-m', 'Old description');
  withEnv(r, { GIT_EDITOR: fakeEditor('Reproduced on 2.3\n# dropped\n').cmd }).ok('comment', id);
  assert.deepEqual(
    r.json('show', id).ticket.comments.map((c: { body: string }) => c.body),
    ['Reproduced on 2.3'],
  );
  const ed = fakeEditor('New description\n\nwith two paragraphs\n');
  withEnv(r, { GIT_EDITOR: ed.cmd }).ok('edit', id, '--body');
  assert.match(ed.seen(), /^Old description\n/, 'the buffer holds the current description');
  assert.equal(r.json('show', id).ticket.body, 'New description\n\nwith two paragraphs');
  const res = withEnv(r, { GIT_EDITOR: fakeEditor('\n# nothing\n').cmd }).dit('comment', id);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /aborted: the comment is empty/);
  assert.equal(r.json('show', id).ticket.comments.length, 1);
});

test('templates: front matter sets type and labels; --template with a title, or in the editor', () => {
  const r = tempRepo();
  r.write(
    '.dit/templates/bug.md',
    '---\nname: Bug report\nabout: Something is broken\ntitle: "[bug] "\ntype: bug\nlabels: bug, triage\npriority: high\n---\n**Steps to reproduce**\n\n1. \n',
  );
  r.write('.dit/templates/idea.md', '---\nname: Idea\ntype: enhancement\n---\nWhat would it make possible?\n');
  r.commit('ticket templates');
  const t = r.json('new', 'Crash on save', '--template', 'bug').ticket;
  assert.deepEqual(
    [t.type, t.labels, t.priority, t.body],
    ['bug', ['bug', 'triage'], 'high', '**Steps to reproduce**\n\n1. \n'],
    'the body is the template as written',
  );
  const ed = fakeEditor(null); // leaves the buffer as dit wrote it: the template's title and body
  const out = withEnv(r, { GIT_EDITOR: ed.cmd }).ok('new', '--template', 'idea', '--label', 'x');
  const u = r.json('show', out.trim()).ticket;
  assert.equal(u.type, 'enhancement');
  assert.deepEqual(u.labels, ['x']);
  assert.match(ed.seen(), /Template "idea", type enhancement/);
  const missing = r.dit('new', 'x', '--template', 'nope');
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /no ticket template "nope" \(templates here: bug, idea\)/);
});

test('the new-ticket page offers the templates and fills the form from the one chosen', async () => {
  const r = tempRepo();
  r.write(
    '.dit/templates/bug.md',
    '---\nname: Bug report\nabout: Something is broken\ntitle: "[bug] "\ntype: task\nlabels: triage\n---\n**Steps to reproduce**\n',
  );
  r.commit('a template');
  Object.assign(process.env, r.env);
  const { Store } = await import('../../src/store/store.js');
  const { Site } = await import('../../src/web/site.js');
  const { createApp } = await import('../../src/web/app.js');
  const { allowedHosts } = await import('../../src/web/security.js');
  const site = new Site(await Store.open(r.dir));
  try {
    const app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: 'a'.repeat(48) });
    const get = async (path: string) =>
      (await app.request(`http://127.0.0.1:4920${path}`, { headers: { host: '127.0.0.1:4920' } })).text();
    const blank = await get('/tickets/new');
    assert.match(blank, /Start from a template:.*href="\/tickets\/new\?template=bug"[^>]*>Bug report</s);
    const filled = await get('/tickets/new?template=bug');
    assert.match(filled, /name="title"[^>]*value="\[bug\] "/);
    assert.match(filled, /\*\*Steps to reproduce\*\*/);
    assert.match(filled, /<option value="task" selected/);
    assert.match(filled, /name="new" value="triage"/, 'a label with no definition goes in the other-labels box');
  } finally {
    await site.close();
  }
});
