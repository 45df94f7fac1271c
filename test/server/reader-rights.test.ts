// The reader's rights on a real `dit server --signup` through its pages and JSON API: a member granted
// `read` on a private repository and an account just signed up (on a public one) open tickets, comment,
// react, vote, and close and reopen their own tickets, written as themselves; labels, fields, closing
// someone else's ticket, editing their comment, milestones, merges and settings stay refused; nobody
// signed in writes nothing; a private repository stays 404 to who may not read it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PEOPLE, type Person, type RunningServer, serverOk, startHosted } from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;
const PRIVATE = 'tools/editor';
const PUBLIC = 'docs';
/** Someone who signs up on /-/signup (no --smtp: the account works at once). */
const NEWT = { name: 'newt', email: 'newt@example.org', password: 'newt-secret-12' } satisfies Person;

interface Session {
  cookie: string;
  csrf: string;
}
const origin = () => srv.url.slice(0, -1);
const basic = (p: Person) => `Basic ${Buffer.from(`${p.name}:${p.password}`).toString('base64')}`;

async function signIn(p: Person): Promise<Session> {
  const res = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
    body: new URLSearchParams({ name: p.name, password: p.password }),
  });
  assert.equal(res.status, 303, `${p.name} signs in`);
  const cookie = /dit_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const home = await (await fetch(srv.url, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(home)![1]! };
}

/** A form post as the browser sends it (the session's cookie and token, the page's origin). */
const form = (s: Session | null, path: string, fields: Record<string, string>) =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: origin(),
      ...(s ? { cookie: s.cookie } : {}),
    },
    body: new URLSearchParams({ ...(s ? { _csrf: s.csrf } : {}), ...fields }),
  });

