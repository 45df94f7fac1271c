// Sign-up on a real `dit server` with a real SMTP server on 127.0.0.1: off by default and opened on the
// admin page; with --signup and --smtp the account exists only once the mailed link is followed, then
// reads public repositories and proposes, nothing more; bad input, taken names and the hourly limits
// answer clearly; a mail server that is down keeps nothing. Each test speaks from its own 127.0.0.N.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { repoAt, tempDir } from '../support/helpers.js';
import {
  git,
  gitAs,
  gitOk,
  mailReceiver,
  makeRoot,
  PEOPLE,
  type Person,
  type ReceivedMail,
  type RunningServer,
  server,
  serverOk,
  startServerProcess,
} from '../support/server-helpers.js';

type Mail = ReceivedMail;
let smtp: Awaited<ReturnType<typeof mailReceiver>>;
let mails: Mail[] = [];

before(async () => {
  smtp = await mailReceiver();
  mails = smtp.mails;
});
after(async () => {
  await smtp.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request to a server from a chosen loopback address (the limits count by address). */
function call(
  srv: RunningServer,
  address: string,
  method: string,
  path: string,
  opts: { form?: Record<string, string>; cookie?: string; basic?: Person } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = srv.url.slice(0, -1);
  }
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.basic)
    headers.authorization = `Basic ${Buffer.from(`${opts.basic.name}:${opts.basic.password}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: srv.port, localAddress: address, method, path, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const cookieOf = (a: Answer): string => {
  const set = a.headers['set-cookie'];
  const line = (Array.isArray(set) ? set : [set ?? ''])[0]!;
  return line.split(';')[0]!;
};
const csrfIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no _csrf');
const flashOf = (html: string): string => /id="flash">([^<]*)</.exec(html)?.[1] ?? '';

async function mailsAfter(n: number, wait = 8000): Promise<Mail[]> {
  const t = Date.now();
  while (mails.length < n && Date.now() - t < wait) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200)); // and nothing more
  return mails.splice(0);
}
/** The confirmation link in a mail (quoted-printable soft breaks undone). */
const linkIn = (m: Mail): string => {
  const text = m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /(http:\/\/127\.0\.0\.1:\d+\/-\/signup\/confirm\/[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? assert.fail(text);
};

describe('sign-up with --signup and --smtp', () => {
  let root: string;
  let srv: RunningServer;
  before(async () => {
    root = makeRoot();
    serverOk(root, ['repo', 'create', 'pub', '--public']);
    serverOk(root, ['repo', 'create', 'team/secret']);
    serverOk(root, ['grant', 'ann', 'pub', 'write']);
    const port = smtp.port;
    srv = await startServerProcess(root, [
      '--signup',
      '--smtp',
      `smtp://127.0.0.1:${port}`,
      '--from',
      'dit@example.com',
    ]);
  });
  after(async () => {
    await srv.stop();
  });

  test('the mailed link makes the account; before it, the name and password open nothing', async () => {
    const a = '127.0.0.2';
    const page = await call(srv, a, 'GET', '/-/signup');
    assert.equal(page.status, 200);
    assert.match(page.text, /Create an account/);
    assert.match(page.text, /A link to confirm the account is mailed to you/);
    assert.match((await call(srv, a, 'GET', '/-/signin')).text, /href="\/-\/signup"/, 'the sign-in page links to it');

    const eve = { name: 'eve', email: 'eve@example.org', password: 'eve-secret-12' };
    const asked = await call(srv, a, 'POST', '/-/signup', { form: eve });
    assert.equal(asked.status, 200, asked.text);
    assert.match(asked.text, /Check your mail/);
    assert.match(asked.text, /eve@example\.org/);
    const [mail, ...more] = await mailsAfter(1);
    assert.equal(more.length, 0, 'one mail');
    assert.deepEqual(mail!.to, ['eve@example.org']);
    assert.match(mail!.raw, /Subject: Confirm your account eve on 127\.0\.0\.1:\d+/);
    const link = linkIn(mail!);

    // the store keeps the link and the password only hashed
    const db = new Database(join(root, '.dit-server', 'accounts.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT * FROM signups').all() as Record<string, string>[];
    db.close();
    assert.equal(rows.length, 1);
    const code = link.split('/').pop()!;
    assert.ok(!JSON.stringify(rows).includes(code), 'not the code');
    assert.ok(!JSON.stringify(rows).includes(eve.password), 'not the password');
    assert.match(rows[0]!.password!, /^scrypt\$/);

    // not an account yet: neither the form nor Basic auth know it
    assert.equal(
      (await call(srv, a, 'POST', '/-/signin', { form: { name: 'eve', password: eve.password } })).status,
      401,
    );
    assert.equal((await call(srv, a, 'GET', '/pub/api/tickets', { basic: eve })).status, 401);
    assert.ok(!serverOk(root, ['user', 'ls']).includes('eve'));

    // the link opens a page with a button (a mail scanner following links confirms nothing)
    const confirmPage = await call(srv, a, 'GET', new URL(link).pathname);
    assert.equal(confirmPage.status, 200);
    assert.match(confirmPage.text, /Create the account <strong>eve<\/strong> for eve@example\.org/);
    assert.ok(!serverOk(root, ['user', 'ls']).includes('eve'), 'opening the link made nothing');
    const confirmed = await call(srv, a, 'POST', new URL(link).pathname, { form: { _csrf: '' } });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.headers.location, '/-/signin?confirmed=eve');
    assert.match((await call(srv, a, 'GET', '/-/signin?confirmed=eve')).text, /Your account eve is confirmed/);
    const again = await call(srv, a, 'POST', new URL(link).pathname, { form: { _csrf: '' } });
    assert.equal(again.status, 404, 'a link works once');
    assert.match(again.text, /unknown, used already or expired/);
    assert.match(serverOk(root, ['user', 'ls']), /^eve\s+eve@example\.org/m);

    const signedIn = await call(srv, a, 'POST', '/-/signin', { form: { name: 'eve', password: eve.password } });
    assert.equal(signedIn.status, 303);
    const cookie = cookieOf(signedIn);
    assert.match(cookie, /^dit_session=s_/);
    assert.match((await call(srv, a, 'GET', '/', { cookie })).text, /id="account-link">eve</);
  });

  test('a new account reads public repositories and proposes there; nothing private, no branch pushes', async () => {
    const a = '127.0.0.3';
    const fay = { name: 'fay', email: 'fay@example.org', password: 'fay-secret-12' };
    assert.equal((await call(srv, a, 'POST', '/-/signup', { form: fay })).status, 200);
    const [mail] = await mailsAfter(1);
    assert.equal((await call(srv, a, 'POST', new URL(linkIn(mail!)).pathname, { form: { _csrf: '' } })).status, 303);

    assert.equal((await call(srv, a, 'GET', '/pub/api/tickets', { basic: fay })).status, 200);
    assert.equal((await call(srv, a, 'GET', '/team/secret/api/tickets', { basic: fay })).status, 404);
    const home = await call(srv, a, 'GET', '/?format=json', { basic: fay });
    assert.deepEqual(
      (JSON.parse(home.text).repos as { name: string; level: string }[]).map((r) => `${r.name} ${r.level}`),
      ['pub read'],
    );

    // ann (a writer) starts the repository; fay clones it with her password, may not push a branch, may propose
    const annEnv = gitAs(PEOPLE.ann);
    const annDir = join(tempDir(), 'pub');
    gitOk(annEnv, tempDir(), 'clone', '-q', `${srv.url}pub.git`, annDir);
    const ann = repoAt(annDir, annEnv);
    ann.write('README', 'public\n');
    ann.commit('initial commit');
    gitOk(annEnv, annDir, 'push', '-q', 'origin', 'HEAD:main');

    const fayEnv = gitAs(fay);
    const fayDir = join(tempDir(), 'pub');
    gitOk(fayEnv, tempDir(), 'clone', '-q', `${srv.url}pub.git`, fayDir);
    const mine = repoAt(fayDir, fayEnv);
    mine.write('NOTES', 'a fix\n');
    mine.commit('Fix the notes');
    const branch = git(fayEnv, fayDir, 'push', 'origin', 'HEAD:main');
    assert.notEqual(branch.code, 0);
    assert.match(branch.stderr, /fay may read this repository but not update refs\/heads\/main/);
    const proposal = git(fayEnv, fayDir, 'push', 'origin', 'HEAD:refs/for/new');
    assert.equal(proposal.code, 0, proposal.stderr);
    assert.match(proposal.stderr, /Fix the notes — new proposal with patchset 1/);
    assert.equal(git(fayEnv, tempDir(), 'clone', '-q', `${srv.url}team/secret.git`, 'x').code, 128, 'private: no');
  });

  test('bad input and taken names answer on the form, with what to do, and send nothing', async () => {
    const a = '127.0.0.4';
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ name: '-rf', email: 'x@example.org', password: 'long-enough-1' }, 400, /is not a user name; use up to 39/],
      [{ name: 'gus', email: 'x@example.org', password: 'short' }, 400, /at least 8 characters/],
      [{ name: 'gus', email: 'not-an-address', password: 'long-enough-1' }, 400, /is not an email address/],
      [{ name: 'gus', email: '', password: 'long-enough-1' }, 400, /give an email address: the link/],
      [{ name: 'ann', email: 'x@example.org', password: 'long-enough-1' }, 409, /the name ann is taken; pick another/],
      [{ name: 'gus', email: 'ann@example.com', password: 'long-enough-1' }, 409, /belongs to the account ann/],
    ];
    for (const [form, status, message] of cases) {
      const r = await call(srv, a, 'POST', '/-/signup', { form });
      assert.equal(r.status, status, `${JSON.stringify(form)}: ${flashOf(r.text)}`);
      assert.match(flashOf(r.text), message);
      if (form.name === 'gus') assert.match(r.text, /value="gus"/, 'the form keeps what was typed');
      assert.ok(!r.text.includes('long-enough-1'), 'never the password');
    }
    // a name waiting for its link is taken for another address
    assert.equal(
      (
        await call(srv, a, 'POST', '/-/signup', {
          form: { name: 'hal', email: 'hal@example.org', password: 'hal-secret-12' },
        })
      ).status,
      200,
    );
    const taken = await call(srv, a, 'POST', '/-/signup', {
      form: { name: 'hal', email: 'other@example.org', password: 'hal-secret-12' },
    });
    assert.equal(taken.status, 409);
    assert.match(flashOf(taken.text), /the name hal is taken \(a sign-up waits for its confirmation\)/);
    assert.deepEqual(
      (await mailsAfter(1)).map((m) => m.to[0]),
      ['hal@example.org'],
      'one mail: the good sign-up',
    );
  });

  test('limits: three mails an hour to one address, five sign-ups an hour from one client address', async () => {
    const a = '127.0.0.5';
    const ask = (name: string, email: string) =>
      call(srv, a, 'POST', '/-/signup', { form: { name, email, password: 'long-enough-1' } });
    // asking again for one address replaces its link; the fourth mail in an hour is refused
    for (const n of ['ida1', 'ida2', 'ida3']) assert.equal((await ask(n, 'ida@example.org')).status, 200);
    const fourth = await ask('ida4', 'ida@example.org');
    assert.equal(fourth.status, 429);
    assert.match(flashOf(fourth.text), /Too many sign-ups in the last hour; try again in \d+ minutes/);
    assert.ok(Number(fourth.headers['retry-after']) > 3000, 'Retry-After: most of an hour');
    const sent = await mailsAfter(3);
    assert.equal(sent.length, 3);
    // only the last link works
    const links = sent.map(linkIn);
    assert.equal((await call(srv, a, 'GET', new URL(links[0]!).pathname)).status, 404);
    assert.equal((await call(srv, a, 'GET', new URL(links[2]!).pathname)).status, 200);

    // this address has had three; two more go through, the sixth is refused
    assert.equal((await ask('jo', 'jo@example.org')).status, 200);
    assert.equal((await ask('kim', 'kim@example.org')).status, 200);
    const sixth = await ask('lu', 'lu@example.org');
    assert.equal(sixth.status, 429);
    assert.equal((await mailsAfter(2)).length, 2, 'no mail for the refused one');
    // another address is not held back
    assert.equal(
      (
        await call(srv, '127.0.0.6', 'POST', '/-/signup', {
          form: { name: 'lu', email: 'lu@example.org', password: 'long-enough-1' },
        })
      ).status,
      200,
    );
    assert.equal((await mailsAfter(1)).length, 1);
  });
});

