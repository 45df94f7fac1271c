// git status in a repository with tickets: dit turns on git's untracked cache once, unless the user chose.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cloneOf, newTicket, tempRepo } from '../support/helpers.js';

const setting = (r: { git: (...a: string[]) => string }) => {
  try {
    return r.git('config', '--local', '--get', 'core.untrackedCache').trim();
  } catch {
    return null;
  }
};

test('a working copy with tickets gets core.untrackedCache; git status shows what it showed before', () => {
  const r = tempRepo();
  const id = newTicket(r, 'First ticket', '--commit');
  assert.equal(setting(r), null, 'the first write made .dit/tickets; nothing set yet');
  r.ok('ls');
  assert.equal(setting(r), 'true');
  r.git('status'); // git writes the cache into the index, as an UNTR extension
  assert.ok(readFileSync(join(r.dir, '.git/index')).includes('UNTR'), 'the index holds an untracked cache');
  r.write(`.dit/tickets/${id}/stray.json`, '{}\n');
  r.write('notes.txt', 'mine\n');
  const status = r.git('status', '--porcelain', '--untracked-files=all');
  assert.match(status, new RegExp(`^\\?\\? \\.dit/tickets/${id}/stray\\.json$`, 'm'), status);
  assert.match(status, /^\?\? notes\.txt$/m);

  const c = cloneOf(r.dir);
  assert.equal(setting(c), null);
  c.ok('ls');
  assert.equal(setting(c), 'true', 'the first dit command in a clone turns it on');
});

test("the user's choice stands: an explicit false, locally or in the global config, is kept", () => {
  const r = tempRepo();
  newTicket(r, 'A ticket', '--commit');
  r.git('config', 'core.untrackedCache', 'false');
  r.ok('ls');
  assert.equal(setting(r), 'false');

  const g = tempRepo();
  newTicket(g, 'Another', '--commit');
  writeFileSync(join(g.env.HOME!, '.gitconfig'), '[core]\n\tuntrackedCache = false\n');
  g.ok('ls');
  assert.equal(setting(g), null, 'nothing written over a global choice');
});
