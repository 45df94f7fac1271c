// dit server refuses forged authorship: the two attacks of issue 22 (a reader's proposal carrying
// entries "by the administrator", a writer's journal push as another account), signed entries of the
// right account accepted and shown verified, state changes without write refused, dit.verify off.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from '../support/helpers.js';
import { type SshTestKey, sshKey } from '../support/keys.js';
import {
  git,
  gitAs,
  gitOk,
  type HostedClone,
  hostedClone,
  PEOPLE,
  type Person,
  type RunningServer,
  serverOk,
  startHosted,
} from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;
const REPO = 'tools/editor';
const keys: Record<string, SshTestKey> = {};

before(async () => {
  ({ root, srv } = await startHosted({
    [REPO]: { grants: { ann: 'write', bob: 'read', cy: 'write' } },
    'tools/lax': { grants: { ann: 'write' } },
  }));
  for (const p of ['root', 'ann']) {
    keys[p] = sshKey('ed25519');
    serverOk(root, ['key', 'add', p, keys[p]!.pub]);
  }
  // a first commit and a ticket by ann, so there is something to attack
  const a = clone(PEOPLE.ann);
  a.git('commit', '-q', '--allow-empty', '-m', 'initial');
  a.git('push', '-q', 'origin', 'HEAD:main');
  const l = clone(PEOPLE.ann, 'tools/lax');
  l.git('commit', '-q', '--allow-empty', '-m', 'initial');
  l.git('push', '-q', 'origin', 'HEAD:main');
});
after(async () => {
  await srv.stop();
});

const clone = (p: Person, repo = REPO) => hostedClone(srv, p, repo);

/** The environment of a clone, but entries written as someone else (`GIT_AUTHOR_*`), as the attacker did. */
const as = (c: HostedClone, who: { name: string; email: string }) => ({
  ...c.env,
  GIT_AUTHOR_NAME: who.name,
  GIT_AUTHOR_EMAIL: who.email,
});
const ROOT = { name: PEOPLE.admin.name, email: PEOPLE.admin.email };

const serverRef = (ref: string, repo = REPO) =>
  git(
    gitAs(PEOPLE.admin),
    '/',
    '--git-dir',
    join(root, `${repo}.git`),
    'rev-parse',
    '--verify',
    '-q',
    ref,
  ).stdout.trim();

async function api(path: string, who: Person) {
  const auth = `Basic ${Buffer.from(`${who.name}:${who.password}`).toString('base64')}`;
  const res = await fetch(`${srv.url}${REPO}/api${path}`, { headers: { authorization: auth } });
  return (await res.json()) as any;
}

function signWith(c: HostedClone, key: SshTestKey) {
  c.git('config', 'gpg.format', 'ssh');
  c.git('config', 'user.signingKey', key.priv);
  c.git('config', 'dit.sign', 'true');
}

