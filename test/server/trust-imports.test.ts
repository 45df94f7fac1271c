// Imports stay honest on a strict dit server (issue 22): an administrator's signed import of Gitblit's 259
// journals goes through and shows each original author with the import mark; an origin speaks for nobody.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GITBLIT_FIXTURE, tempDir } from '../support/helpers.js';
import { type SshTestKey, sshKey } from '../support/keys.js';
import {
  git,
  gitAs,
  type HostedClone,
  hostedClone,
  PEOPLE,
  type Person,
  type RunningServer,
  serverOk,
  startHosted,
} from '../support/server-helpers.js';

const FIXTURE = GITBLIT_FIXTURE;

let root: string;
let srv: RunningServer;
const REPO = 'tools/imports';
let rootKey: SshTestKey;

before(async () => {
  ({ root, srv } = await startHosted({ [REPO]: { grants: { ann: 'write', bob: 'read' } } }));
  rootKey = sshKey('ed25519');
  serverOk(root, ['key', 'add', PEOPLE.admin.name, rootKey.pub]);
  const a = clone(PEOPLE.ann);
  a.git('commit', '-q', '--allow-empty', '-m', 'initial');
  a.git('push', '-q', 'origin', 'HEAD:main');
});
after(async () => {
  await srv.stop();
});

const clone = (p: Person) => hostedClone(srv, p, REPO);

const push = (c: HostedClone) => git(c.env, c.dir, 'push', 'origin', 'refs/dit/journal:refs/dit/journal');
const serverJournal = () =>
  git(
    gitAs(PEOPLE.admin),
    '/',
    '--git-dir',
    join(root, `${REPO}.git`),
    'rev-parse',
    '-q',
    '--verify',
    'refs/dit/journal',
  ).stdout.trim();

/**
 * A GET, asked again once when a kept-alive connection turns out closed ("other side closed": the
 * server dropped it as idle just as fetch reused it, after the long git runs between requests).
 */
async function get(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch (err) {
    if (!/other side closed/.test(String((err as Error).cause))) throw err;
    return fetch(url, { headers });
  }
}

async function api(path: string, who: Person) {
  const auth = `Basic ${Buffer.from(`${who.name}:${who.password}`).toString('base64')}`;
  const res = await get(`${srv.url}${REPO}/api${path}`, { authorization: auth });
  assert.equal(res.status, 200, path);
  return (await res.json()) as any;
}

async function page(path: string, who: Person): Promise<string> {
  const signin = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: who.name, password: who.password }),
  });
  const cookie = /dit_session=[^;]+/.exec(signin.headers.get('set-cookie')!)![0];
  const res = await get(`${srv.url}${REPO}${path}`, { cookie });
  assert.equal(res.status, 200, path);
  return res.text();
}

const ROOT_AUTHOR = { name: PEOPLE.admin.name, email: PEOPLE.admin.email };

test("an administrator's signed Gitblit import goes through the strict server: verified, original authors shown", async () => {
  if (!FIXTURE) {
    assert.ok(!process.env.CI, 'CI must have ../shared/fixtures/gitblit-tickets');
    return;
  }
  const admin = clone(PEOPLE.admin);
  admin.dit('sync');
  admin.git('config', 'gpg.format', 'ssh');
  admin.git('config', 'user.signingKey', rootKey.priv);
  admin.git('config', 'dit.sign', 'true');
  assert.match(admin.dit('import', '--gitblit', FIXTURE, '--shared'), /^259 tickets, 66 comments/);
  const r = push(admin);
  assert.equal(r.code, 0, `the strict server takes the import: ${r.stderr}`);

  // every entry of the import is root's and signed by root's key; Gitblit's users are origins
  const exported = admin
    .dit('export')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l) => l.kind === 'ticket');
  assert.equal(exported.length, 259);
  const entries = exported.flatMap((l) => l.entries);
  assert.ok(entries.length > 1000);
  for (const e of entries) {
    assert.deepEqual(e.entry.author, ROOT_AUTHOR);
    assert.equal(e.entry.origin.source, 'Gitblit');
    assert.equal(e.sig?.format, 'ssh', `entry ${e.id} is signed`);
  }

  // the server verifies them for root and shows who wrote them in Gitblit, marked as imported by root
  const id = JSON.parse(admin.dit('show', 'gitblit#5', '--json')).ticket.id as string;
  const t = (await api(`/tickets/${id}`, PEOPLE.bob)).ticket;
  assert.equal(t.origin, 'gitblit#5');
  assert.deepEqual(t.verification.state, 'verified');
  assert.equal(t.verification.signer, PEOPLE.admin.name);
  assert.deepEqual(
    t.comments.map((c: any) => [c.author.name, c.author.imported.source, c.author.imported.by, c.verification.state]),
    [
      ['alfsch', 'Gitblit', ROOT_AUTHOR, 'verified'],
      ['james', 'Gitblit', ROOT_AUTHOR, 'verified'],
      ['alfsch', 'Gitblit', ROOT_AUTHOR, 'verified'],
    ],
  );
  assert.ok(
    t.timeline.every((i: any) => !('entry' in i) || i.verification.state === 'verified'),
    'every entry of the ticket is verified',
  );
  const html = await page(`/tickets/${id}`, PEOPLE.bob);
  assert.match(html, />alfsch<\/a> <span class="[^"]*import-mark">\(imported from\s*Gitblit\s*, by root\)<\/span>/);
  assert.match(html, /Verified/);
  // the command line says it the same way
  assert.match(admin.dit('show', 'gitblit#5'), /--- .* alfsch \(imported from Gitblit, by root\) commented/);
});

