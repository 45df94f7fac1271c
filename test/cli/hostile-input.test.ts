// Hostile input and hostile repositories: deep queries, odd branch names, huge timelines, bad dates and
// clocks, long names, a remote's junk, remote images. Each gets a clear answer and costs a bounded amount.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DitError } from '../../src/errors.js';
import { entryId, serialize } from '../../src/model/entry-file.js';
import { MAX_NESTING, MAX_TERMS, parseQuery } from '../../src/query/parse.js';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { Site } from '../../src/web/site.js';
import { cloneOf, gitEnv, newTicket, type Repo, repoAt, tempBare, tempDir, tempRepo } from '../support/helpers.js';

const TOKEN = 'b'.repeat(48);
const HOST = '127.0.0.1:4920';

function appFor(store: Store, site = new Site(store)) {
  const app = createApp(site, { hosts: () => null, token: TOKEN });
  return {
    site,
    get: async (path: string): Promise<Response> => app.request(`http://${HOST}${path}`, { headers: { host: HOST } }),
  };
}

/** Writes raw entry files into the tree and stages them (a hostile or careless writer). */
function plant(r: Repo, ticket: string, entries: object[]): void {
  for (const e of entries) {
    const data = serialize(e);
    const path = `.dit/tickets/${ticket}/${entryId(data)}.json`;
    mkdirSync(join(r.dir, `.dit/tickets/${ticket}`), { recursive: true });
    writeFileSync(join(r.dir, path), data);
  }
  r.git('add', '.dit');
}

describe('queries nested too deep', () => {
  test('the parser stops at a bound with a parse error, never a stack overflow', () => {
    // as deep as a query of the longest length allowed can be (past that length it is refused for its length)
    for (const q of [
      `${'('.repeat(990)}crash${')'.repeat(990)}`,
      `${'-'.repeat(1990)}crash`,
      `${'-('.repeat(495)}x${')'.repeat(495)}`,
    ]) {
      assert.throws(
        () => parseQuery(q),
        (err: unknown) =>
          err instanceof DitError &&
          err.code === 'usage' &&
          /nests parentheses and `-` more than 32 deep/.test(err.message),
      );
    }
    const ok = `${'('.repeat(MAX_NESTING)}crash${')'.repeat(MAX_NESTING)}`;
    assert.doesNotThrow(() => parseQuery(ok), 'the bound itself is allowed');
  });

  test('the CLI exits 2 and the API answers 400 with usage', async () => {
    const r = tempRepo();
    newTicket(r, 'Crash on save', '--commit');
    const res = r.dit('ls', `${'('.repeat(990)}crash${')'.repeat(990)}`);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /more than 32 deep/);
    assert.doesNotMatch(res.stderr, /RangeError|stack/);
    const dashes = r.dit('ls', '--', `${'-'.repeat(20_000)}crash`);
    assert.equal(dashes.code, 2);
    assert.match(dashes.stderr, /the query is 20,005 characters long; dit reads at most 2,000/);
    Object.assign(process.env, r.env);
    const store = await Store.open(r.dir);
    const { site, get } = appFor(store);
    try {
      const api = await get(`/api/tickets?q=${encodeURIComponent(`${'('.repeat(2000)}x${')'.repeat(2000)}`)}`);
      assert.equal(api.status, 400);
      assert.equal((await api.json()).error.code, 'usage');
      const page = await get(`/?q=${encodeURIComponent(`${'-'.repeat(20_000)}x`)}`);
      assert.ok(page.status < 500, `the list page answers ${page.status}`);
    } finally {
      await site.close();
    }
  });
});