test("attack 1: a reader's proposal carrying entries by the administrator is refused, and nothing is written", async () => {
  const a = clone(PEOPLE.ann);
  const id = JSON.parse(a.dit('new', 'Crash on save', '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  const b = clone(PEOPLE.bob);
  b.dit('sync');
  b.git('checkout', '-q', '-b', 'evil');
  const forged = as(b, ROOT);
  assert.equal(b.run(forged, 'close', id, '-m', 'admin closed this as fixed').code, 0);
  for (const n of [1, 2, 3]) assert.equal(b.run(forged, 'comment', id, `comment ${n} by admin`).code, 0);
  b.git('add', '-A');
  b.git('commit', '-q', '-m', 'a harmless change');
  const journal = serverRef('refs/dit/journal');
  const heads = git(gitAs(PEOPLE.admin), '/', '--git-dir', join(root, `${REPO}.git`), 'for-each-ref').stdout;
  const r = b.push('origin', 'HEAD:refs/for/main');
  assert.notEqual(r.code, 0, 'the push is refused');
  assert.match(
    r.stderr,
    /push refused: entry [0-9a-f]{7} on ticket #[0-9a-f]{7} says it was written by root <root@example\.com>, the account root, but it is not signed/,
  );
  assert.match(r.stderr, /write the entry as yourself \(bob <bob@example\.com>\)/);
  assert.equal(serverRef('refs/dit/journal'), journal, 'the journal did not move');
  assert.equal(git(gitAs(PEOPLE.admin), '/', '--git-dir', join(root, `${REPO}.git`), 'for-each-ref').stdout, heads);
  const t = (await api(`/tickets/${id}`, PEOPLE.ann)).ticket;
  assert.equal(t.status, 'new');
  assert.equal(t.comments.length, 0);
});

test("attack 2: a writer's journal push as another account is refused, naming the entry", async () => {
  const a = clone(PEOPLE.ann);
  const id = JSON.parse(a.dit('new', 'Journal victim', '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  const before = serverRef('refs/dit/journal');
  assert.equal(a.run(as(a, ROOT), 'close', id, '--shared', '-m', 'closed by admin').code, 0);
  const r = a.push('origin', 'refs/dit/journal:refs/dit/journal');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /entry [0-9a-f]{7} on ticket #[0-9a-f]{7} says it was written by root <root@example\.com>/);
  assert.equal(serverRef('refs/dit/journal'), before, 'nothing written');
  const sync = a.run(a.env, 'sync');
  assert.notEqual(sync.code, 0, 'dit sync meets the same refusal');
  assert.match(sync.stderr, /says it was written by root/);
  const shown = (await api(`/tickets/${id}`, PEOPLE.ann)).ticket;
  assert.equal(shown.status, 'new', 'the server never showed the forged close');
});

test("entries signed with the account's own key go through and show verified; a key of someone else does not", async () => {
  const admin = clone(PEOPLE.admin);
  admin.dit('sync');
  signWith(admin, keys.root!);
  const id = JSON.parse(admin.dit('new', 'Signed by root', '--shared', '--json')).ticket.id as string;
  // ann carries root's signed entry to the server: verified for root, so accepted
  const a = clone(PEOPLE.ann);
  a.git('fetch', '-q', admin.dir, '+refs/dit/journal:refs/dit/journal');
  const r = a.push('origin', 'refs/dit/journal:refs/dit/journal');
  assert.equal(r.code, 0, r.stderr);
  const t = (await api(`/tickets/${id}`, PEOPLE.bob)).ticket;
  assert.equal(t.verification.state, 'verified');
  assert.equal(t.verification.signer, 'root');
  assert.equal(t.verification.key, keys.root!.fingerprint);
  const listed = JSON.parse(serverOk(root, ['key', 'ls', 'root', '--json'])).keys;
  assert.ok(listed[0].lastUsed, 'the key shows its last use');
  // ann signs as root with her own key: a good signature, but not root's
  signWith(a, keys.ann!);
  a.dit('sync');
  assert.equal(a.run(as(a, ROOT), 'comment', id, 'root did not write this', '--shared').code, 0);
  const refused = a.push('origin', 'refs/dit/journal:refs/dit/journal');
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /its signature does not verify \(signed with a key of ann, not of root@example\.com\)/);
});

test('an email no account holds is accepted and shown unsigned; so is the pusher writing as themselves', async () => {
  const a = clone(PEOPLE.ann);
  a.dit('sync');
  const stranger = { name: 'Outside Contributor', email: 'outside@elsewhere.example' };
  const id = JSON.parse(a.run(as(a, stranger), 'new', 'From outside', '--shared', '--json').stdout).ticket.id as string;
  a.dit('comment', id, 'ann answers', '--shared');
  const r = a.push('origin', 'refs/dit/journal:refs/dit/journal');
  assert.equal(r.code, 0, r.stderr);
  const t = (await api(`/tickets/${id}`, PEOPLE.ann)).ticket;
  assert.equal(t.author.email, stranger.email);
  assert.deepEqual(t.verification, { state: 'unsigned' });
  assert.deepEqual(t.comments[0].verification, { state: 'unsigned' });
});

test('state changes need write: a reader may comment and close their own ticket, not close, approve or veto others', () => {
  const a = clone(PEOPLE.ann);
  const annsTicket = JSON.parse(a.dit('new', "Ann's ticket", '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  const b = clone(PEOPLE.bob);
  b.dit('sync');
  const bobsTicket = JSON.parse(b.dit('new', "Bob's ticket", '--json')).ticket.id as string;
  b.dit('close', bobsTicket, '-m', 'my own: I may close it');
  b.dit('comment', annsTicket, 'a reader may comment');
  b.git('checkout', '-q', '-b', 'fine');
  b.git('add', '-A');
  b.git('commit', '-q', '-m', 'comment and close my own');
  const ok = b.push('origin', 'HEAD:refs/for/main');
  assert.equal(ok.code, 0, ok.stderr);
  b.git('checkout', '-q', '-b', 'closer', 'fine');
  b.dit('close', annsTicket, '-m', "a reader closing ann's ticket");
  b.git('add', '-A');
  b.git('commit', '-q', '-m', 'close ann');
  const refused = b.push('origin', 'HEAD:refs/for/main');
  assert.notEqual(refused.code, 0);
  assert.match(
    refused.stderr,
    new RegExp(
      'entry [0-9a-f]{7} on ticket #[0-9a-f]{7} sets its status to \\w+, but it is by bob <bob@example\\.com> ' +
        'and the account bob has read access to tools/editor: that takes write access',
    ),
  );
});

test("the reader's rule at push time is the web's: a reader's proposal may not label, retitle or define labels", () => {
  const a = clone(PEOPLE.ann);
  const annsTicket = JSON.parse(a.dit('new', "Ann's labelled ticket", '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  const b = clone(PEOPLE.bob);
  b.dit('sync');
  const tries: [string, string[], RegExp][] = [
    ['label', ['label', annsTicket, '+bug'], /changes its labels/],
    ['retitle', ['edit', annsTicket, '--title', 'Bob renamed this'], /edits its title/],
    ['define', ['label-def', 'wontfix', '--color', 'ff0000'], /defines a label/],
  ];
  for (const [name, args, said] of tries) {
    b.git('checkout', '-q', '-B', `try-${name}`, 'origin/main');
    b.dit(...args);
    b.git('add', '-A');
    b.git('commit', '-q', '-m', name);
    const refused = b.push('origin', 'HEAD:refs/for/main');
    assert.notEqual(refused.code, 0, `${name} refused`);
    assert.match(refused.stderr, said);
    assert.match(refused.stderr, /bob has read access to tools\/editor: that takes write access/);
  }
});

test('a repository admin relaxes the rule with dit.verify off on the settings page: the same forged push then goes in', async () => {
  const a = clone(PEOPLE.ann, 'tools/lax');
  const id = JSON.parse(a.dit('new', 'Lax', '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  assert.equal(a.run(as(a, ROOT), 'close', id, '--shared').code, 0);
  const strict = a.push('origin', 'refs/dit/journal:refs/dit/journal');
  assert.notEqual(strict.code, 0, 'strict by default');
  // the administrator turns it off on the settings page
  const signin = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: PEOPLE.admin.name, password: PEOPLE.admin.password }),
  });
  const cookie = /dit_session=[^;]+/.exec(signin.headers.get('set-cookie')!)![0];
  const settings = async () => (await fetch(`${srv.url}tools/lax/-/settings`, { headers: { cookie } })).text();
  const page = await settings();
  assert.match(page, /name="verify" value="on" checked/, 'the page shows the strict default');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const saved = await fetch(`${srv.url}tools/lax/-/settings/verify`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, verify: 'off' }),
  });
  assert.equal(saved.status, 200);
  assert.match(await settings(), /name="verify" value="off" checked/);
  const config = gitOk(gitAs(PEOPLE.admin), '/', '--git-dir', join(root, 'tools/lax.git'), 'config', 'dit.verify');
  assert.equal(config.trim(), 'false');
  const lax = a.push('origin', 'refs/dit/journal:refs/dit/journal');
  assert.equal(lax.code, 0, lax.stderr);
  // a writer may not reach the settings
  const annIn = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: PEOPLE.ann.name, password: PEOPLE.ann.password }),
  });
  const annCookie = /dit_session=[^;]+/.exec(annIn.headers.get('set-cookie')!)![0];
  const denied = await fetch(`${srv.url}tools/lax/-/settings`, { headers: { cookie: annCookie } });
  assert.notEqual(denied.status, 200);
});