test('an origin speaks for nobody: a forged author is refused, an honest import naming an account changes nothing', async () => {
  const a = clone(PEOPLE.ann);
  const annsTicket = JSON.parse(a.dit('new', "Ann's ticket", '--shared', '--json')).ticket.id as string;
  a.dit('sync');
  const b = clone(PEOPLE.bob);
  b.dit('sync');
  const before = serverJournal();
  // a reader proposes: each attempt is a branch of main with an import committed on it, pushed for review
  const propose = (branch: string, env: NodeJS.ProcessEnv, file: string) => {
    b.git('checkout', '-q', '-b', branch, 'origin/main');
    const r = b.run(env, 'import', file);
    assert.equal(r.code, 0, r.stderr);
    return git(b.env, b.dir, 'push', 'origin', 'HEAD:refs/for/main');
  };

  // bob imports a ticket "by root" while claiming to be root: the entries' author is root, unsigned: refused
  const plain = join(tempDir(), 'plain.jsonl');
  writeFileSync(
    plain,
    `${JSON.stringify({ title: 'From elsewhere', created: '2020-01-01T00:00:00Z', author: ROOT_AUTHOR, origin: 'redmine#7' })}\n`,
  );
  const forged = { ...b.env, GIT_AUTHOR_NAME: ROOT_AUTHOR.name, GIT_AUTHOR_EMAIL: ROOT_AUTHOR.email };
  const refused = propose('forged', forged, plain);
  assert.notEqual(refused.code, 0, 'a forged author is refused, origin or not');
  assert.match(
    refused.stderr,
    /entry [0-9a-f]{7} on ticket #[0-9a-f]{7} says it was written by root <root@example\.com>, the account root, but it is not signed/,
  );
  assert.equal(serverJournal(), before, 'nothing written');

  // as himself, bob's import naming root as the original author goes in: bob's entry, shown as imported by bob
  const ok = propose('honest', b.env, plain);
  assert.equal(ok.code, 0, ok.stderr);
  const t = JSON.parse(b.dit('show', 'redmine#7', '--json')).ticket;
  const bob = { name: 'bob', email: PEOPLE.bob.email };
  assert.deepEqual(t.author, { ...ROOT_AUTHOR, imported: { source: 'redmine', url: null, by: bob } });
  assert.deepEqual(t.verification, { state: 'unsigned' }, "bob's own entry, unsigned: never root's");

  // and an origin gives no standing: bob's entry closing ann's ticket "as root" is still bob's, a reader's
  const close = {
    v: 1,
    kind: 'status',
    ticket: annsTicket,
    clock: 5,
    time: '2024-01-01T00:00:00Z',
    author: bob,
    origin: { name: ROOT_AUTHOR.name, email: ROOT_AUTHOR.email, source: 'Gitblit', url: null },
    status: 'closed',
  };
  const raw = join(tempDir(), 'raw.jsonl');
  writeFileSync(raw, `${JSON.stringify({ kind: 'ticket', id: annsTicket, entries: [{ entry: close }] })}\n`);
  const standing = propose('standing', b.env, raw);
  assert.notEqual(standing.code, 0);
  assert.match(
    standing.stderr,
    /sets its status to closed, but it is by bob <bob@example\.com> and the account bob has read access/,
  );
  assert.equal((await api(`/tickets/${annsTicket}`, PEOPLE.ann)).ticket.status, 'new');
});