describe('long queries', () => {
  const xs = (n: number) => 'x '.repeat(n); // dit ls -- "$(printf 'x %.0s' {1..999})"
  const chain = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(' OR ');

  test('too many terms or characters is a usage error naming the limit: exit 2, HTTP 400, never 1 or 500', async () => {
    const r = tempRepo();
    newTicket(r, 'x marks the spot', '--commit');
    const many = r.dit('ls', '--', xs(999));
    assert.equal(many.code, 2, many.stderr);
    assert.match(many.stderr, new RegExp(`the query has 999 terms; dit reads at most ${MAX_TERMS}`));
    const labels = r.dit(
      'ls',
      chain(1000, (i) => `label:a${i}`),
    );
    assert.equal(labels.code, 2, labels.stderr);
    assert.match(labels.stderr, /at most 2,000/, 'a 1,000-label chain is longer than a query may be');
    const json = r.dit(
      'ls',
      '--json',
      chain(1000, () => 'x'),
    );
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).error.code, 'usage');
    // at the bounds it runs and finds the ticket
    const full = r.dit('ls', '--json', '--', xs(MAX_TERMS));
    assert.equal(full.code, 0, full.stderr);
    assert.equal(JSON.parse(full.stdout).tickets.length, 1);
    assert.equal(
      r.dit(
        'ls',
        chain(MAX_TERMS, (i) => `label:a${i}`),
      ).code,
      0,
    );
    Object.assign(process.env, r.env);
    const store = await Store.open(r.dir);
    const { site, get } = appFor(store);
    try {
      for (const q of [xs(999), chain(1000, () => 'x'), chain(1000, (i) => `label:a${i}`), 'y'.repeat(5000)]) {
        const api = await get(`/api/tickets?q=${encodeURIComponent(q)}`);
        assert.equal(api.status, 400, q.slice(0, 40));
        const body = await api.json();
        assert.equal(body.error.code, 'usage');
        assert.match(body.error.message, /at most/);
        const page = await get(`/?q=${encodeURIComponent(q)}`);
        assert.equal(page.status, 400, q.slice(0, 40));
        assert.match(await page.text(), /dit reads at most/);
      }
      const ok = await get(`/api/tickets?q=${encodeURIComponent(chain(MAX_TERMS, () => 'x'))}`);
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).total, 1);
    } finally {
      await site.close();
    }
  });
});

describe('symbolic links under .dit/', () => {
  test('a template linked to /etc/passwd is never read: dit new refuses it, the new-ticket page leaves it out', async () => {
    const r = tempRepo();
    r.write('.dit/templates/bug.md', '---\nname: Bug report\ntype: bug\n---\nSteps:\n');
    symlinkSync('/etc/passwd', join(r.dir, '.dit/templates/x.md'));
    r.commit('templates, one a link');
    assert.match(readFileSync('/etc/passwd', 'utf8'), /^root:/, 'the file a leak would show');
    const res = r.dit('new', 'Leak', '--template', 'x');
    assert.equal(res.code, 13, res.stdout + res.stderr);
    assert.match(res.stderr, /\.dit\/templates\/x\.md is a symbolic link, and dit never reads through one/);
    assert.equal(r.git('ls-files', '.dit/tickets'), '', 'nothing staged');
    assert.equal(r.json('new', 'Real', '--template', 'bug').ticket.body, 'Steps:\n', 'the real template still works');
    Object.assign(process.env, r.env);
    const store = await Store.open(r.dir);
    const { site, get } = appFor(store);
    try {
      // the working tree (read from disk) and a branch (read from its tree)
      for (const path of ['/tickets/new?template=x', '/tickets/new?template=x&branch=main', '/tickets/new']) {
        const page = await get(path);
        assert.equal(page.status, 200, path);
        const html = await page.text();
        assert.doesNotMatch(html, /root:|nologin/, `${path} shows nothing of /etc/passwd`);
        assert.match(html, /Bug report/, `${path} still offers the real template`);
      }
    } finally {
      await site.close();
    }
  });

  test('a linked .dit/templates or .dit/tickets folder is neither read nor written through', () => {
    const r = tempRepo();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.md'), 'TOP SECRET\n');
    mkdirSync(join(r.dir, '.dit'), { recursive: true });
    symlinkSync(outside, join(r.dir, '.dit/templates'));
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(r.dir, '.dit/tickets'));
    r.commit('links for folders');
    const read = r.dit('new', 'Leak', '--template', 'secret');
    assert.equal(read.code, 13, read.stderr);
    assert.match(read.stderr, /\.dit\/templates is a symbolic link/);
    const write = r.dit('new', 'Through the link');
    assert.equal(write.code, 13, write.stderr);
    assert.match(write.stderr, /\.dit\/tickets is a symbolic link, and dit never writes through one/);
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing was written outside the repository');
    const shared = r.dit('new', 'In the journal', '--shared');
    assert.equal(shared.code, 0, `the shared journal is git objects only: ${shared.stderr}`);
  });
});