describe('sign-up off by default', () => {
  let root: string;
  let srv: RunningServer;
  before(async () => {
    root = makeRoot();
    serverOk(root, ['repo', 'create', 'pub', '--public']);
    // a mail server nobody listens at: port 1 on loopback refuses at once
    srv = await startServerProcess(root, ['--smtp', 'smtp://127.0.0.1:1']);
  });
  after(async () => {
    await srv.stop();
  });

  test('404 until an administrator opens it on /-/admin; a mail that cannot be sent keeps nothing', async () => {
    const a = '127.0.0.7';
    const closed = await call(srv, a, 'GET', '/-/signup');
    assert.equal(closed.status, 404);
    assert.match(closed.text, /this server takes no sign-ups/);
    const form = { name: 'max', email: 'max@example.org', password: 'max-secret-12' };
    assert.equal((await call(srv, a, 'POST', '/-/signup', { form })).status, 404);
    assert.ok(!(await call(srv, a, 'GET', '/-/signin')).text.includes('/-/signup'));

    const signedIn = await call(srv, a, 'POST', '/-/signin', {
      form: { name: PEOPLE.admin.name, password: PEOPLE.admin.password },
    });
    const cookie = cookieOf(signedIn);
    const admin = await call(srv, a, 'GET', '/-/admin', { cookie });
    assert.match(admin.text, /Closed: only administrators add accounts/);
    // a non-administrator (a password, not a session) learns nothing
    assert.equal(
      (await call(srv, a, 'POST', '/-/admin/signup', { form: { open: '1' }, basic: PEOPLE.ann })).status,
      404,
    );
    const opened = await call(srv, a, 'POST', '/-/admin/signup', {
      form: { open: '1', _csrf: csrfIn(admin.text) },
      cookie,
    });
    assert.equal(opened.status, 200);
    assert.match(opened.text, /Sign-up is open/);
    assert.match(opened.text, /confirmed by a mailed link/);
    assert.equal((await call(srv, a, 'GET', '/-/signup')).status, 200);

    const failed = await call(srv, a, 'POST', '/-/signup', { form });
    assert.equal(failed.status, 503);
    assert.match(flashOf(failed.text), /The confirmation mail could not be sent; nothing was kept/);
    assert.match(srv.stderr(), /sign-up mail to max@example\.org failed/);
    const db = new Database(join(root, '.dit-server', 'accounts.sqlite'), { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM signups').get() as { n: number }).n, 0);
    db.close();

    const closing = await call(srv, a, 'POST', '/-/admin/signup', {
      form: { open: '0', _csrf: csrfIn(admin.text) },
      cookie,
    });
    assert.match(closing.text, /Sign-up is closed/);
    assert.equal((await call(srv, a, 'GET', '/-/signup')).status, 404);
  });
});

describe('sign-up without --smtp', () => {
  test('the account works at once and is signed in; the server warns that addresses go unconfirmed', async () => {
    const root = makeRoot();
    const srv = await startServerProcess(root, ['--signup']);
    try {
      assert.match(srv.stdout(), /anyone may create an account at http:\/\/127\.0\.0\.1:\d+\/-\/signup/);
      const page = await call(srv, '127.0.0.8', 'GET', '/-/signup');
      assert.match(page.text, /Email \(optional\)/);
      const made = await call(srv, '127.0.0.8', 'POST', '/-/signup', {
        form: { name: 'ned', email: '', password: 'ned-secret-12' },
      });
      assert.equal(made.status, 303);
      assert.equal(made.headers.location, '/');
      assert.match(
        (await call(srv, '127.0.0.8', 'GET', '/', { cookie: cookieOf(made) })).text,
        /id="account-link">ned</,
      );
      assert.match(serverOk(root, ['user', 'ls']), /^ned\s+-/m);
      await new Promise((r) => setTimeout(r, 100));
      assert.match(srv.stderr(), /--signup without --smtp: new accounts work at once/);
    } finally {
      await srv.stop();
    }
  });
});

describe('--signup-limit', () => {
  test('sets the hourly limits; they hold across a restart; a bad one is refused before the server starts', async () => {
    const root = makeRoot();
    const args = ['--signup', '--signup-limit', 'address=2', '--signup-limit', 'hour=3'];
    const ask = (srv: RunningServer, address: string, name: string) =>
      call(srv, address, 'POST', '/-/signup', { form: { name, email: '', password: 'long-enough-1' } });
    let srv = await startServerProcess(root, args);
    try {
      assert.equal((await ask(srv, '127.0.0.9', 'ola')).status, 303);
      assert.equal((await ask(srv, '127.0.0.9', 'pia')).status, 303);
      const third = await ask(srv, '127.0.0.9', 'quinn');
      assert.equal(third.status, 429, 'two an hour from one address, as set');
      assert.match(flashOf(third.text), /Too many sign-ups in the last hour/);
    } finally {
      await srv.stop();
    }
    // the counts live in the store: a restart does not open the door again
    srv = await startServerProcess(root, args);
    try {
      assert.equal((await ask(srv, '127.0.0.9', 'quinn')).status, 429, 'still two from that address');
      assert.equal((await ask(srv, '127.0.0.10', 'quinn')).status, 303, 'another address: the third in all');
      assert.equal((await ask(srv, '127.0.0.11', 'rae')).status, 429, 'three an hour in all, as set');
      assert.doesNotMatch(serverOk(root, ['user', 'ls']), /^rae\b/m);
      // the store keeps the counts, not the addresses
      const db = new Database(join(root, '.dit-server', 'accounts.sqlite'), { readonly: true });
      const rows = db.prepare('SELECT * FROM signup_counts').all();
      db.close();
      assert.equal(rows.length, 6, 'three sign-ups, each counted per address and in all');
      assert.ok(!JSON.stringify(rows).includes('127.0.0'), 'no client address in the store');
    } finally {
      await srv.stop();
    }
    for (const bad of ['address=0', 'minute=5', 'hour=lots']) {
      const r = server(root, ['--signup', '--signup-limit', bad, '--port', '0']);
      assert.notEqual(r.code, 0, bad);
      assert.match(r.stderr, /--signup-limit takes KIND=N with KIND one of address, email, hour, waiting/, bad);
    }
    assert.match(serverOk(root, ['--help']), /--signup-limit KIND=N/);
  });
});
