// Proposals and patchsets pushed over HTTP to a real `dit server`: the same proc-receive hook as a
// file:// push, with the server's accounts deciding who may open, add to and rewrite a proposal.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findRepo } from '../../src/server/repos.js';
import { type Repo, repoAt, tempDir } from '../support/helpers.js';
import {
  git,
  gitAs,
  gitOk,
  PEOPLE,
  type Person,
  type RunningServer,
  serverOk,
  startHosted,
} from '../support/server-helpers.js';

let root: string;
let host: RunningServer;
let url: string;

before(async () => {
  ({ root, srv: host } = await startHosted({ 'team/app': { grants: { ann: 'write', bob: 'read', cy: 'read' } } }));
  url = `${host.url}team/app.git`;
});
after(async () => {
  await host.stop();
});

/** A clone of team/app as someone, with dit and git run as them. */
function cloneAs(who: Person | null): Repo {
  const env = gitAs(who);
  const dir = tempDir();
  gitOk(env, dir, 'clone', '-q', url, 'work');
  return repoAt(join(dir, 'work'), env);
}

const push = (r: Repo, refspec: string) => git(r.env, r.dir, 'push', 'origin', refspec);
const shortIdIn = (stderr: string) => /#([0-9a-f]{7}): /.exec(stderr)?.[1] ?? assert.fail(stderr);

describe('patchsets over HTTP', () => {
  test('a reader opens a proposal and rewrites their own; others may not; writers add to it', () => {
    const ann = cloneAs(PEOPLE.ann);
    ann.write('README', 'the app\n');
    ann.commit('initial commit');
    gitOk(ann.env, ann.dir, 'push', '-q', 'origin', 'HEAD:main');

    // bob may only read team/app: a proposal is what he can push
    const bob = cloneAs(PEOPLE.bob);
    bob.git('checkout', '-q', '-b', 'guard');
    bob.write('buffer.c', 'if (!len) return;\n');
    bob.commit('Guard the empty buffer\n\nAn empty read crashed the parser.');
    const opened = push(bob, 'HEAD:refs/for/new');
    assert.equal(opened.code, 0, opened.stderr);
    assert.match(opened.stderr, /Guard the empty buffer — new proposal with patchset 1/);
    const id = shortIdIn(opened.stderr);
    assert.match(opened.stderr, new RegExp(`${url.replace(/\.git$/, '')}/tickets/${id}`), "the ticket's web address");
    assert.match(opened.stderr, new RegExp(`\\[new branch\\]\\s+HEAD -> ticket/${id}`), 'git is told the real ref');
    const main = push(bob, 'HEAD:main');
    assert.notEqual(main.code, 0);
    assert.match(main.stderr, /bob may read this repository but not update refs\/heads\/main; push a proposal/);
    const journal = push(bob, 'HEAD:refs/dit/journal');
    assert.notEqual(journal.code, 0, 'nor the shared journal');

    // what the hook recorded is in the shared journal, authored by the signed-in account
    ann.ok('sync');
    let t = ann.json('show', id).ticket;
    assert.deepEqual(
      [t.type, t.title, t.author.email, t.patchsets.length, t.current.type],
      ['proposal', 'Guard the empty buffer', PEOPLE.bob.email, 1, 'proposal'],
    );

    // cy may read too, but a rewrite of bob's patchset is not hers to push
    const cy = cloneAs(PEOPLE.cy);
    cy.git('fetch', '-q', 'origin', `ticket/${id}`);
    cy.git('checkout', '-q', '-b', 'mine', 'FETCH_HEAD');
    cy.git('commit', '-q', '--amend', '-m', 'Guard it differently');
    const rewrite = push(cy, `HEAD:refs/for/${id}`);
    assert.notEqual(rewrite.code, 0);
    assert.match(rewrite.stderr, /only the author of #[0-9a-f]{7}, someone who pushed a patchset to it/);

    // bob amends his own: patchset 2; the title follows the new message (Gitblit's amend flow)
    bob.git('commit', '-q', '--amend', '-m', 'Guard every empty buffer');
    const amended = push(bob, `+HEAD:refs/for/${id}`);
    assert.equal(amended.code, 0, amended.stderr);
    assert.match(amended.stderr, new RegExp(`#${id}: Guard every empty buffer — uploaded patchset 2 \\(amend\\)`));

    // ann may write: she adds a commit on top (patchset 2, revision 2)
    ann.git('fetch', '-q', 'origin', `ticket/${id}`);
    ann.git('checkout', '-q', '-b', 'review', 'FETCH_HEAD');
    ann.write('test.c', 'test\n');
    ann.commit('Test the empty buffer');
    const added = push(ann, `HEAD:refs/for/${id}`);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /uploaded patchset 2 revision 2 \(\+1 commit\)/);
    ann.ok('sync');
    t = ann.json('show', id).ticket;
    assert.deepEqual(
      t.patchsets.map((p: { number: number; revisions: { type: string }[] }) => [
        p.number,
        p.revisions.map((r) => r.type),
      ]),
      [
        [1, ['proposal']],
        [2, ['amend', 'fast-forward']],
      ],
    );
    // patchset 1 stays fetchable after the rewrite
    const kept = git(ann.env, ann.dir, 'fetch', 'origin', `refs/dit/patchsets/${t.id}/1`);
    assert.equal(kept.code, 0, kept.stderr);
  });

  test('no account, no proposal; no grant, no repository; a repository may refuse readers', () => {
    const ann = cloneAs(PEOPLE.ann);
    const anonymous = git(gitAs(null), tempDir(), 'clone', '-q', url, 'x');
    assert.notEqual(anonymous.code, 0);
    assert.match(anonymous.stderr, /Authentication failed|could not read Username|401/);
    // dee has no grant: the repository does not exist for her, whatever she pushes
    ann.git('checkout', '-q', '-b', 'dee-change');
    ann.write('dee.txt', 'dee\n');
    ann.commit('Dee would like this');
    const dee = git(gitAs(PEOPLE.dee), ann.dir, 'push', url, 'HEAD:refs/for/new');
    assert.notEqual(dee.code, 0);
    assert.match(dee.stderr, /not found|404/);
    const anon = git(gitAs(null), ann.dir, 'push', url, 'HEAD:refs/for/new');
    assert.notEqual(anon.code, 0);
    assert.match(anon.stderr, /Authentication failed|could not read Username|401/);

    // an administrator turns proposals from readers off (Gitblit's "accept new patchsets")
    const dir = findRepo(root, 'team/app') ?? assert.fail('team/app is hosted');
    gitOk(gitAs(PEOPLE.admin), dir, 'config', 'dit.acceptProposals', 'false');
    try {
      const bob = git(gitAs(PEOPLE.bob), ann.dir, 'push', url, 'HEAD:refs/for/new');
      assert.notEqual(bob.code, 0);
      assert.match(bob.stderr, /takes no proposals from readers/);
      const writer = push(ann, 'HEAD:refs/for/new');
      assert.equal(writer.code, 0, `writers still may: ${writer.stderr}`);
    } finally {
      gitOk(gitAs(PEOPLE.admin), dir, 'config', '--unset', 'dit.acceptProposals');
    }
  });
});

