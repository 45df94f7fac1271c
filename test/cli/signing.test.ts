// Signed entries from the command line: git's signing config as git uses it, verdicts in `dit show`, and
// signatures that survive packing, merges, cherry-picks and export | import.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { entryId } from '../../src/model/entry-file.js';
import { splitSigned } from '../../src/model/trust/signed-entry.js';
import { newTicket, type Repo, tempDir, tempRepo } from '../support/helpers.js';
import { sshKey } from '../support/keys.js';
import { gpgSigning, sshSigning } from '../support/signing.js';

type V = { state: string; format?: string; key?: string; signer?: string; reason?: string };
const verdicts = (r: Repo, id: string): Map<string, V> => {
  const t = r.json('show', id).ticket;
  const out = new Map<string, V>([[t.id, t.verification]]);
  for (const i of t.timeline) if (i.entry) out.set(i.entry, i.verification);
  return out;
};
const entryFiles = (r: Repo, id: string): string[] =>
  readdirSync(join(r.dir, '.dit/tickets', id)).filter((f) => f.endsWith('.json'));

test('SSH signing from git config: signed files keep their ids, dit show marks them verified', () => {
  const r = tempRepo();
  const { key } = sshSigning(r);
  const id = newTicket(r, 'Signed');
  r.ok('comment', id, 'signed comment');
  const files = entryFiles(r, id);
  assert.equal(files.length, 2);
  for (const f of files) {
    const bytes = readFileSync(join(r.dir, '.dit/tickets', id, f));
    const split = splitSigned(bytes);
    assert.ok(split, `${f} carries a signature line`);
    assert.equal(`${entryId(split.canonical)}.json`, f, 'the name is the hash of the bytes without the signature');
    assert.notEqual(r.git('hash-object', join('.dit/tickets', id, f)).trim(), f.slice(0, 40));
  }
  const v = verdicts(r, id);
  assert.equal(v.size, 2);
  for (const x of v.values()) {
    assert.equal(x.state, 'verified');
    assert.equal(x.format, 'ssh');
    assert.equal(x.key, key.fingerprint);
    assert.equal(x.signer, 'ann@example.com');
  }
  const text = r.ok('show', id);
  assert.match(text, /opened by Ann Author .*✓ verified/);
  assert.match(text, /Ann Author commented \[[0-9a-f]+\] {2}✓ verified\nsigned comment/);
  // once ls has brought the derived store up to date, show of a signed ticket still gives its verdicts
  r.ok('ls');
  assert.match(r.ok('show', id), /commented \[[0-9a-f]+\] {2}✓ verified/);
});

test('a user with no key configured writes unsigned entries, byte for byte as before', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Plain');
  r.ok('comment', id, 'plain comment');
  for (const f of entryFiles(r, id)) {
    const path = join('.dit/tickets', id, f);
    assert.equal(splitSigned(readFileSync(join(r.dir, path))), null);
    assert.equal(`${r.git('hash-object', path).trim()}.json`, f, 'an unsigned file is named by its own blob id');
  }
  for (const x of verdicts(r, id).values()) assert.deepEqual(x, { state: 'unsigned' });
  assert.doesNotMatch(r.ok('show', id), /verified/);
});

test('commit.gpgSign turns signing on too; dit.sign false turns it off; --sign and --no-sign decide per command', () => {
  const r = tempRepo();
  sshSigning(r, { on: 'commit.gpgSign' });
  const id = newTicket(r, 'By commit.gpgSign');
  r.ok('comment', id, 'unsigned on purpose', '--no-sign');
  r.git('config', 'dit.sign', 'false');
  r.ok('comment', id, 'dit.sign false');
  r.ok('comment', id, 'signed anyway', '--sign');
  const t = r.json('show', id).ticket;
  const states = t.comments.map((c: { body: string; verification: V }) => [c.body, c.verification.state]);
  assert.deepEqual(states, [
    ['unsigned on purpose', 'unsigned'],
    ['dit.sign false', 'unsigned'],
    ['signed anyway', 'verified'],
  ]);
  assert.equal(t.verification.state, 'verified');
  const both = r.dit('comment', id, 'x', '--sign', '--no-sign');
  assert.equal(both.code, 2);
});

