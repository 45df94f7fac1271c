// Signatures travel (issue 22): entries signed in one clone reach another through `dit sync` with a strict
// dit server between them, byte for byte, and verify there: on the shared journal and on a code branch.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from '../support/helpers.js';
import { type SshTestKey, sshKey } from '../support/keys.js';
import {
  hostedClone,
  PEOPLE,
  type Person,
  type RunningServer,
  serverOk,
  startHosted,
} from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;
const REPO = 'tools/synced';
let annKey: SshTestKey;

before(async () => {
  ({ root, srv } = await startHosted({ [REPO]: { grants: { ann: 'write', cy: 'write' } } }));
  annKey = sshKey('ed25519');
  serverOk(root, ['key', 'add', PEOPLE.ann.name, annKey.pub]);
});
after(async () => {
  await srv.stop();
});

const clone = (p: Person) => hostedClone(srv, p, REPO);

test('entries signed in clone A verify in clone B after dit sync through the strict server', async () => {
  const a = clone(PEOPLE.ann);
  a.git('commit', '-q', '--allow-empty', '-m', 'initial');
  a.git('push', '-q', 'origin', 'HEAD:main');
  a.git('config', 'gpg.format', 'ssh');
  a.git('config', 'user.signingKey', annKey.priv);
  a.git('config', 'dit.sign', 'true');
  // on the shared journal: a ticket and a comment; on the code branch: a comment committed and pushed
  const id = JSON.parse(a.dit('new', 'Signed across clones', '--shared', '--json')).ticket.id as string;
  a.dit('comment', id, 'signed on the journal', '--shared');
  a.dit('sync');
  a.dit('comment', id, 'signed on main', '--commit');
  a.git('push', '-q', 'origin', 'HEAD:main');

  // clone B trusts ann's key the way git does (its allowed-signers file), and syncs
  const b = clone(PEOPLE.cy);
  const allowed = join(tempDir(), 'allowed_signers');
  writeFileSync(allowed, `${PEOPLE.ann.email} ${annKey.line}\n`);
  b.git('config', 'gpg.ssh.allowedSignersFile', allowed);
  b.git('checkout', '-q', 'main');
  b.dit('sync');
  const t = JSON.parse(b.dit('show', id, '--json')).ticket;
  assert.equal(t.verification.state, 'verified');
  assert.equal(t.verification.key, annKey.fingerprint);
  assert.deepEqual(
    t.comments.map((c: any) => [c.body, c.verification.state, c.verification.signer]),
    [
      ['signed on the journal', 'verified', PEOPLE.ann.email],
      ['signed on main', 'verified', PEOPLE.ann.email],
    ],
  );
  assert.match(b.dit('show', id), /ann commented.*✓ verified/);
  // the files are the same bytes on both sides: B's journal holds A's signature lines
  const journalFile = (c: ReturnType<typeof clone>) =>
    c.git('ls-tree', '-r', '--name-only', 'refs/dit/journal', `tickets/${id}/`).trim().split('\n').sort();
  assert.deepEqual(journalFile(b), journalFile(a));
  const [first] = journalFile(b);
  const bytes = b.git('cat-file', 'blob', `refs/dit/journal:${first}`);
  assert.equal(bytes, a.git('cat-file', 'blob', `refs/dit/journal:${first}`));
  assert.match(bytes, /\n "sig": \{"format":"ssh","signature":"[A-Za-z0-9+/=]+"\}\n\}\n$/);

  // the server says the same, against ann's key on her account
  const auth = `Basic ${Buffer.from(`${PEOPLE.cy.name}:${PEOPLE.cy.password}`).toString('base64')}`;
  const res = await fetch(`${srv.url}${REPO}/api/tickets/${id}`, { headers: { authorization: auth } });
  const served = ((await res.json()) as any).ticket;
  assert.deepEqual(
    served.comments.map((c: any) => [c.verification.state, c.verification.signer]),
    [
      ['verified', 'ann'],
      ['verified', 'ann'],
    ],
  );

  // and a clone that does not know the key says so rather than trusting it
  const c = clone(PEOPLE.cy);
  c.dit('sync');
  const unknown = JSON.parse(c.dit('show', id, '--json')).ticket.comments[0].verification;
  assert.equal(unknown.state, 'unverified');
});
