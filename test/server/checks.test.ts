// CI checks on proposals against a real `dit server`: the README's CI script (a real shell script with
// git, curl and jq) run on each `patchset` webhook, checks per revision, required checks holding the
// merge, the marks on the pages, `dit check`/`dit checks` from a CI clone with a token, token scopes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Repo, ROOT, repoAt, tempDir } from '../support/helpers.js';
import {
  git,
  gitAs,
  gitOk,
  PEOPLE,
  type Person,
  type RunningServer,
  serverOk,
  startHosted,
  webhookReceiver,
} from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;
let receiver: Server;
let payloads: Record<string, any>[] = [];
const tokens: Record<string, string> = {};
let admin: { cookie: string; csrf: string };

/** The CI script exactly as the README shows it. */
function readmeScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /```sh\n((?:[ ]*)#!\/bin\/sh\n[ ]*# dit-ci\.sh[\s\S]*?)\n[ ]*```/.exec(readme);
  assert.ok(m, 'the README shows dit-ci.sh');
  const indent = /^[ ]*/.exec(m[1]!)![0]!.length;
  return `${m[1]!
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n')}\n`;
}

async function signIn(p: Person): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: p.name, password: p.password }),
  });
  const cookie = /dit_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const page = await (await fetch(`${srv.url}team/app/-/settings`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
}

const settings = (path: string, fields: Record<string, string>) =>
  fetch(`${srv.url}team/app/-/settings/${path}`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: admin.csrf, ...fields }),
  });

const api = (who: string, method: string, path: string, body?: unknown) =>
  fetch(`${srv.url}team/app/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const checksOf = async (id: string) => {
  const res = await api('ann', 'GET', `tickets/${id}/checks`);
  assert.equal(res.status, 200);
  return (await res.json()) as { required: string[]; revisions: any[] };
};

/** The next `patchset` webhook delivered after `count` of them. */
async function patchsetPayload(count: number): Promise<Record<string, any>> {
  for (let t = Date.now(); Date.now() - t < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    const seen = payloads.filter((p) => p.event === 'patchset');
    if (seen.length > count) return seen[count]!;
  }
  return assert.fail('no patchset webhook arrived');
}

/** Runs the README's script on a payload as CI would: its own folder, the CI token, the build command. */
function runCi(payload: Record<string, any>, build: string): { code: number; stderr: string } {
  const dir = tempDir('dit-ci-');
  writeFileSync(join(dir, 'dit-ci.sh'), readmeScript());
  writeFileSync(join(dir, 'payload.json'), JSON.stringify(payload));
  const r = spawnSync('sh', [join(dir, 'dit-ci.sh'), join(dir, 'payload.json')], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...gitAs(null),
      PATH: process.env.PATH,
      TMPDIR: dir,
      DIT_TOKEN: tokens.ci!,
      CI_URL: `https://ci.example.com/job/${payload.patchset.number}.${payload.patchset.revision}`,
      BUILD: build,
    },
  });
  return { code: r.status ?? -1, stderr: r.stderr };
}

before(async () => {
  ({ server: receiver, payloads } = await webhookReceiver());
  ({ root, srv } = await startHosted({ 'team/app': { grants: { ann: 'write', bob: 'read', dee: 'read' } } }, [
    '--webhook-allow',
    '127.0.0.0/8',
  ]));
  // dee is the CI's account: it may read team/app, and its token may report checks
  tokens.ci = serverOk(root, ['token', 'add', 'dee', '--name', 'ci', '--scope', 'checks']).trim();
  tokens.deeRead = serverOk(root, ['token', 'add', 'dee', '--name', 'reader', '--scope', 'read']).trim();
  tokens.ann = serverOk(root, ['token', 'add', 'ann', '--name', 't']).trim();
  admin = await signIn(PEOPLE.admin);
  const port = (receiver.address() as AddressInfo).port;
  assert.equal((await settings('webhooks', { url: `http://127.0.0.1:${port}/ci`, secret: 's3cret' })).status, 200);
  const saved = await settings('checks', { required: 'ci/test\n' });
  assert.equal(saved.status, 200);
  assert.match(await saved.text(), /Required checks saved/);
});
after(async () => {
  await srv.stop();
  receiver.close();
});