/** A JSON API call with a password (Basic), a token (Bearer) or nobody. */
const api = (who: Person | string | null, method: string, path: string, body?: unknown) =>
  fetch(`${srv.url}${path}`, {
    method,
    headers: {
      ...(who === null ? {} : { authorization: typeof who === 'string' ? `Bearer ${who}` : basic(who) }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function ticketOf(repo: string, id: string): Promise<any> {
  const res = await api(PEOPLE.ann, 'GET', `${repo}/api/tickets/${id}`);
  assert.equal(res.status, 200);
  return (await res.json()).ticket;
}

/** What a refused write answers: 403 with what it takes; the ticket is as before. */
async function refused(res: Response, what: string): Promise<string> {
  const text = await res.text();
  assert.equal(res.status, 403, `${what}: ${res.status} ${text.slice(0, 300)}`);
  assert.match(text, /write access/, `${what} says what it takes`);
  return text;
}

let annsTicket: Record<string, string> = {};
let annsComment: Record<string, string> = {};

before(async () => {
  ({ root, srv } = await startHosted(
    {
      [PRIVATE]: { grants: { bob: 'read', ann: 'write' } },
      [PUBLIC]: { public: true, grants: { ann: 'write' } },
    },
    ['--signup'],
  ));
  const made = await fetch(`${srv.url}-/signup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
    body: new URLSearchParams(NEWT),
  });
  assert.equal(made.status, 303, 'newt signs up');
  annsTicket = {};
  annsComment = {};
  for (const repo of [PRIVATE, PUBLIC]) {
    const t = await api(PEOPLE.ann, 'POST', `${repo}/api/tickets`, { title: `Ann's ticket in ${repo}` });
    assert.equal(t.status, 201);
    annsTicket[repo] = (await t.json()).ticket.id;
    const c = await api(PEOPLE.ann, 'POST', `${repo}/api/tickets/${annsTicket[repo]}/comments`, { body: 'ann says' });
    annsComment[repo] = (await c.json()).entry;
  }
});
after(async () => {
  await srv.stop();
});

const READERS: [string, Person, string][] = [
  ['bob, granted read on a private repository', PEOPLE.bob, PRIVATE],
  ['newt, just signed up, on a public repository', NEWT, PUBLIC],
];

for (const [label, who, repo] of READERS) {
  describe(label, () => {
    test('opens tickets, comments, reacts and votes through the pages and the API, as themselves', async () => {
      const s = await signIn(who);
      const author = { name: who.name, email: who.email };

      // the pages show them the forms: the new-ticket button, the comment box, reactions, the vote
      const list = await (await fetch(`${srv.url}${repo}/`, { headers: { cookie: s.cookie } })).text();
      assert.match(list, /id="new-ticket"/);
      const newPage = await (await fetch(`${srv.url}${repo}/tickets/new`, { headers: { cookie: s.cookie } })).text();
      assert.match(newPage, /name="title"/);
      assert.doesNotMatch(newPage, /name="priority"|aria-label="Other labels"/, 'no fields a reader may not set');
      const page = await (
        await fetch(`${srv.url}${repo}/tickets/${annsTicket[repo]}`, { headers: { cookie: s.cookie } })
      ).text();
      assert.match(page, /id="comment-button"/);
      assert.match(page, /id="vote-button"/);
      assert.match(page, /id="reactions-form"/);
      assert.doesNotMatch(page, /id="close-button"|id="edit-title"/, "not on someone else's ticket");

      // a ticket from the form, one from the API
      const made = await form(s, `${repo}/tickets`, { title: `Form ticket by ${who.name}`, body: 'from the page' });
      assert.equal(made.status, 303, await made.text());
      const formId = /\/tickets\/([0-9a-f]{40})$/.exec(made.headers.get('location') ?? '')![1]!;
      assert.deepEqual((await ticketOf(repo, formId)).author, author);
      const viaApi = await api(who, 'POST', `${repo}/api/tickets`, {
        title: `API ticket by ${who.name}`,
        type: 'task',
      });
      assert.equal(viaApi.status, 201);
      const apiTicket = (await viaApi.json()).ticket;
      assert.deepEqual(apiTicket.author, author);
      assert.equal(apiTicket.type, 'task', 'a reader chooses the type');

      // on ann's ticket: a comment from the form and one from the API, a reaction, a vote
      const id = annsTicket[repo]!;
      assert.equal(
        (await form(s, `${repo}/tickets/${id}/comment`, { body: 'a reader writes', action: 'comment' })).status,
        303,
      );
      assert.equal(
        (await api(who, 'POST', `${repo}/api/tickets/${id}/comments`, { body: 'and by the API' })).status,
        200,
      );
      assert.equal((await form(s, `${repo}/tickets/${id}/vote`, { on: '1' })).status, 303);
      assert.equal((await api(who, 'POST', `${repo}/api/tickets/${id}/reactions`, { reaction: 'heart' })).status, 200);
      const t = await ticketOf(repo, id);
      const mine = t.comments.filter((c: any) => c.author.email === who.email).map((c: any) => c.body);
      assert.deepEqual(mine, ['a reader writes', 'and by the API']);
      assert.ok(t.votes.includes(who.email), `voted: ${JSON.stringify(t.votes)}`);
      assert.deepEqual(t.reactions[''].heart, [who.email]);
      assert.equal(t.status, 'new', 'still open');
      const shown = await (await fetch(`${srv.url}${repo}/tickets/${id}`, { headers: { cookie: s.cookie } })).text();
      assert.match(shown, /a reader writes/);
      assert.match(shown, /Unvote · 1/);
    });

    test('closes and reopens a ticket of their own, and edits their own comment', async () => {
      const s = await signIn(who);
      const made = await api(who, 'POST', `${repo}/api/tickets`, { title: `Mine to close, ${who.name}` });
      const id = (await made.json()).ticket.id as string;
      const page = await (await fetch(`${srv.url}${repo}/tickets/${id}`, { headers: { cookie: s.cookie } })).text();
      assert.match(page, /id="close-button"/, 'their own ticket offers Close');
      const closed = await form(s, `${repo}/tickets/${id}/comment`, { action: 'close', close: 'fixed', body: '' });
      assert.equal(closed.status, 303, await closed.text());
      assert.equal((await ticketOf(repo, id)).status, 'fixed');
      const reopened = await api(who, 'POST', `${repo}/api/tickets/${id}/status`, { status: 'reopen' });
      assert.equal(reopened.status, 200, await reopened.text());
      assert.ok(['new', 'open'].includes((await ticketOf(repo, id)).status));
      const c = await api(who, 'POST', `${repo}/api/tickets/${id}/comments`, { body: 'first words' });
      const comment = (await c.json()).entry as string;
      const edited = await form(s, `${repo}/tickets/${id}/comments/${comment}/edit`, { body: 'better words' });
      assert.equal(edited.status, 303);
      assert.equal((await ticketOf(repo, id)).comments.at(-1).body, 'better words');
      const renamed = await api(who, 'PATCH', `${repo}/api/tickets/${id}`, { title: 'A better title' });
      assert.equal(renamed.status, 200, 'the title of their own ticket');
    });

    test('everything else is refused as before, and writes nothing', async () => {
      const s = await signIn(who);
      const id = annsTicket[repo]!;
      const before = await ticketOf(repo, id);
      const p = `${repo}/api/tickets/${id}`;
      await refused(
        await form(s, `${repo}/tickets/${id}/comment`, { action: 'close', close: 'fixed' }),
        'close by form',
      );
      await refused(await api(who, 'POST', `${p}/status`, { status: 'close' }), 'close by API');
      await refused(await api(who, 'POST', `${p}/labels`, { add: ['bug'] }), 'labels by API');
      await refused(await form(s, `${repo}/tickets/${id}/labels`, { label: 'bug' }), 'labels by form');
      await refused(await api(who, 'PATCH', p, { priority: 'high' }), 'a field');
      await refused(await api(who, 'PATCH', p, { title: 'Taken over' }), "someone else's title");
      await refused(await form(s, `${repo}/tickets/${id}/fields`, { responsible: who.name }), 'the responsible');
      await refused(await api(who, 'POST', `${p}/watchers`, { add: ['cy@example.com'] }), 'watchers for others');
      const edit = `${repo}/tickets/${id}/comments/${annsComment[repo]}/edit`;
      await refused(await form(s, edit, { body: 'ann did not say this' }), "someone else's comment");
      await refused(
        await api(who, 'POST', `${repo}/api/tickets`, { title: 'Labelled', labels: ['urgent'] }),
        'a new ticket with labels',
      );
      await refused(await api(who, 'POST', `${repo}/api/tickets`, { title: 'High', priority: 'high' }), 'with a field');
      await refused(await api(who, 'POST', `${repo}/api/milestones`, { name: 'v9' }), 'a milestone');
      await refused(await api(who, 'POST', `${repo}/api/labels`, { name: 'mine' }), 'a label');
      await refused(await api(who, 'POST', `${p}/merge`, {}), 'a merge');
      assert.equal((await fetch(`${srv.url}${repo}/-/settings`, { headers: { cookie: s.cookie } })).status, 404);
      const after = await ticketOf(repo, id);
      assert.equal(after.status, before.status);
      assert.equal(after.title, before.title);
      assert.equal(after.priority, before.priority);
      assert.deepEqual(after.labels, before.labels);
      assert.deepEqual(after.watchers, before.watchers);
      assert.equal(after.comments.find((c: any) => c.id === annsComment[repo]).body, 'ann says');
      const all = await (await api(PEOPLE.ann, 'GET', `${repo}/api/tickets?state=all&q=Labelled`)).json();
      assert.equal(all.total, 0, 'no ticket with labels was opened');
    });
  });
}

test('a read-only token takes no part; nobody signed in writes nothing; a private repository stays 404', async () => {
  const token = serverOk(root, ['token', 'add', 'bob', '--name', 'ro', '--scope', 'read']).trim();
  const id = annsTicket[PRIVATE]!;
  const ro = await api(token, 'POST', `${PRIVATE}/api/tickets/${id}/comments`, { body: 'with a read token' });
  assert.equal(ro.status, 403);
  const anon = await api(null, 'POST', `${PUBLIC}/api/tickets/${annsTicket[PUBLIC]}/comments`, { body: 'anonymous' });
  assert.equal(anon.status, 403);
  assert.match(await anon.text(), /sign in to change anything here/);
  const anonForm = await form(null, `${PUBLIC}/tickets`, { title: 'anonymous' });
  assert.equal(anonForm.status, 403);
  const anonPage = await (await fetch(`${srv.url}${PUBLIC}/tickets/${annsTicket[PUBLIC]}`)).text();
  assert.match(anonPage, /id="sign-in-to-comment"/);
  assert.doesNotMatch(anonPage, /id="comment-button"|id="vote-button"|id="new-ticket"/);
  // newt may read only the public repository: the private one is not there, for reading or writing
  assert.equal((await api(NEWT, 'GET', `${PRIVATE}/api/tickets/${id}`)).status, 404);
  assert.equal((await api(NEWT, 'POST', `${PRIVATE}/api/tickets/${id}/comments`, { body: 'hello' })).status, 404);
  assert.equal((await api(NEWT, 'POST', `${PRIVATE}/api/tickets`, { title: 'hello' })).status, 404);
  const t = await ticketOf(PRIVATE, id);
  assert.ok(!t.comments.some((c: any) => /read token|hello/.test(c.body)));
});
