// Git tree objects parsed and written without git: hand-built bytes in, entries out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isTree,
  locateDirs,
  mktreeInput,
  objectId,
  parseTree,
  serializeTree,
  spliceDirs,
  type TreeEntry,
} from './tree.js';

const oidA = '0123456789abcdef0123456789abcdef01234567';
const oidB = 'fedcba9876543210fedcba9876543210fedcba98';

/** The raw bytes git stores for a tree: `<mode> <name>\0<binary oid>` per entry. */
function rawTree(entries: readonly TreeEntry[]): Buffer {
  return Buffer.concat(
    entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')])),
  );
}

const entries: TreeEntry[] = [
  { mode: '100644', name: `${oidA}.json`, oid: oidA },
  { mode: '100755', name: 'run me.sh', oid: oidB },
  { mode: '40000', name: 'tickets', oid: oidB },
  { mode: '120000', name: 'link', oid: oidA },
  { mode: '100644', name: 'résumé ✓.txt', oid: oidA },
];

test('parseTree reads mode, name and binary oid of every entry', () => {
  const data = rawTree(entries);
  assert.equal(
    data.length,
    entries.reduce((n, e) => n + Buffer.byteLength(`${e.mode} ${e.name}\0`) + 20, 0),
  );
  assert.deepEqual(parseTree(data), entries);
  assert.deepEqual(parseTree(Buffer.alloc(0)), []);
});

test('parseTree handles 32-byte (SHA-256) oids', () => {
  const long = oidA + oidB.slice(0, 24);
  const data = Buffer.concat([
    Buffer.from('100644 a\0'),
    Buffer.from(long, 'hex'),
    Buffer.from('40000 b\0'),
    Buffer.from(long, 'hex'),
  ]);
  assert.deepEqual(parseTree(data, 32), [
    { mode: '100644', name: 'a', oid: long },
    { mode: '40000', name: 'b', oid: long },
  ]);
});

test('parseTree rejects truncated data', () => {
  const data = rawTree(entries);
  assert.throws(() => parseTree(data.subarray(0, data.length - 1)), /malformed git tree/);
  assert.throws(() => parseTree(Buffer.from('100644 no-nul-here')), /malformed git tree/);
  assert.throws(() => parseTree(Buffer.from('100644')), /malformed git tree/);
});

test('isTree is true for directories only', () => {
  assert.deepEqual(entries.map(isTree), [false, false, true, false, false]);
});

test('mktreeInput writes one `<mode> <type> <oid>\\t<name>` line per entry', () => {
  assert.equal(
    mktreeInput(entries.slice(0, 3)),
    `100644 blob ${oidA}\t${oidA}.json\n100755 blob ${oidB}\trun me.sh\n40000 tree ${oidB}\ttickets\n`,
  );
  assert.equal(mktreeInput([]), '');
});

test('parseTree and mktreeInput agree on every entry', () => {
  const lines = mktreeInput(parseTree(rawTree(entries)))
    .split('\n')
    .filter(Boolean);
  assert.deepEqual(
    lines.map((l) => {
      const [head, name] = l.split('\t') as [string, string];
      const [mode, , oid] = head.split(' ') as [string, string, string];
      return { mode, name, oid };
    }),
    entries,
  );
});

test('objectId agrees with git for known objects', () => {
  assert.equal(objectId('tree', Buffer.alloc(0)), '4b825dc642cb6eb9a060e54bf8d69288fbee4904');
  assert.equal(objectId('blob', Buffer.from('hello\n')), 'ce013625030ba8dba906f756967f9e9ca394464a');
});

test("serializeTree writes git's order (a directory sorts as if named with a trailing slash) and parses back", () => {
  const unsorted: TreeEntry[] = [
    { mode: '40000', name: 'a', oid: oidA },
    { mode: '100644', name: 'a.b', oid: oidB },
    { mode: '100644', name: 'a-', oid: oidA },
    { mode: '100644', name: 'a0', oid: oidB },
    { mode: '100644', name: 'é', oid: oidA },
  ];
  const data = serializeTree(unsorted);
  assert.deepEqual(
    parseTree(data).map((e) => e.name),
    ['a-', 'a.b', 'a', 'a0', 'é'],
  );
  assert.deepEqual(serializeTree([...unsorted].reverse()), data);
  assert.deepEqual(
    serializeTree(entries),
    rawTree([...entries].sort((x, y) => Buffer.compare(Buffer.from(x.name), Buffer.from(y.name)))),
  );
});

/** A pseudo-random generator, seeded: the same cases on every run. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

test('spliceDirs over locateDirs equals editing the entries and serialising again, in random trees', () => {
  const rand = rng(7);
  const alphabet = ['a', 'b', '-', '.', '0', 'é', 'ab', 'a-'];
  const name = () =>
    Array.from({ length: 1 + Math.floor(rand() * 3) }, () => alphabet[Math.floor(rand() * 8)]).join('');
  const oid = () => Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  for (let round = 0; round < 300; round++) {
    const byName = new Map<string, TreeEntry>();
    for (let i = Math.floor(rand() * 30); i > 0; i--) {
      const n = name();
      byName.set(n, { mode: rand() < 0.7 ? '40000' : '100644', name: n, oid: oid() });
    }
    const data = serializeTree([...byName.values()]);
    const names = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, name))];
    const slots = locateDirs(data, names);
    if (names.some((n) => byName.has(n) && !isTree(byName.get(n)!))) {
      assert.equal(slots, null, 'a name that is a file is left to the slow path');
      continue;
    }
    assert.ok(slots);
    assert.deepEqual(
      slots.map((s) => [s.name, s.oid]).sort(),
      names.map((n) => [n, byName.get(n)?.oid ?? null]).sort(),
    );
    const oids = new Map(names.map((n) => [n, rand() < 0.3 ? null : oid()]));
    for (const [n, o] of oids) {
      if (o) byName.set(n, { mode: '40000', name: n, oid: o });
      else byName.delete(n);
    }
    assert.deepEqual(spliceDirs(data, slots, oids), serializeTree([...byName.values()]), `round ${round}`);
  }
});