describe('branch names', () => {
  test('a name with a space is not cut at the space: unknown-branch, exit 4, 404', async () => {
    const r = tempRepo();
    newTicket(r, 'On main', '--commit');
    const cli = r.dit('ls', '--branch', 'main zzz');
    assert.equal(cli.code, 4, cli.stdout + cli.stderr);
    assert.match(cli.stderr, /no branch or commit named "main zzz"; list branches with `git branch`/);
    const q = r.dit('ls', 'branch:"a b"');
    assert.equal(q.code, 4, q.stderr);
    Object.assign(process.env, r.env);
    const store = await Store.open(r.dir);
    const { site, get } = appFor(store);
    try {
      for (const path of ['/api/tickets?branch=main%20zzz', `/api/tickets?q=${encodeURIComponent('branch:"a b"')}`]) {
        const res = await get(path);
        assert.equal(res.status, 404, path);
        assert.equal((await res.json()).error.code, 'unknown-branch', path);
      }
      assert.equal((await get('/?branch=main%20zzz')).status, 404);
    } finally {
      await site.close();
    }
  });

  test('a branch wins over a tag of the same name', () => {
    const r = tempRepo();
    const id = newTicket(r, 'Closed on the branch only', '--commit');
    r.git('tag', 'v1');
    r.git('branch', 'v1-branch');
    r.git('checkout', '-q', 'v1-branch');
    r.ok('close', id, '--commit');
    r.git('checkout', '-q', 'main');
    r.git('branch', '-m', 'v1-branch', 'v1'); // now refs/heads/v1 and refs/tags/v1 differ
    assert.equal(r.json('show', id, '--branch', 'v1').ticket.status, 'fixed', 'the branch v1, not the tag v1');
    assert.equal(
      r.json('show', id, '--branch', 'tags/v1').ticket.status,
      'new',
      'the tag is still there by its full name',
    );
  });
});