test('signing on without a key: sign-failed, and nothing is written', () => {
  const r = tempRepo();
  r.git('config', 'gpg.format', 'ssh');
  r.git('config', 'dit.sign', 'true');
  const res = r.dit('new', 'Nope', '--json');
  assert.equal(res.code, 14, res.stderr);
  assert.equal(JSON.parse(res.stdout).error.code, 'sign-failed');
  assert.match(res.stderr, /user\.signingKey/);
  assert.equal(r.git('status', '--porcelain'), '', 'no entry staged');
  r.git('config', 'user.signingKey', join(r.env.HOME!, 'missing-key'));
  const missing = r.dit('new', 'Nope');
  assert.equal(missing.code, 14);
  assert.equal(r.git('status', '--porcelain'), '');
});

test('an unknown key and a key of someone else are unverified, with the reason', () => {
  const r = tempRepo();
  const signing = sshSigning(r);
  const id = newTicket(r, 'Mine');
  const stranger = sshKey('ed25519');
  r.git('config', 'user.signingKey', stranger.priv);
  r.ok('comment', id, 'by an unknown key');
  const bobs = sshKey('ed25519');
  signing.allow('bob@example.com', bobs);
  r.git('config', 'user.signingKey', bobs.priv);
  r.ok('comment', id, "by bob's key");
  const t = r.json('show', id).ticket;
  const [unknown, other] = t.comments.map((c: { verification: V }) => c.verification);
  assert.equal(unknown.state, 'unverified');
  assert.equal(unknown.key, stranger.fingerprint);
  assert.match(unknown.reason, /allowed signer/);
  assert.equal(other.state, 'unverified');
  assert.equal(other.signer, 'bob@example.com');
  assert.match(other.reason, /key of bob@example\.com, not of ann@example\.com/);
  assert.match(r.ok('show', id), /by an unknown key/);
  assert.match(r.ok('show', id), /commented \[[0-9a-f]+\] {2}unverified/);
  const doctor = r.dit('doctor', '--json');
  assert.equal(doctor.code, 1, 'doctor says something is wrong');
  const listed = JSON.parse(doctor.stdout).unverified;
  assert.deepEqual(
    listed.map((u: { entry: string }) => u.entry).sort(),
    t.comments.map((c: { id: string }) => c.id).sort(),
  );
  assert.match(r.dit('doctor').stdout, /Signed entries that do not verify \(2\)/);
});

test('each field the fold reads, changed in the file, fails verification', () => {
  const r = tempRepo();
  sshSigning(r);
  const id = newTicket(r, 'Target');
  const other = newTicket(r, 'Other ticket');
  r.ok('comment', id, 'the original words');
  const entry = r.json('show', id).ticket.comments[0].id as string;
  const dir = join(r.dir, '.dit/tickets', id);
  const original = readFileSync(join(dir, `${entry}.json`), 'utf8');
  const flips: [string, (e: any) => void, string][] = [
    ['body', (e) => (e.body = 'words never written'), id],
    ['clock', (e) => (e.clock += 1), id],
    ['time', (e) => (e.time = '2020-01-01T00:00:00.000Z'), id],
    ['author name', (e) => (e.author.name = 'Admin'), id],
    ['author email', (e) => (e.author.email = 'admin@example.com'), id],
    ['ticket', (e) => (e.ticket = other), other],
  ];
  for (const [field, flip, ticket] of flips) {
    const json = JSON.parse(original);
    const sig = json.sig;
    delete json.sig;
    flip(json);
    const canonical = `${JSON.stringify(json, null, 1)}\n`;
    const forged = `${canonical.slice(0, -3)},\n "sig": ${JSON.stringify(sig)}\n}\n`;
    const name = `${entryId(Buffer.from(canonical))}.json`;
    const target = join(r.dir, '.dit/tickets', ticket, name);
    rmSync(join(dir, `${entry}.json`));
    writeFileSync(target, forged);
    r.git('add', '-A', '.dit');
    const v = verdicts(r, ticket).get(name.slice(0, 40));
    assert.ok(v, `${field}: the changed entry is read`);
    assert.equal(v.state, 'unverified', `${field} changed: ${JSON.stringify(v)}`);
    assert.match(v.reason!, /does not match/);
    rmSync(target);
    writeFileSync(join(dir, `${entry}.json`), original);
    r.git('add', '-A', '.dit');
    assert.equal(verdicts(r, id).get(entry)?.state, 'verified', 'the original still verifies');
  }
});

