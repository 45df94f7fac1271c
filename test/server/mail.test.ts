// Mail and webhooks from a real `dit server`: a real SMTP server (smtp-server) and a real webhook
// receiver on 127.0.0.1; who gets which mail for a web write, an API write and a `dit sync` push.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIT, tempDir } from '../support/helpers.js';
import {
  gitAs,
  gitOk,
  mailReceiver,
  makeRoot,
  PEOPLE,
  type RunningServer,
  serverOk,
  startServerProcess,
} from '../support/server-helpers.js';

interface Got {
  to: string[];
  subject: string;
  text: string;
  html: boolean;
}
let root: string;
let srv: RunningServer;
let smtp: Awaited<ReturnType<typeof mailReceiver>>;
let hookServer: Server;
const hooks: { event: string; signature: string; body: string }[] = [];
const tokens: Record<string, string> = {};

before(async () => {
  smtp = await mailReceiver();
  hookServer = createServer((req, res) => {
    let body = '';
    req
      .setEncoding('utf8')
      .on('data', (c: string) => {
        body += c;
      })
      .on('end', () => {
        hooks.push({
          event: String(req.headers['x-dit-event']),
          signature: String(req.headers['x-dit-signature-256']),
          body,
        });
        res.writeHead(hooks.length === 1 ? 500 : 200).end(); // the first delivery fails: it is retried
      });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
  root = makeRoot();
  serverOk(root, ['repo', 'create', 'tools/editor']);
  serverOk(root, ['grant', 'ann', 'tools/editor', 'write']);
  serverOk(root, ['grant', 'bob', 'tools/editor', 'read']);
  serverOk(root, ['grant', 'cy', 'tools/editor', 'write']);
  for (const p of [PEOPLE.ann, PEOPLE.bob, PEOPLE.cy, PEOPLE.dee])
    tokens[p.name] = serverOk(root, ['token', 'add', p.name, '--name', 't']).trim();
  // the webhook receiver listens on loopback, which webhooks may reach only when the server allows it
  const allow = ['--webhook-allow', '127.0.0.0/8'];
  srv = await startServerProcess(
    root,
    ['--smtp', `smtp://127.0.0.1:${smtp.port}`, '--from', 'dit <dit@example.com>', ...allow],
    {
      DIT_WEBHOOK_RETRY_MS: '50',
    },
  );
});
after(async () => {
  await srv.stop();
  await smtp.close();
  hookServer.close();
});

const api = (who: string, path: string, body: unknown) =>
  fetch(`${srv.url}tools/editor/api/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function mailsAfter(n: number, wait = 8000): Promise<Got[]> {
  const t = Date.now();
  while (smtp.mails.length < n && Date.now() - t < wait) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300)); // and nothing more
  return smtp.mails.splice(0).map(({ to, raw }) => ({
    to,
    subject: /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? '',
    text: raw,
    html: /Content-Type: text\/html/i.test(raw),
  }));
}
const to = (ms: Got[]) => ms.flatMap((m) => m.to).sort();

test('a new ticket reaches its responsible person and the mentioned readers, not its author nor someone who may not read', async () => {
  const res = await api('ann', 'tickets', {
    title: 'Crash on save',
    body: 'cc @bob @dee',
    responsible: 'cy@example.com',
  });
  assert.equal(res.status, 201);
  const id = (await res.json()).ticket.id as string;
  const got = await mailsAfter(2);
  assert.deepEqual(to(got), ['bob@example.com', 'cy@example.com']);
  for (const m of got) {
    assert.equal(m.subject, `[tools/editor] Crash on save (#${id.slice(0, 7)})`);
    assert.match(m.text, /ann opened this ticket/);
    assert.ok(m.html, 'text and HTML');
    assert.equal(m.to.length, 1, 'one mail per person');
  }

  // cy comments: the author and the mentioned hear of it, cy does not
  assert.equal((await api('cy', `tickets/${id}/comments`, { body: 'Reproduced.' })).status, 200);
  const second = await mailsAfter(2);
  assert.deepEqual(to(second), ['ann@example.com', 'bob@example.com']);
  assert.match(second[0]!.text, /cy commented:/);

  // ann asks for her own changes too
  const ann = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'ann', password: PEOPLE.ann.password }),
  });
  const cookie = /dit_session=[^;]+/.exec(ann.headers.get('set-cookie')!)![0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(
    await (await fetch(`${srv.url}-/account`, { headers: { cookie } })).text(),
  )![1]!;
  const saved = await fetch(`${srv.url}-/account`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: 'ann@example.com', notify_self: '1' }),
  });
  assert.equal(saved.status, 200);
  // a comment from the web page, with the session
  const form = await fetch(`${srv.url}tools/editor/tickets/${id}/comment`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, body: 'Fixed soon', back: `/tickets/${id}` }),
  });
  assert.equal(form.status, 303);
  assert.equal(form.headers.get('location'), `/tools/editor/tickets/${id}`);
  const third = await mailsAfter(3);
  assert.deepEqual(to(third), ['ann@example.com', 'bob@example.com', 'cy@example.com']);

  // a push of the journal from `dit sync`: one mail per ticket per push
  const env = gitAs(PEOPLE.cy);
  const dir = tempDir();
  gitOk(env, dir, 'clone', '-q', `${srv.url}tools/editor.git`, 'c');
  const work = join(dir, 'c');
  const dit = (...args: string[]) => spawnSync(process.execPath, [DIT, ...args], { cwd: work, env, encoding: 'utf8' });
  assert.equal(dit('sync').status, 0);
  for (const text of ['one', 'two']) assert.equal(dit('comment', id, `pushed comment ${text}`, '--shared').status, 0);
  const synced = dit('sync');
  assert.equal(synced.status, 0, synced.stderr);
  const fourth = await mailsAfter(2);
  assert.deepEqual(to(fourth), ['ann@example.com', 'bob@example.com']);
  assert.match(fourth[0]!.text, /pushed comment one[\s\S]*pushed comment two/, 'both comments in one mail');
});

