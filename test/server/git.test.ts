// git over HTTP against a real `dit server` on 127.0.0.1: clone, fetch and push with a password and a
// token, protocol v2, gzip bodies, who may do what, and the traversal corpus.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../support/helpers.js';
import { git, gitAs, gitOk, PEOPLE, type RunningServer, serverOk, startHosted } from '../support/server-helpers.js';

let root: string;
let host: RunningServer;
let base: string;

before(async () => {
  ({ root, srv: host } = await startHosted({
    'tools/editor': { grants: { ann: 'write', bob: 'read', cy: 'admin' } },
    'open-source': { public: true },
  }));
  base = host.url;
});
after(async () => {
  await host.stop();
});

/** A raw request with the path exactly as given (no normalisation by a URL parser). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port: host.port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c) => {
          body += c;
        })
        .on('end', () => resolve({ status: res.statusCode!, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('git over HTTP', () => {
  test('ann clones with her password, pushes a branch, bob fetches it with a token; protocol v2 is spoken', () => {
    const ann = gitAs(PEOPLE.ann);
    const dir = tempDir();
    const clone = gitOk(ann, dir, 'clone', `${base}tools/editor.git`, 'work');
    void clone;
    const work = join(dir, 'work');
    gitOk(ann, work, 'commit', '--allow-empty', '-q', '-m', 'first');
    gitOk(ann, work, 'push', '-q', 'origin', 'HEAD:main');
    const token = serverOk(root, ['token', 'add', 'bob', '--name', 'ci']).trim();
    const bob = gitAs(PEOPLE.bob, { token });
    const bdir = tempDir();
    gitOk(bob, bdir, 'clone', '-q', `${base}tools/editor.git`, 'b');
    assert.equal(gitOk(bob, join(bdir, 'b'), 'log', '-1', '--format=%s').trim(), 'first');
    gitOk(ann, work, 'commit', '--allow-empty', '-q', '-m', 'second');
    gitOk(ann, work, 'push', '-q', 'origin', 'HEAD:main');
    const traced = git(
      { ...bob, GIT_TRACE_PACKET: '1' },
      join(bdir, 'b'),
      '-c',
      'protocol.version=2',
      'fetch',
      'origin',
    );
    assert.equal(traced.code, 0, traced.stderr);
    assert.match(traced.stderr, /version 2/);
    assert.equal(gitOk(bob, join(bdir, 'b'), 'log', '-1', '--format=%s', 'origin/main').trim(), 'second');
  });

  test('a big push arrives whole; a fetch with many haves goes gzipped', () => {
    const ann = gitAs(PEOPLE.ann);
    const dir = tempDir();
    gitOk(ann, dir, 'clone', '-q', `${base}tools/editor.git`, 'w');
    const work = join(dir, 'w');
    // many small refs make a big negotiation request, which git compresses
    for (let i = 0; i < 40; i++) gitOk(ann, work, 'commit', '--allow-empty', '-q', '-m', `c${i}`);
    for (let i = 0; i < 300; i++) gitOk(ann, work, 'update-ref', `refs/tags/t${i}`, 'HEAD');
    const r = git(
      { ...ann, GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' },
      work,
      '-c',
      'http.postBuffer=1024',
      'push',
      '-q',
      'origin',
      'HEAD:refs/heads/big',
      '--tags',
    );
    assert.equal(r.code, 0, r.stderr);
    const fresh = tempDir();
    gitOk(ann, fresh, 'clone', '-q', `${base}tools/editor.git`, 'f');
    gitOk(ann, join(fresh, 'f'), 'fetch', '-q', '--tags', 'origin');
    assert.equal(
      gitOk(ann, join(fresh, 'f'), 'rev-parse', 't299').trim(),
      gitOk(ann, work, 'rev-parse', 'HEAD').trim(),
    );
    // a fetch from a clone with many commits the server lacks sends many "have" lines: gzipped
    for (let i = 0; i < 60; i++) gitOk(ann, join(fresh, 'f'), 'commit', '--allow-empty', '-q', '-m', `local ${i}`);
    gitOk(ann, work, 'commit', '--allow-empty', '-q', '-m', 'news');
    gitOk(ann, work, 'push', '-q', 'origin', 'HEAD:refs/heads/big');
    const fetchGz = git(
      { ...ann, GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' },
      join(fresh, 'f'),
      '-c',
      'protocol.version=0',
      'fetch',
      'origin',
      'big',
    );
    assert.equal(fetchGz.code, 0, fetchGz.stderr);
    assert.match(fetchGz.stderr, /Content-Encoding: gzip/i, 'the request body went gzipped');
    assert.equal(gitOk(ann, join(fresh, 'f'), 'log', '-1', '--format=%s', 'FETCH_HEAD').trim(), 'news');
  });

  test('who may clone and push: anonymous, none, read, write, admin, public', () => {
    const cases: [string, NodeJS.ProcessEnv, string, boolean, boolean][] = [
      ['anonymous', gitAs(null), 'tools/editor', false, false],
      ['dee (no grant)', gitAs(PEOPLE.dee), 'tools/editor', false, false],
      ['bob (read)', gitAs(PEOPLE.bob), 'tools/editor', true, false],
      ['ann (write)', gitAs(PEOPLE.ann), 'tools/editor', true, true],
      ['cy (admin)', gitAs(PEOPLE.cy), 'tools/editor', true, true],
      ['root (server admin)', gitAs(PEOPLE.admin), 'tools/editor', true, true],
      ['anonymous, public', gitAs(null), 'open-source', true, false],
      ['dee, public', gitAs(PEOPLE.dee), 'open-source', true, false],
    ];
    for (const [who, env, repo, canClone, canPush] of cases) {
      const dir = tempDir();
      const c = git(env, dir, 'clone', '-q', `${base}${repo}.git`, 'c');
      assert.equal(c.code === 0, canClone, `${who} clone ${repo}: ${c.stderr}`);
      if (!canClone) {
        assert.match(
          c.stderr,
          who.startsWith('anonymous') ? /Authentication failed|could not read Username|401/ : /not found|404/,
          `${who}: ${c.stderr}`,
        );
        assert.doesNotMatch(c.stderr, /403/, 'a repository one may not read is not admitted to exist');
        continue;
      }
      const work = join(dir, 'c');
      gitOk(env, work, 'commit', '--allow-empty', '-q', '-m', `by ${who}`);
      const p = git(env, work, 'push', '-q', 'origin', `HEAD:refs/heads/by-${who.replace(/\W+/g, '-')}`);
      assert.equal(p.code === 0, canPush, `${who} push ${repo}: ${p.stderr}`);
      if (!canPush) assert.match(p.stderr, /403|401|Authentication failed|could not read Username|may read/, who);
    }
  });

  test('a wrong password or token is refused, and a nonexistent repository looks like a private one', () => {
    const wrong = gitAs({ ...PEOPLE.ann, password: 'not-her-password' });
    const r = git(wrong, tempDir(), 'clone', '-q', `${base}tools/editor.git`, 'x');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Authentication failed/);
    const badToken = git(gitAs(PEOPLE.ann, { token: 'dit_nope' }), tempDir(), 'ls-remote', `${base}tools/editor.git`);
    assert.notEqual(badToken.code, 0);
    const anonNone = git(gitAs(null), tempDir(), 'ls-remote', `${base}no/such.git`);
    const anonPrivate = git(gitAs(null), tempDir(), 'ls-remote', `${base}tools/editor.git`);
    assert.equal(anonNone.stderr.replace(/no\/such/g, 'X'), anonPrivate.stderr.replace(/tools\/editor/g, 'X'));
  });

  test('traversal corpus: every form answers 400 and nothing outside the root is read', async () => {
    const corpus = [
      '/../../etc/passwd',
      '/tools/../../etc/passwd.git/info/refs?service=git-upload-pack',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2Fetc%2Fpasswd',
      '/tools%2feditor.git/info/refs?service=git-upload-pack',
      '/tools/editor.git%2f..%2f..%2finfo/refs',
      '/..%5c..%5cetc%5cpasswd',
      '/tools\\..\\editor.git/info/refs',
      '/tools/editor.git/%00/info/refs',
      '/%00',
      '/./tools/editor.git/info/refs?service=git-upload-pack',
      '/tools/%2e/editor/',
      '/%252e%252e/x',
      '//etc/passwd',
      '/tools/editor/%2e%2e/%2e%2e/api/tickets',
      '/a/%c0%ae%c0%ae/b',
    ];
    for (const path of corpus) {
      const r = await raw(path, {
        authorization: `Basic ${Buffer.from(`${PEOPLE.admin.name}:${PEOPLE.admin.password}`).toString('base64')}`,
      });
      if (path === '/%252e%252e/x') assert.equal(r.status, 404, `${path} is a name, not a traversal`);
      else assert.equal(r.status, 400, `${path}: ${r.status} ${r.body}`);
      assert.doesNotMatch(r.body, /root:x:0/);
    }
    assert.ok(!existsSync(join(root, '..', 'etc')));
  });

  test('the dumb protocol is not served, and methods are checked', async () => {
    const auth = {
      authorization: `Basic ${Buffer.from(`${PEOPLE.ann.name}:${PEOPLE.ann.password}`).toString('base64')}`,
    };
    assert.equal((await raw('/tools/editor.git/info/refs', auth)).status, 403);
    assert.equal((await raw('/tools/editor.git/HEAD', auth)).status, 404);
    assert.equal((await raw('/tools/editor.git/git-upload-pack', auth)).status, 405);
    const ok = await raw('/tools/editor.git/info/refs?service=git-upload-pack', auth);
    assert.equal(ok.status, 200);
    assert.match(ok.body, /# service=git-upload-pack/);
  });
});
