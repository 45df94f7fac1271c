// The search index under .git/dit/: built from journals, updated only where trees changed, never trusted when damaged.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, type Repo, tempRepo } from '../../../test/support/helpers.js';
import { SearchIndex } from '../../query/sqlite-index.js';
import { Store } from '../store.js';
import { openIndex } from './search.js';

async function withIndex<T>(
  r: Repo,
  branch: string | undefined,
  fn: (i: Awaited<ReturnType<typeof openIndex>>) => T,
): Promise<T> {
  const saved = { ...process.env };
  const store = await Store.open(r.dir, { env: r.env }); // the store asks git for the identity in it
  try {
    const opened = await openIndex(store, await store.view(branch));
    try {
      return fn(opened);
    } finally {
      opened.index.close();
    }
  } finally {
    await store.close();
    process.env = saved;
  }
}

const count = (db: { prepare: (s: string) => { pluck: () => { get: () => unknown } } }, sql: string) =>
  Number(db.prepare(sql).pluck().get());

test('the index holds every ticket of a view and updates only what changed', async () => {
  const r = tempRepo();
  const ids = [newTicket(r, 'Alpha crash'), newTicket(r, 'Beta hang'), newTicket(r, 'Gamma leak')];
  r.commit('three tickets');
  await withIndex(r, 'main', ({ index, name }) => {
    // (the CLI's writes brought the working tree's view up to date too: its rows are its own)
    assert.equal(count(index.db, `SELECT count(DISTINCT doc) FROM members WHERE view = '${name}'`), 3);
    assert.equal(count(index.db, `SELECT count(*) FROM members WHERE view = '${name}'`), 3);
    assert.deepEqual(
      index
        .select(name, { sql: 'd.rowid IN (SELECT rowid FROM text WHERE text MATCH ?)', params: ['hang'] }, 'd.id', null)
        .map((x) => x.id),
      [ids[1]],
    );
  });
  r.ok('comment', ids[0]!, 'now it can hang too');
  r.commit('comment');
  await withIndex(r, 'main', ({ index, name }) => {
    assert.equal(count(index.db, `SELECT count(DISTINCT doc) FROM members WHERE view = '${name}'`), 3);
    assert.equal(
      count(index.db, 'SELECT count(*) FROM docs WHERE rowid NOT IN (SELECT doc FROM members)'),
      0,
      'the old document of the changed ticket was replaced, not kept',
    );
    assert.deepEqual(
      index
        .select(name, { sql: 'd.rowid IN (SELECT rowid FROM text WHERE text MATCH ?)', params: ['hang'] }, 'd.id', null)
        .map((x) => x.id)
        .sort(),
      [ids[0], ids[1]].sort(),
    );
  });
});

test('branches share the documents of tickets they have in common', async () => {
  const r = tempRepo();
  const a = newTicket(r, 'Shared everywhere');
  newTicket(r, 'Also shared');
  r.commit('two');
  r.git('branch', 'release-1');
  r.ok('close', a, '--commit');
  await withIndex(r, 'main', () => undefined);
  await withIndex(r, 'release-1', ({ index }) => {
    assert.equal(
      count(index.db, "SELECT count(DISTINCT doc) FROM members WHERE view LIKE 'rev:%'"),
      3,
      'two shared documents plus the closed version on main',
    );
    assert.equal(count(index.db, "SELECT count(*) FROM members WHERE view LIKE 'rev:%'"), 4);
    const status = (view: string) =>
      index.db
        .prepare('SELECT d.status FROM members m JOIN docs d ON d.rowid = m.doc WHERE m.view = ? AND m.ticket = ?')
        .pluck()
        .get(view, a);
    assert.equal(status('rev:main'), 'fixed');
    assert.equal(status('rev:release-1'), 'new');
  });
});

test('a damaged index file is rebuilt from the journals, not trusted', async () => {
  const r = tempRepo();
  newTicket(r, 'Survivor');
  r.commit('one');
  await withIndex(r, 'main', () => undefined);
  writeFileSync(join(r.dir, '.git/dit/search-v1.sqlite'), 'this is not a database at all '.repeat(100));
  await withIndex(r, 'main', ({ index, name }) => {
    assert.equal(
      index.select(
        name,
        { sql: 'd.rowid IN (SELECT rowid FROM text WHERE text MATCH ?)', params: ['survivor'] },
        'd.id',
        null,
      ).length,
      1,
    );
  });
});

