// dit's in-process SSH signature check agrees with `ssh-keygen -Y verify` on signatures ssh-keygen made.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/support/helpers.js';
import { type SshTestKey, sshKey } from '../../test/support/keys.js';
import { parseAllowedSigners } from '../model/trust/allowed-signers.js';
import { parseSshPublicKey } from '../model/trust/ssh-key.js';
import { dearmor, parseSshsig, verifySshsig } from '../model/trust/sshsig.js';
import { allowedSignersKeySet, verifySshEntry } from '../model/trust/verify-ssh.js';

const dir = tempDir('dit-sshsig-');
const keys: [string, SshTestKey][] = [
  ['ed25519', sshKey('ed25519')],
  ['ecdsa-256', sshKey('ecdsa', 256)],
  ['ecdsa-384', sshKey('ecdsa', 384)],
  ['ecdsa-521', sshKey('ecdsa', 521)],
  ['rsa-2048', sshKey('rsa', 2048)],
];
const stranger = sshKey('ed25519');

function sign(key: SshTestKey, message: Buffer, namespace = 'dit', hash?: string): Buffer {
  const file = join(tempDir('dit-msg-'), 'm');
  writeFileSync(file, message);
  const r = spawnSync(
    'ssh-keygen',
    ['-q', '-Y', 'sign', '-n', namespace, '-f', key.priv, ...(hash ? [`-Ohashalg=${hash}`] : []), file],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(`${file}.sig`);
}

/** ssh-keygen's answer: exit 0 from `-Y verify` with this allowed-signers text, identity and time. */
function sshKeygenVerifies(allowed: string, principal: string, sig: Buffer, message: Buffer, time: string): boolean {
  const a = join(dir, `allowed-${Math.random()}`);
  const s = join(dir, `sig-${Math.random()}`);
  writeFileSync(a, allowed);
  writeFileSync(s, sig);
  const stamp = time.replace(/[-:T]/g, '').slice(0, 14);
  const r = spawnSync(
    'ssh-keygen',
    ['-Y', 'verify', '-f', a, '-I', principal, '-n', 'dit', '-s', s, `-Overify-time=${stamp}Z`],
    {
      input: message,
    },
  );
  return r.status === 0;
}

function ditVerifies(allowed: string, principal: string, sig: Buffer, message: Buffer, time: string): boolean {
  const blob = dearmor(sig);
  assert.ok(blob, 'ssh-keygen wrote an armored SSHSIG');
  const keySet = allowedSignersKeySet(parseAllowedSigners(allowed));
  const v = verifySshEntry(message, { format: 'ssh', signature: blob.toString('base64') }, principal, time, keySet);
  return v.state === 'verified';
}

const flip = (b: Buffer, at: number): Buffer => {
  const c = Buffer.from(b);
  c[at]! ^= 0x01;
  return c;
};

test('every key type: dit and ssh-keygen -Y verify agree, good and bad', () => {
  const message = Buffer.from('{\n "v": 1,\n "kind": "comment",\n "body": "hello"\n}\n');
  const time = '2024-05-01T12:00:00.000Z';
  let cases = 0;
  let verified = 0;
  for (const [name, key] of keys) {
    // the whole table for one key type; for the others the cases where key types could differ
    const full = name === 'ed25519';
    const good = sign(key, message);
    const sha256 = sign(key, message, 'dit', 'sha256');
    const gitNs = sign(key, message, 'git');
    const blob = dearmor(good)!;
    const tamperedSig = Buffer.from(
      `-----BEGIN SSH SIGNATURE-----\n${flip(blob, blob.length - 5).toString('base64')}\n-----END SSH SIGNATURE-----\n`,
    );
    const allowed = {
      plain: `ann@example.com ${key.line}\n`,
      wildcard: `*@example.com,!mallory@example.com ${key.line}\n`,
      ditOnly: `ann@example.com namespaces="dit" ${key.line}\n`,
      gitOnly: `ann@example.com namespaces="git" ${key.line}\n`,
      expired: `ann@example.com valid-before="20200101Z" ${key.line}\n`,
      notYet: `ann@example.com valid-after="20300101Z" ${key.line}\n`,
      quoted: `"ann@example.com,bob@example.com" cert-authority ${key.line}\nann@example.com ${key.line}\n`,
      caOnly: `ann@example.com cert-authority ${key.line}\n`,
      other: `ann@example.com ${stranger.line}\n`,
      comment: `# nobody\n\nann@example.com ${key.line} a comment\n`,
    };
    const sigs = { good, sha256, gitNs, tamperedSig };
    const messages = { same: message, flipped: flip(message, 20) };
    const lists = Object.entries(allowed).filter(([an]) => full || ['plain', 'other', 'gitOnly'].includes(an));
    for (const [an, a] of lists)
      for (const principal of full
        ? ['ann@example.com', 'mallory@example.com', 'bob@example.com']
        : ['ann@example.com'])
        for (const [sn, s] of Object.entries(sigs))
          for (const [mn, m] of Object.entries(messages)) {
            const want = sshKeygenVerifies(a, principal, s, m, time);
            const got = ditVerifies(a, principal, s, m, time);
            assert.equal(got, want, `${name} ${an} ${principal} ${sn} ${mn}: ssh-keygen says ${want}`);
            cases++;
            if (got) verified++;
          }
  }
  // the table must hold both answers many times over, or the agreement proves nothing
  assert.ok(verified >= 20, `verified ${verified} of ${cases}`);
  assert.ok(cases - verified >= 200, `refused ${cases - verified} of ${cases}`);
});

test('the key inside a signature has the fingerprint ssh-keygen -l prints', () => {
  for (const [, key] of keys) {
    const sig = parseSshsig(dearmor(sign(key, Buffer.from('x')))!);
    assert.ok(!('problem' in sig));
    assert.equal(sig.key.fingerprint, key.fingerprint);
    const pub = parseSshPublicKey(key.line);
    assert.ok(!('problem' in pub));
    assert.equal(pub.fingerprint, key.fingerprint);
  }
});

test('the cryptographic half agrees with ssh-keygen -Y check-novalidate', () => {
  const message = Buffer.from('some bytes\n');
  for (const [name, key] of keys) {
    const blob = dearmor(sign(key, message))!;
    for (let at = 0; at < blob.length; at += Math.max(1, Math.floor(blob.length / 25))) {
      const bad = flip(blob, at);
      const s = join(dir, 'check.sig');
      writeFileSync(s, `-----BEGIN SSH SIGNATURE-----\n${bad.toString('base64')}\n-----END SSH SIGNATURE-----\n`);
      const theirs =
        spawnSync('ssh-keygen', ['-Y', 'check-novalidate', '-n', 'dit', '-s', s], { input: message }).status === 0;
      const parsed = parseSshsig(bad);
      const ours = !('problem' in parsed) && verifySshsig(parsed, message, 'dit').ok;
      assert.equal(ours, theirs, `${name}: byte ${at} flipped`);
    }
    const parsed = parseSshsig(blob);
    assert.ok(!('problem' in parsed) && verifySshsig(parsed, message, 'dit').ok, `${name}: unflipped verifies`);
  }
});

test('a damaged key line or signature is a problem, never a throw', () => {
  assert.ok('problem' in parseSshPublicKey('ssh-ed25519 AAAA'));
  assert.ok('problem' in parseSshPublicKey('not a key'));
  assert.ok('problem' in parseSshsig(Buffer.from('SSHSIG\0\0\0\x01')));
  assert.ok('problem' in parseSshsig(Buffer.from('nothing')));
  const list = parseAllowedSigners('ann@example.com\nbob@example.com namespaces="dit ssh-ed25519 AAAA\n');
  assert.equal(list.signers.length, 0);
  assert.equal(list.problems.length, 2);
});
