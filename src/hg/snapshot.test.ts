// hg's folders and file nodes as dit keys them, without hg: equal content gets equal keys, and a node is hg's own.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parseDirstate } from './dirstate.js';
import { buildFolders, folderKey, type ManifestFile, newFileNode, parseManifestFiles } from './snapshot.js';

const f = (path: string, node: string, flags = ''): ManifestFile => ({ path, node, flags });
const n1 = '1'.repeat(40);
const n2 = '2'.repeat(40);
const n3 = '3'.repeat(40);

test('buildFolders keys folders by content: the same journal on two revisions, the same key', () => {
  const a = buildFolders(
    [
      f('.dit/tickets/aa/x.json', n1),
      f('.dit/tickets/aa/y.json', n2),
      f('.dit/tickets/bb/z.json', n3),
      f('src/a.c', n1),
    ],
    '.dit',
  );
  const b = buildFolders([f('.dit/tickets/bb/z.json', n3), f('.dit/tickets/aa/x.json', n1)], '.dit');
  const tickets = (x: typeof a) => x.folders.get(x.root!)!.find((e) => e.name === 'tickets')!;
  const journal = (x: typeof a, id: string) => x.folders.get(tickets(x).key)!.find((e) => e.name === id)!;
  assert.equal(journal(a, 'bb').key, journal(b, 'bb').key, 'an unchanged journal keeps its key');
  assert.notEqual(journal(a, 'aa').key, journal(b, 'aa').key, 'a journal with another file gets another key');
  assert.deepEqual(
    a.folders.get(journal(a, 'aa').key)!.map((e) => [e.name, e.key, e.dir, e.plain]),
    [
      ['x.json', n1, false, true],
      ['y.json', n2, false, true],
    ],
  );
  assert.equal(a.files.get(n3), '.dit/tickets/bb/z.json', 'where each node was seen');
  assert.equal(a.paths.get(journal(a, 'aa').key), '.dit/tickets/aa');
  assert.ok(![...a.files.values()].includes('src/a.c'), 'only what is under the base');
  assert.equal(buildFolders([f('src/a.c', n1)], '.dit').root, null, 'nothing under .dit: no folder');
  assert.match(journal(a, 'aa').key, /^[0-9a-f]{40}$/);
});

test('folderKey tells an executable file and a folder from a plain file', () => {
  const plain = folderKey([{ name: 'x', key: n1, dir: false, plain: true }]);
  assert.notEqual(plain, folderKey([{ name: 'x', key: n1, dir: false, plain: false }]));
  assert.notEqual(plain, folderKey([{ name: 'x', key: n1, dir: true, plain: false }]));
  const built = buildFolders([f('t/x', n1, 'x')], '');
  assert.equal(built.folders.get(built.folders.get(built.root!)![0]!.key)![0]!.plain, false);
});

test('newFileNode is sha1 of two null parents and the bytes; text that looks like copy metadata is escaped', () => {
  const data = Buffer.from('{"kind":"create"}\n');
  assert.equal(newFileNode(data), createHash('sha1').update(Buffer.alloc(40)).update(data).digest('hex'));
  const meta = Buffer.from('\x01\nlooks like metadata');
  assert.equal(
    newFileNode(meta),
    createHash('sha1').update(Buffer.alloc(40)).update('\x01\n\x01\n').update(meta).digest('hex'),
  );
});

test('parseManifestFiles reads debugdit-files records', () => {
  assert.deepEqual(parseManifestFiles(`a/b\0${n1}\0\0c d\0${n2}\0x\0`), [f('a/b', n1), f('c d', n2, 'x')]);
  assert.deepEqual(parseManifestFiles(''), []);
});

test('parseDirstate reads the parents and entries of a v1 dirstate, under a prefix', () => {
  const entry = (state: string, name: string) => {
    const head = Buffer.alloc(17);
    head.write(state, 0, 'latin1');
    head.writeInt32BE(0o100644, 1);
    head.writeInt32BE(5, 5);
    head.writeInt32BE(-1, 9);
    head.writeUInt32BE(Buffer.byteLength(name), 13);
    return Buffer.concat([head, Buffer.from(name)]);
  };
  const data = Buffer.concat([
    Buffer.from(n1, 'hex'),
    Buffer.alloc(20),
    entry('n', 'README'),
    entry('a', '.dit/tickets/aa/x.json'),
    entry('r', '.dit/tickets/aa/old.json'),
    entry('a', 'copied\0from'),
  ]);
  const all = parseDirstate(data)!;
  assert.equal(all.p1, n1);
  assert.equal(all.p2, null, 'a null second parent');
  assert.deepEqual(
    all.entries.map((e) => `${e.state} ${e.path}`),
    ['n README', 'a .dit/tickets/aa/x.json', 'r .dit/tickets/aa/old.json', 'a copied'],
  );
  assert.deepEqual(
    parseDirstate(data, '.dit/')!.entries.map((e) => e.path),
    ['.dit/tickets/aa/x.json', '.dit/tickets/aa/old.json'],
  );
  assert.deepEqual(parseDirstate(Buffer.alloc(0)), { p1: null, p2: null, entries: [] });
  assert.equal(parseDirstate(Buffer.concat([data, Buffer.from('z')])), null, 'a cut or foreign file: ask hg');
});