test('webhooks: registered on the settings page, signed with HMAC-SHA256, retried, listed with their deliveries', async () => {
  const admin = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: PEOPLE.admin.name, password: PEOPLE.admin.password }),
  });
  const cookie = /dit_session=[^;]+/.exec(admin.headers.get('set-cookie')!)![0];
  const page = await (await fetch(`${srv.url}tools/editor/-/settings`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const url = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
  const added = await fetch(`${srv.url}tools/editor/-/settings/webhooks`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, url, secret: 's3cret' }),
  });
  assert.equal(added.status, 200);
  const res = await api('ann', 'tickets', { title: 'Hooked' });
  const id = (await res.json()).ticket.id as string;
  await api('ann', `tickets/${id}/status`, { status: 'fixed' });
  const t = Date.now();
  while (hooks.length < 3 && Date.now() - t < 10_000) await new Promise((r) => setTimeout(r, 50));
  assert.equal(hooks.length, 3, 'opened (failed once, retried), closed');
  // the retry waits out its backoff, so the close may be delivered before it: deliveries are not ordered
  assert.deepEqual(hooks.map((h) => h.event).sort(), ['closed', 'opened', 'opened']);
  const opened = hooks.filter((h) => h.event === 'opened');
  assert.equal(opened[0]!.body, opened[1]!.body, 'the retry sends the same event');
  for (const h of hooks)
    assert.equal(h.signature, `sha256=${createHmac('sha256', 's3cret').update(h.body).digest('hex')}`);
  assert.equal(JSON.parse(hooks.find((h) => h.event === 'closed')!.body).ticket.id, id);
  await new Promise((r) => setTimeout(r, 300));
  const listed = await (await fetch(`${srv.url}tools/editor/-/settings`, { headers: { cookie } })).text();
  assert.match(listed, /opened: 200.*2 attempts/);
  assert.match(listed, /closed: 200.*1 attempt</);
  await mailsAfter(0, 0);
});

test('a review mails and posts what it said; status changes take their event from the model', async () => {
  // a proposal by bob (a reader), pushed over HTTP
  const dir = tempDir();
  const annEnv = gitAs(PEOPLE.ann);
  gitOk(annEnv, dir, 'clone', '-q', `${srv.url}tools/editor.git`, 'a');
  const annDir = join(dir, 'a');
  gitOk(annEnv, annDir, 'commit', '-q', '--allow-empty', '-m', 'initial commit');
  gitOk(annEnv, annDir, 'push', '-q', 'origin', 'HEAD:main');
  const bobEnv = gitAs(PEOPLE.bob);
  gitOk(bobEnv, dir, 'clone', '-q', `${srv.url}tools/editor.git`, 'b');
  const bobDir = join(dir, 'b');
  gitOk(bobEnv, bobDir, 'commit', '-q', '--allow-empty', '-m', 'Guard the empty buffer');
  const pushed = spawnSync('git', ['push', 'origin', 'HEAD:refs/for/new'], {
    cwd: bobDir,
    env: bobEnv,
    encoding: 'utf8',
  });
  assert.equal(pushed.status, 0, pushed.stderr);
  const id = /#([0-9a-f]{7}): /.exec(pushed.stderr)![1]!;
  await mailsAfter(0, 500);

  const comment = 'Looks right: the guard covers the empty read.';
  const reviewed = await api('ann', `tickets/${id}/review`, { score: 2, comment });
  assert.equal(reviewed.status, 200, await reviewed.clone().text());
  const mail = (await mailsAfter(1)).find((m) => m.to.includes('bob@example.com'));
  assert.ok(mail, 'bob, who wrote the proposal, hears of the review');
  const text = mail.text.replace(/=\r\n/g, ''); // quoted-printable soft breaks
  assert.match(text, /ann reviewed patchset 1 revision 1: approved \(\+2\)/, 'the mail says the score');
  assert.match(text, /Looks right: the guard covers the empty read\./, 'and what the review said');
  assert.doesNotMatch(text, /ann commented:/, "the review's comment is told as the review's, not twice");

  /** The delivery of the event about one entry (`match`), waiting for it; deliveries are not ordered. */
  const delivered = async (match: (entry: Record<string, unknown>) => boolean) => {
    const t = Date.now();
    for (;;) {
      const at = hooks.findIndex((h) => match(JSON.parse(h.body).entry));
      if (at >= 0) {
        const h = hooks.splice(at, 1)[0]!;
        return { event: h.event, body: JSON.parse(h.body) };
      }
      if (Date.now() - t > 10_000) assert.fail('no delivery');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const review = await delivered((e) => e.kind === 'review');
  assert.equal(review.event, 'reviewed');
  assert.equal(review.body.description, 'ann reviewed patchset 1 revision 1: approved (+2)');
  assert.equal(review.body.text, comment);

  // the model says which statuses close a ticket (on-hold does) and what reopening is
  const events: string[] = [];
  for (const status of ['on-hold', 'declined', 'open', 'abandoned']) {
    assert.equal((await api('ann', `tickets/${id}/status`, { status })).status, 200, status);
    const h = await delivered((e) => e.kind === 'status' && e.status === status);
    events.push(h.event);
    if (status === 'open') assert.equal(h.body.description, 'ann reopened this');
  }
  assert.deepEqual(events, ['closed', 'changed', 'reopened', 'closed']);
  await mailsAfter(0, 0);
});