test('signatures survive dit gc packing, a merge, a cherry-pick and export | import', () => {
  const r = tempRepo();
  sshSigning(r);
  const id = newTicket(r, 'Travels', '--commit');
  r.git('checkout', '-q', '-b', 'topic');
  r.ok('comment', id, 'on topic', '--commit');
  r.ok('comment', id, 'picked', '--commit');
  const picked = r.git('rev-parse', 'HEAD').trim();
  r.git('checkout', '-q', 'main');
  r.git('checkout', '-q', '-b', 'release');
  r.git('cherry-pick', picked);
  const onRelease = r.json('show', id).ticket;
  assert.deepEqual(
    onRelease.comments.map((c: { body: string; verification: V }) => [c.body, c.verification.state]),
    [['picked', 'verified']],
  );
  r.git('checkout', '-q', 'main');
  r.git('merge', '-q', '--no-edit', 'topic');
  const merged = verdicts(r, id);
  assert.equal(merged.size, 3);
  for (const v of merged.values()) assert.equal(v.state, 'verified');
  assert.match(r.ok('gc'), /pack/);
  assert.ok(
    readdirSync(join(r.dir, '.dit/tickets', id)).some((f) => f.startsWith('pack-')),
    'packed',
  );
  const packed = verdicts(r, id);
  assert.deepEqual([...packed.keys()].sort(), [...merged.keys()].sort(), 'same ids after packing');
  for (const v of packed.values()) assert.equal(v.state, 'verified');

  const exported = r.ok('export');
  assert.match(exported, /"sig":\{"format":"ssh"/);
  const b = tempRepo();
  sshSigning(b, { key: undefined });
  writeFileSync(join(b.env.HOME!, 'allowed_signers'), readFileSync(join(r.env.HOME!, 'allowed_signers')));
  const file = join(tempDir(), 'x.jsonl');
  writeFileSync(file, exported);
  b.ok('import', file);
  const imported = verdicts(b, id);
  assert.deepEqual([...imported.keys()].sort(), [...merged.keys()].sort());
  for (const v of imported.values()) assert.equal(v.state, 'verified');
  assert.equal(b.ok('export'), exported, 'the round trip is exact, signatures and all');
});

test('OpenPGP: gpg signs with user.signingKey and commit.gpgSign, its keyring verifies', () => {
  const r = tempRepo();
  const key = gpgSigning(r);
  const id = newTicket(r, 'Signed with gpg');
  r.ok('comment', id, 'gpg comment');
  const v = verdicts(r, id);
  assert.equal(v.size, 2);
  for (const x of v.values()) {
    assert.equal(x.state, 'verified', JSON.stringify(x));
    assert.equal(x.format, 'openpgp');
    assert.equal(x.key, key.fingerprint);
    assert.match(x.signer!, /ann@example\.com/);
  }
  // the same signature on an entry claiming to be bob's: a good signature, but not bob's key
  const bob = r.as({ name: 'Bob', email: 'bob@example.com' });
  bob.env.GNUPGHOME = r.env.GNUPGHOME;
  bob.ok('comment', id, 'bob signs with ann key');
  const t = r.json('show', id).ticket;
  const last = t.comments.at(-1).verification;
  assert.equal(last.state, 'unverified');
  assert.match(last.reason, /none of whose user ids is bob@example\.com/);
  // a keyring without the key: unverified, "not known"
  const fresh = join(tempDir(), 'gnupg');
  r.env.GNUPGHOME = fresh;
  const unknown = r.json('show', id).ticket.verification;
  assert.equal(unknown.state, 'unverified');
  assert.match(unknown.reason, /not known/);
});