function cloneAs(who: Person, token?: string): Repo {
  const env = gitAs(who, token ? { token } : {});
  const dir = tempDir();
  gitOk(env, dir, 'clone', '-q', `${srv.url}team/app.git`, 'work');
  return repoAt(join(dir, 'work'), env);
}

describe('checks from CI', () => {
  test("the README's CI script builds each revision and reports back; required checks hold the merge", async () => {
    const ann = cloneAs(PEOPLE.ann);
    ann.write('README', 'the app\n');
    ann.write('test.sh', 'exit 0\n');
    ann.commit('initial commit');
    gitOk(ann.env, ann.dir, 'push', '-q', 'origin', 'HEAD:main');
    ann.git('checkout', '-q', '-b', 'broken');
    ann.write('test.sh', 'echo "1 test failed" >&2; exit 1\n');
    const tip1 = ann.commit('Break the tests');
    const pushed = git(ann.env, ann.dir, 'push', 'origin', 'HEAD:refs/for/new');
    assert.equal(pushed.code, 0, pushed.stderr);
    const short = /#([0-9a-f]{7}): /.exec(pushed.stderr)![1]!;

    const p1 = await patchsetPayload(0);
    const id = p1.ticket.id as string;
    assert.ok(id.startsWith(short));
    assert.equal(p1.repository.clone_url, `${srv.url}team/app.git`);
    assert.equal(p1.checks_url, `${srv.url}team/app/api/tickets/${id}/checks`);
    assert.deepEqual(
      [p1.patchset.number, p1.patchset.revision, p1.patchset.commit, p1.patchset.target, p1.patchset.ref],
      [1, 1, tip1, 'main', `refs/dit/patchsets/${id}/1`],
    );
    // before CI answers, the required check is expected: the revision is pending
    let c = await checksOf(id);
    assert.deepEqual(c.required, ['ci/test']);
    assert.deepEqual([c.revisions[0].state, c.revisions[0].missing], ['pending', ['ci/test']]);

    const ran = runCi(p1, 'sh test.sh');
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stderr, /1 test failed/, 'the build ran the proposal’s own test');
    c = await checksOf(id);
    const reported = c.revisions[0].checks[0];
    assert.deepEqual(
      [reported.name, reported.state, reported.url, reported.commit, reported.author.email],
      ['ci/test', 'failure', 'https://ci.example.com/job/1.1', tip1, PEOPLE.dee.email],
    );

    // the merge waits, saying which check; the pages show a red cross
    const refused = await api('ann', 'POST', `tickets/${id}/merge`, {});
    assert.equal(refused.status, 409);
    assert.match(
      (await refused.json()).error.message,
      /required check of patchset 1 revision 1 not passed: ci\/test \(failure\)/,
    );
    const page = await (await fetch(`${srv.url}team/app/tickets/${id}`, { headers: { cookie: admin.cookie } })).text();
    assert.match(page, /id="merge-checks"[\s\S]*Some checks were not successful: 1 failing/);
    assert.match(page, /data-check="ci\/test"[\s\S]*?Required[\s\S]*?href="https:\/\/ci\.example\.com\/job\/1\.1"/);
    assert.match(page, /id="merge-button"[^>]*disabled/);
    assert.match(
      page,
      /class="patchset-event"[\s\S]*?check-status[\s\S]*?check-failure/,
      'the pushed revision is marked',
    );
    const list = await (await fetch(`${srv.url}team/app/`, { headers: { cookie: admin.cookie } })).text();
    assert.match(list, /class="[^"]*list-check[^"]*"[^>]*title="checks: failure"/);

    // a fix is a new revision: its checks start over (pending), the old one keeps its failure
    ann.write('test.sh', 'exit 0\n');
    const tip2 = ann.commit('Fix the tests');
    assert.equal(git(ann.env, ann.dir, 'push', 'origin', `HEAD:refs/for/${short}`).code, 0);
    const p2 = await patchsetPayload(1);
    assert.deepEqual([p2.patchset.number, p2.patchset.revision, p2.patchset.commit], [1, 2, tip2]);
    c = await checksOf(id);
    assert.deepEqual(
      c.revisions.map((r) => [r.revision, r.state]),
      [
        [2, 'pending'],
        [1, 'failure'],
      ],
    );
    assert.equal(runCi(p2, 'sh test.sh').code, 0);
    c = await checksOf(id);
    assert.deepEqual([c.revisions[0].state, c.revisions[0].checks[0].state], ['success', 'success']);
    const commits = await (
      await fetch(`${srv.url}team/app/tickets/${id}/commits`, { headers: { cookie: admin.cookie } })
    ).text();
    assert.match(commits, /revision-checks[\s\S]*?check-success/, 'the Commits tab marks the revision');
    const merged = await api('ann', 'POST', `tickets/${id}/merge`, {});
    assert.equal(merged.status, 200, await merged.clone().text());
    assert.ok(
      payloads.some((p) => p.event === 'check' && p.entry.state === 'success'),
      'a check event too',
    );
  });

  test('dit check and dit checks from a CI clone with DIT_TOKEN; tokens may do no more than their scope', async () => {
    const bob = cloneAs(PEOPLE.bob);
    bob.git('checkout', '-q', '-b', 'docs');
    bob.write('docs.txt', 'docs\n');
    const tip = bob.commit('Document it');
    const pushed = git(bob.env, bob.dir, 'push', 'origin', 'HEAD:refs/for/new');
    assert.equal(pushed.code, 0, pushed.stderr);
    const id = /#([0-9a-f]{7}): /.exec(pushed.stderr)![1]!;

    // CI's clone, checked out at the proposal: HEAD names the revision
    const ci = cloneAs(PEOPLE.dee, tokens.ci);
    ci.git('fetch', '-q', 'origin', `ticket/${id}`);
    ci.git('checkout', '-q', 'FETCH_HEAD');
    const env = { ...ci.env, DIT_TOKEN: tokens.ci };
    const dit = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/dit.js'), ...args], { cwd: ci.dir, env, encoding: 'utf8' });
    const posted = dit('check', id, 'ci/lint', '--state', 'success', '--url', 'https://ci.example.com/lint/7');
    assert.equal(posted.status, 0, posted.stderr);
    assert.match(posted.stdout, /ci\/lint success on patchset 1 revision 1\n/);
    const listed = dit('checks', id, '--json');
    assert.equal(listed.status, 0, listed.stderr);
    const json = JSON.parse(listed.stdout);
    assert.deepEqual(
      json.revisions.map((r: any) => [r.commit, r.state, r.checks.map((x: any) => x.name), r.missing]),
      [[tip, 'pending', ['ci/lint'], ['ci/test']]],
    );
    assert.match(dit('checks', id).stdout, /✓ ci\/lint +success {4}https:\/\/ci\.example\.com\/lint\/7/);
    const bad = dit('check', id, 'ci/lint', '--state', 'success', '--url', 'javascript:alert(1)');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /http:\/\/ or https:\/\//);

    // a checks token reports checks only; a read token not even that
    const full = (await checksOf(id)).revisions[0];
    assert.equal(full.checks.length, 1);
    const asRead = await api('deeRead', 'POST', `tickets/${id}/checks`, { name: 'ci/x', state: 'success' });
    assert.equal(asRead.status, 403);
    const comment = await api('ci', 'POST', `tickets/${id}/comments`, { body: 'from CI' });
    assert.equal(comment.status, 403, 'a checks token does not comment');
    const push = git(ci.env, ci.dir, 'push', 'origin', 'HEAD:refs/for/new');
    assert.notEqual(push.code, 0, 'nor push');
    const anon = await fetch(`${srv.url}team/app/api/tickets/${id}/checks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci/x', state: 'success' }),
    });
    assert.ok(anon.status === 403 || anon.status === 404, `anonymous: ${anon.status}`);
  });
});