describe('a ticket with 30,000 comments', () => {
  let r: Repo;
  let id: string;
  let site: Site;
  let get: (p: string) => Promise<Response>;
  before(async () => {
    r = tempRepo();
    const dir = tempDir();
    const comments = Array.from({ length: 30_000 }, (_, i) => ({
      body: `comment number ${i} ${'x'.repeat(20)}`,
      created: '2025-02-01T10:00:00Z',
      author: 'Eve <eve@example.com>',
    }));
    writeFileSync(
      join(dir, 'big.jsonl'),
      `${JSON.stringify({ title: 'Flooded', created: '2025-01-01T10:00:00Z', comments })}\n`,
    );
    r.ok('import', join(dir, 'big.jsonl'));
    id = r.json('ls', '--all').tickets[0].id;
    Object.assign(process.env, r.env);
    ({ site, get } = appFor(await Store.open(r.dir)));
  });
  after(async () => {
    await site?.close();
  });

  test('the page folds the timeline: the first and last comments, "N hidden items: load more"', async () => {
    const res = await get(`/tickets/${id}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.length < 1_000_000, `one page is bounded (${html.length} bytes)`);
    assert.match(html, /comment number 0 /);
    assert.match(html, /comment number 29999 /);
    assert.doesNotMatch(html, /comment number 15000 /);
    const m = /href="([^"]*from=(\d+)#item-\d+)"[^>]*>\s*([\d,]+) hidden items: load more/.exec(html);
    assert.ok(m, 'a plain link loads more (no script needed)');
    assert.equal(Number(m[3]!.replace(/,/g, '')), 30_000 - 50 - 30);
    const next = await (await get(m[1]!.replace(/&amp;/g, '&').split('#')[0]!)).text();
    assert.match(next, /comment number 50 /);
    assert.match(next, /comment number 249 /);
    assert.doesNotMatch(next, /comment number 250 /);
    assert.match(next, /50 earlier items: back to the start/);
    assert.match(next, /([\d,]+) hidden items: load more/);
    assert.ok(next.length < 2_000_000);
  });

  test('the JSON API answers at most 1,000 comments at a time, with where the next ones start', async () => {
    const res = await get(`/api/tickets/${id}`);
    const body = await res.json();
    assert.equal(body.ticket.comments.length, 1000);
    assert.deepEqual(body.items, { from: 0, limit: 1000, comments: 30_000, timeline: body.items.timeline, next: 1000 });
    const last = await (await get(`/api/tickets/${id}?from=29500`)).json();
    assert.equal(last.ticket.comments.length, 500);
    assert.match(last.ticket.comments[499].body, /comment number 29999 /);
    assert.equal(last.items.next, null);
  });

  test('a page past the end shows the end; a bad from is ignored', async () => {
    const past = await (await get(`/tickets/${id}?from=999999`)).text();
    assert.match(past, /comment number 29999 /);
    assert.ok(past.length < 1_000_000);
    const bad = await get(`/tickets/${id}?from=-5`);
    assert.equal(bad.status, 200);
  });
});

describe('entries from a hostile or careless writer', () => {
  test('dates before 1970 and clocks past 2^53 are reported and skipped; a future date is kept but warned about', () => {
    const r = tempRepo();
    const id = newTicket(r, 'Target', '--commit');
    const who = { name: 'Eve', email: 'eve@example.com' };
    plant(r, id, [
      {
        v: 1,
        kind: 'comment',
        ticket: id,
        clock: 5,
        time: '1969-12-31T23:59:59Z',
        author: who,
        body: 'before the epoch',
      },
      {
        v: 1,
        kind: 'comment',
        ticket: id,
        clock: 2 ** 60,
        time: '2025-01-01T00:00:00Z',
        author: who,
        body: 'huge clock',
      },
      {
        v: 1,
        kind: 'comment',
        ticket: id,
        clock: 6,
        time: '2999-01-01T00:00:00Z',
        author: who,
        body: 'from the future',
      },
    ]);
    const shown = r.json('show', id);
    const problems = shown.warnings.map((w: { problem: string }) => w.problem).join('\n');
    assert.match(problems, /time: must be 1970 or later/);
    assert.match(problems, /clock: must be at most 9007199254740991/);
    assert.match(problems, /is dated 2999-01-01T00:00:00Z, in the future/);
    assert.deepEqual(
      shown.ticket.comments.map((c: { body: string }) => c.body),
      ['from the future'],
    );
    r.ok('comment', id, 'still writable'); // the next clock is computed from what is valid
  });

  test('an entry at the largest clock does not block the next write', () => {
    const r = tempRepo();
    const id = newTicket(r, 'Target', '--commit');
    plant(r, id, [
      {
        v: 1,
        kind: 'comment',
        ticket: id,
        clock: Number.MAX_SAFE_INTEGER,
        time: '2025-01-01T00:00:00Z',
        author: { name: 'Eve', email: 'e@x' },
        body: 'max',
      },
    ]);
    r.ok('comment', id, 'after the max');
    assert.equal(r.json('show', id).ticket.comments.length, 2);
  });

  test('a user.name over 256 characters is refused before any write, saying how to fix it', () => {
    const r = tempRepo();
    const long = repoAt(r.dir, gitEnv(r.env.HOME!, { name: 'N'.repeat(300), email: 'ann@example.com' }));
    const res = long.dit('new', 'A ticket');
    assert.equal(res.code, 8, res.stderr);
    assert.match(
      res.stderr,
      /your git user\.name is 300 characters long and dit records at most 256; set a shorter one with `git config user\.name "Your Name"`/,
    );
    assert.equal(r.git('status', '--porcelain').trim(), '');
  });
});

describe("dit sync and a remote's junk", () => {
  test('a stray blob and a gitlink in the remote journal are left out of ours and not pushed back in its tree', () => {
    const remote = tempBare();
    const ann = cloneOf(remote.dir);
    ann.write('README', 'x\n');
    ann.commit('initial');
    ann.git('push', '-q', 'origin', 'main');
    const id = newTicket(ann, 'Shared ticket', '--shared');
    ann.ok('sync');
    // Mallory pushes a journal with junk in it
    const mal = cloneOf(remote.dir, { name: 'Mal', email: 'mal@example.com' });
    mal.ok('sync');
    mal.ok('comment', id, 'a real comment', '--shared');
    const base = mal.git('rev-parse', 'refs/dit/journal').trim();
    const blob = execGit(mal, ['hash-object', '-w', '--stdin'], 'not an entry\n').trim();
    const root = mal.git('ls-tree', `${base}^{tree}`);
    const lines = `${root}100644 blob ${blob}\tstray.txt\n160000 commit ${base}\tsubmodule\n`;
    const newRoot = execGit(mal, ['mktree', '--missing'], lines).trim();
    const commit = execGit(mal, ['commit-tree', newRoot, '-p', base, '-m', 'junk'], '').trim();
    mal.git('update-ref', 'refs/dit/journal', commit);
    mal.git('push', '-q', 'origin', 'refs/dit/journal:refs/dit/journal');

    const res = ann.dit('sync');
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stderr,
      /warning: origin's journal holds 2 files that are not entries; left out of yours: (stray\.txt, submodule|submodule, stray\.txt)/,
    );
    const ours = ann.git('ls-tree', '--name-only', 'refs/dit/journal').split('\n').filter(Boolean);
    assert.deepEqual(ours.sort(), ['tickets']);
    assert.deepEqual(
      ann.json('show', id).ticket.comments.map((c: { body: string }) => c.body),
      ['a real comment'],
      'the real entries came in',
    );
    const pushed = remote.git('ls-tree', '--name-only', 'refs/dit/journal').split('\n').filter(Boolean);
    assert.deepEqual(pushed.sort(), ['tickets'], 'what we pushed back has no junk in its tree');
  });
});

function execGit(r: Repo, args: string[], input: string): string {
  return execFileSync('git', args, { cwd: r.dir, env: r.env, input, encoding: 'utf8' });
}

describe('remote images in Markdown', () => {
  test('by default an image from another host is a link, and the CSP forbids loading one; dit.remoteImages shows it', async () => {
    const r = tempRepo();
    const id = newTicket(
      r,
      'Has an image',
      '-m',
      '![tracker](https://evil.example/pixel.png) and ![local](/assets/x.png)',
      '--commit',
    );
    Object.assign(process.env, r.env);
    const store = await Store.open(r.dir);
    const { site, get } = appFor(store);
    try {
      const res = await get(`/tickets/${id}`);
      const html = await res.text();
      assert.doesNotMatch(html, /<img[^>]+evil\.example/);
      assert.match(
        html,
        /<a href="https:\/\/evil\.example\/pixel\.png"[^>]*class="remote-image"[^>]*>image: tracker<\/a>/,
      );
      assert.match(html, /<img src="\/assets\/x\.png"/, 'images from this server still show');
      assert.match(res.headers.get('content-security-policy') ?? '', /img-src 'self' data:;/);
      const allowed = appFor(store, Object.assign(new Site(store), { remoteImages: true }));
      const on = await allowed.get(`/tickets/${id}`);
      assert.match(await on.text(), /<img src="https:\/\/evil\.example\/pixel\.png"/);
      assert.match(on.headers.get('content-security-policy') ?? '', /img-src 'self' data: https:/);
    } finally {
      await site.close();
    }
  });
});