test('after a write only the changed tickets are looked at: no listing of the view, one fold', async () => {
  const r = tempRepo();
  const ids = [newTicket(r, 'Alpha crash'), newTicket(r, 'Beta hang'), newTicket(r, 'Gamma leak')];
  r.commit('three tickets');
  const shared = newTicket(r, 'Delta shared', '--shared');
  await withIndex(r, undefined, () => undefined); // the working tree's view, indexed once
  r.ok('comment', ids[1]!, 'a deadlock now', '--shared');
  r.ok('comment', ids[2]!, 'staged, not committed');
  const store = await Store.open(r.dir, { env: r.env });
  try {
    const view = await store.view();
    const listed: string[] = [];
    const journalsOf = view.journalsOf.bind(view);
    // a spy: the view still reads as it would, and says when it lists a whole collection
    view.journalsOf = (c) => {
      listed.push(c);
      return journalsOf(c);
    };
    const { index, name } = await openIndex(store, view);
    assert.deepEqual(listed, [], 'no ticket collection was listed');
    const hits = (word: string) =>
      index
        .select(name, { sql: 'd.rowid IN (SELECT rowid FROM text WHERE text MATCH ?)', params: [word] }, 'd.id', null)
        .map((x) => x.id);
    assert.deepEqual(hits('deadlock'), [ids[1]]);
    assert.deepEqual(hits('staged'), [ids[2]]);
    assert.deepEqual(hits('shared'), [shared]);
    assert.equal(count(index.db, `SELECT count(*) FROM members WHERE view = '${name}'`), 4);
    assert.equal(count(index.db, 'SELECT count(*) FROM docs'), 4, 'the two old documents were dropped');
  } finally {
    await store.close();
  }
  // and a list, after the commit of the staged entry, shows the same as one made from nothing
  r.git('commit', '-q', '-m', 'the staged comment');
  const warm = r.ok('ls', '--all', '--json');
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(r.dir, `.git/dit/search-v1.sqlite${suffix}`), { force: true });
  assert.equal(r.ok('ls', '--all', '--json'), warm);
});

test('two views under one name with different rows, asked together, each read their own', async () => {
  // a tag seen whole and seen without the shared journal (as a server's requests before and after a
  // write would): the same name in the index, different keys, brought up to date at the same time
  const r = tempRepo();
  const shut = newTicket(r, 'Closed in the journal only', '--commit');
  r.git('tag', 'v1');
  r.ok('close', shut, '--shared');
  for (let round = 0; round < 12; round++) {
    rmSync(join(r.dir, '.git/dit'), { recursive: true, force: true });
    const store = await Store.open(r.dir, { env: r.env });
    try {
      const whole = await store.view('v1');
      const code = await store.view('v1', { journalRefs: async () => [] });
      const [w, c] = await Promise.all([whole.summaries(), code.summaries()]);
      assert.deepEqual(
        [w.map((s) => s.status), c.map((s) => s.status)],
        [['fixed'], ['new']],
        `round ${round}: each view answers from its own rows`,
      );
    } finally {
      await store.close();
    }
  }
});

test('an index of schema 12 gains the verdict tables in place: nothing it held is lost, verdicts are kept', () => {
  const file = join(tempRepo().dir, 'old.sqlite');
  const made = SearchIndex.open(file);
  made.setStamp('worktree', 'a stamp', 'a key');
  // back to schema 12: no verdicts, no keysets, no signed column
  made.db.exec('DROP TABLE verdicts; DROP TABLE keysets; ALTER TABLE folded DROP COLUMN signed');
  made.db.prepare("UPDATE meta SET v = '12' WHERE k = 'schema'").run();
  made.close();
  const index = SearchIndex.open(file);
  try {
    const kept = index.db.prepare("SELECT stamp FROM stamps WHERE name = 'worktree'").pluck().get();
    assert.equal(kept, 'a stamp', 'the rows of schema 12 stay');
    index.keepVerdicts('set', [['entry:sig', '{"state":"verified"}']]);
    assert.deepEqual([...index.verdicts('set', ['entry:sig', 'other:sig'])], [['entry:sig', '{"state":"verified"}']]);
    assert.equal(index.verdicts('another set', ['entry:sig']).size, 0, 'a verdict is for its key set only');
    index.noteKeySet('config', '/signers', 'ssh-keygen');
    assert.deepEqual(index.keySetOf('config'), { signers: '/signers', program: 'ssh-keygen' });
    assert.equal(index.keySetOf('another config'), null);
  } finally {
    index.close();
  }
});
