// `dit show` of a signed ticket answered from the derived store with the verdicts kept there, and never a
// stale one: a key removed from or added to git's allowed-signers file, another file configured, a key
// gone from gpg's keyring each give the new verdict on the next `dit show` and `dit show --json`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, type Repo, tempDir, tempRepo } from '../support/helpers.js';
import { quickly, settle as settleFor, whole } from '../support/quick-path.js';
import { gpgSigning, sshSigning } from '../support/signing.js';

// the quick path trusts no git config file changed within the last 100 ms: let time pass
const settle = () => settleFor(150);
/** The verdict states `dit show --json` gives: the ticket's, then each comment's. */
const states = (r: Repo, id: string): string[] => {
  const t = r.json('show', id).ticket;
  return [t.verification.state, ...t.comments.map((c: { verification: { state: string } }) => c.verification.state)];
};
const VERIFIED_LINE = /Ann Author commented \[[0-9a-f]+\] {2}✓ verified\nsecond/;
const UNVERIFIED_LINE = /Ann Author commented \[[0-9a-f]+\] {2}unverified \(.*\)\nsecond/;

/** Asks twice: the first `dit show` may need the whole CLI (new keys), the second must be the quick path's. */
function showTwice(r: Repo, id: string) {
  settle();
  r.ok('ls'); // notes that no written entry is lost in this state, which the quick path asks first
  settle();
  const first = quickly(r, 'show', id);
  settle();
  const second = quickly(r, 'show', id);
  assert.ok(second.quick, 'the second show in the same state is answered from the derived store');
  assert.equal(second.out, first.out, 'the quick answer is the whole CLI answer');
  assert.equal(second.out, whole(r, 'show', id));
  return second.out;
}

test('dit show of a signed ticket: the quick path prints the verdicts the whole CLI gave, and never a stale one', () => {
  const r = tempRepo();
  const { key, allowed } = sshSigning(r);
  const id = newTicket(r, 'Signed and shown quickly');
  r.ok('comment', id, 'first');
  r.ok('comment', id, 'second');
  const shown = showTwice(r, id);
  assert.match(shown, /opened by Ann Author .*✓ verified/);
  assert.match(shown, VERIFIED_LINE);

  // the key taken out of the allowed-signers file: unverified at once, in both outputs and both paths
  writeFileSync(allowed, '# nobody\n');
  assert.match(quickly(r, 'show', id).out, UNVERIFIED_LINE);
  assert.deepEqual(states(r, id), ['unverified', 'unverified', 'unverified']);
  assert.match(showTwice(r, id), UNVERIFIED_LINE);

  // and put back: verified again
  writeFileSync(allowed, `ann@example.com ${key.line}\n`);
  assert.match(quickly(r, 'show', id).out, VERIFIED_LINE);
  assert.deepEqual(states(r, id), ['verified', 'verified', 'verified']);
  assert.match(showTwice(r, id), VERIFIED_LINE);

  // git's config names another file, without the key: the kept verdicts are for the old one
  const other = join(tempDir(), 'other_signers');
  writeFileSync(other, '');
  r.git('config', 'gpg.ssh.allowedSignersFile', other);
  settle();
  assert.match(quickly(r, 'show', id).out, UNVERIFIED_LINE);
  assert.deepEqual(states(r, id), ['unverified', 'unverified', 'unverified']);
  assert.match(showTwice(r, id), UNVERIFIED_LINE);

  // the same key under a config that includes another file: the quick path cannot tell, the whole CLI answers
  r.git('config', 'gpg.ssh.allowedSignersFile', allowed);
  r.git('config', 'include.path', join(tempDir(), 'absent.gitconfig'));
  settle();
  quickly(r, 'show', id);
  settle();
  const included = quickly(r, 'show', id);
  assert.ok(!included.quick, 'a config with an include: the whole CLI answers');
  assert.match(included.out, VERIFIED_LINE);
});

test('dit show of a ticket signed with OpenPGP: a key deleted from the keyring is unverified on the next show', () => {
  const r = tempRepo();
  const key = gpgSigning(r);
  const id = newTicket(r, 'Signed with gpg');
  r.ok('comment', id, 'first');
  r.ok('comment', id, 'second');
  assert.match(showTwice(r, id), VERIFIED_LINE);
  const gpg = spawnSync('gpg', ['--batch', '--yes', '--delete-secret-and-public-key', key.fingerprint], {
    env: r.env,
    encoding: 'utf8',
  });
  assert.equal(gpg.status, 0, gpg.stderr);
  assert.match(quickly(r, 'show', id).out, UNVERIFIED_LINE);
  assert.deepEqual(states(r, id), ['unverified', 'unverified', 'unverified']);
  assert.match(showTwice(r, id), UNVERIFIED_LINE);
});