test("writes through the API are the signed-in account's, signed with the server's key", async () => {
  const a = clone(PEOPLE.ann);
  const id = JSON.parse(a.dit('new', 'Commented on the web', '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  const auth = `Basic ${Buffer.from(`${PEOPLE.cy.name}:${PEOPLE.cy.password}`).toString('base64')}`;
  const session = (await (
    await fetch(`${srv.url}${REPO}/api/session`, { headers: { authorization: auth } })
  ).json()) as any;
  const res = await fetch(`${srv.url}${REPO}/api/tickets/${id}/comments`, {
    method: 'POST',
    headers: {
      authorization: auth,
      'content-type': 'application/json',
      'x-csrf-token': session.token,
      origin: srv.url.slice(0, -1),
    },
    body: JSON.stringify({ body: 'from the web' }),
  });
  assert.ok(res.ok, await res.clone().text());
  const t = (await api(`/tickets/${id}`, PEOPLE.ann)).ticket;
  const c = t.comments.find((x: { body: string }) => x.body === 'from the web');
  assert.equal(c.author.email, PEOPLE.cy.email);
  assert.equal(c.verification.state, 'verified');
  assert.equal(c.verification.signer, 'cy');
  assert.equal(c.verification.server, new URL(srv.url).host);
  // a clone sees the same signature; it trusts the server's key once told to
  a.dit('sync');
  const local = JSON.parse(a.dit('show', id, '--json')).ticket.comments.find(
    (x: { body: string }) => x.body === 'from the web',
  );
  assert.equal(local.verification.state, 'unverified', 'a clone does not know the server key yet');
  const pub = join(root, '.dit-server', 'signing-key.pub');
  const allowed = join(tempDir(), 'allowed');
  writeFileSync(allowed, `*@example.com namespaces="dit" ${spawnSync('cat', [pub], { encoding: 'utf8' }).stdout}`);
  a.git('config', 'gpg.ssh.allowedSignersFile', allowed);
  const trusted = JSON.parse(a.dit('show', id, '--json')).ticket.comments.find(
    (x: { body: string }) => x.body === 'from the web',
  );
  assert.equal(trusted.verification.state, 'verified');
});