describe('reviews on dit server', () => {
  test('a reader may say +1 or -1 (page and API); +2, -2 and the merge button need write', async () => {
    const ann = cloneAs(PEOPLE.ann);
    gitOk(ann.env, ann.dir, 'fetch', '-q', 'origin');
    ann.git('checkout', '-q', '-B', 'reader-review', 'origin/main');
    ann.write('reviewed.txt', 'review me\n');
    ann.commit('Something to review');
    const id = shortIdIn(push(ann, 'HEAD:refs/for/main').stderr);
    const token = serverOk(root, ['token', 'add', 'bob', '--name', 'reviews']).trim();
    const api = (path: string, body: object) =>
      fetch(`${host.url}team/app/api/tickets/${id}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const looksGood = await api('review', { score: 1, comment: 'Reads well' });
    assert.equal(looksGood.status, 200, await looksGood.clone().text());
    const approve = await api('review', { score: 2 });
    assert.equal(approve.status, 403);
    const refused = (await approve.json()).error;
    assert.equal(refused.code, 'forbidden');
    assert.match(refused.message, /approving \(\+2\) and vetoing \(-2\) need write access/);
    assert.equal((await api('review', { score: -2 })).status, 403);
    assert.equal((await api('merge', {})).status, 403, 'merging needs write');
    assert.equal((await api('labels', { add: ['approved'] })).status, 403, 'so do labels');
    assert.equal((await api('comments', { body: 'a plain comment' })).status, 200, "a comment is a reader's right");

    // the page offers a reader +1 and -1 only, and its form works
    const signin = await fetch(`${host.url}-/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: host.url.slice(0, -1) },
      body: new URLSearchParams({ name: PEOPLE.bob.name, password: PEOPLE.bob.password }),
    });
    const cookie = /dit_session=[^;]+/.exec(signin.headers.get('set-cookie') ?? '')![0];
    const page = await (await fetch(`${host.url}team/app/tickets/${id}`, { headers: { cookie } })).text();
    const box = /<details[^>]*id="review-box"[\s\S]*?<\/details>/.exec(page)?.[0] ?? assert.fail('a review box');
    assert.deepEqual(
      [...box.matchAll(/name="score" value="(-?\d)"/g)].map((m) => m[1]),
      ['1', '-1'],
    );
    assert.match(box, /Approving \(\+2\) and vetoing \(−2\) need write access/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(box)![1]!;
    const at = /name="at" value="([^"]+)"/.exec(box)![1]!;
    const posted = await fetch(`${host.url}team/app/tickets/${id}/review`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: host.url.slice(0, -1) },
      body: new URLSearchParams({ _csrf: csrf, at, score: '-1', comment: 'One thing' }),
    });
    assert.equal(posted.status, 303);
    assert.match(page, /id="merge-button"[^>]*disabled/, 'the merge button stays disabled for a reader');

    ann.ok('sync');
    const t = ann.json('show', id).ticket;
    assert.deepEqual(
      t.reviews.map((r: { author: { email: string }; score: number }) => [r.author.email, r.score]),
      [[PEOPLE.bob.email, -1]],
      "bob's latest review counts, written as his account",
    );
    assert.equal(t.review, 'needs-work');
  });
});
