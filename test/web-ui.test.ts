// Route tests for the GitHub-like parts of the web UI: one label colour rule on every page, names
// instead of emails, the branch matrix table, the view banner, GitHub's query habits on the list and
// in the API, and the pickers' plain form posts. Browser behaviour is in web-ui-browser.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newTicket, tempRepo, type Repo } from './helpers.js';
import { Store } from '../src/store/store.js';
import { Site } from '../src/web/site.js';
import { createApp } from '../src/web/app.js';
import { allowedHosts } from '../src/web/security.js';
import { defaultColor } from '../src/model/label-def.js';

const TOKEN = 'b'.repeat(48);
const HOST = '127.0.0.1:4920';
const bob = { name: 'Bob Builder', email: 'bob@example.com' };
let repo: Repo;
let site: Site;
let app: ReturnType<typeof createApp>;
let crash: string;
let docs: string;
let proposal: string;

before(async () => {
  repo = tempRepo();
  repo.as(bob).write('src.txt', 'code\n');
  repo.as(bob).commit('Bob writes code'); // Bob is known from the history alone
  crash = newTicket(repo, 'Crash when saving', '-m', 'The editor hangs', '--label', 'bug', '--label', 'regression');
  repo.ok('edit', crash, '--responsible', 'bob@example.com');
  repo.ok('comment', crash, 'A crash here too');
  docs = newTicket(repo, 'Write the manual', '--type', 'task', '--label', 'docs');
  proposal = newTicket(repo, 'Faster saving', '--type', 'proposal');
  repo.ok('label-def', 'bug', '--color', 'd73a4a', '--description', 'Something is broken');
  repo.ok('milestone', 'new', '2.4');
  repo.commit('tickets');
  repo.git('branch', 'release-5.1');
  repo.git('branch', 'feature/a-branch-name-much-longer-than-the-sidebar-is-wide');
  site = new Site(await Store.open(repo.dir, { env: repo.env }));
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: TOKEN });
});
after(async () => {
  await site.close();
});

function req(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...init.headers } });
}
const page = async (path: string) => {
  const res = await req(path);
  assert.equal(res.status, 200, path);
  return res.text();
};
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ _csrf: TOKEN, ...fields })) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
};
const q = (query: string) => `/?q=${encodeURIComponent(query)}`;
/** The titles a list page shows, in order. */
const titles = (html: string) =>
  [...html.matchAll(/class="Link--primary v-align-middle[^"]*"[^>]*>([^<]*)</g)].map((m) => m[1]);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('one label colour rule', () => {
  test('a used label without a definition has the colour derived from its name on every page', async () => {
    const derived = `background-color:#${defaultColor('regression')}`;
    assert.notEqual(defaultColor('regression'), 'ededed');
    const list = await page('/');
    const ticket = await page(`/tickets/${crash}`);
    const labels = await page('/labels');
    const onBranch = await page(`/tickets/${crash}?branch=release-5.1`);
    for (const [where, html] of Object.entries({ list, ticket, labels, onBranch }))
      assert.ok(html.includes(derived), `${where} shows regression in ${derived}`);
    for (const html of [list, ticket])
      assert.ok(html.includes('background-color:#d73a4a'), 'a defined label: its colour');
    assert.ok(!list.includes('background-color:#ededed'), 'no label is grey for want of a definition');
  });

  test('the label checkboxes offer used-but-undefined labels, with colours and descriptions', async () => {
    const html = await page(`/tickets/${docs}`); // docs carries neither bug nor regression
    for (const name of ['bug', 'regression', 'docs'])
      assert.match(html, new RegExp(`<input type="checkbox" name="label" value="${name}"`), name);
    assert.match(html, /<span class="picker-description">Something is broken<\/span>/);
    assert.match(html, new RegExp(`class="picker-swatch" style="background-color:#${defaultColor('regression')}"`));
    const fresh = await page('/tickets/new');
    assert.match(fresh, /<input type="checkbox" name="label" value="regression"/);
  });
});

describe('people', () => {
  test('responsible and participants show names, with generated avatars and the email on hover', async () => {
    const html = await page(`/tickets/${crash}`);
    const side = html.slice(html.indexOf('id="sidebar-responsible"'));
    assert.match(
      side,
      /title="Bob Builder &lt;bob@example.com&gt;"><span class="dit-avatar"[^>]*>BB<\/span>Bob Builder<\/a>/,
    );
    const people = html.slice(
      html.indexOf('id="participants"'),
      html.indexOf('</ul>', html.indexOf('id="participants"')),
    );
    assert.match(people, /AA<\/span>Ann Author/);
    assert.ok(!people.includes('>ann@example.com<'), 'no raw email');
    const list = await page('/');
    assert.match(
      list,
      /class="ticket-responsible[^"]*"><a [^>]*title="Bob Builder &lt;bob@example.com&gt;">.*?Bob Builder<\/a>/,
    );
    assert.ok(!/<img [^>]*avatar/i.test(list + html), 'avatars are not images: no request per row');
  });

  test('the responsible picker lists known people (commit authors too) and posts as a plain form', async () => {
    const html = await page(`/tickets/${docs}`);
    const picker = html.slice(html.indexOf('data-picker="responsible"'));
    assert.match(picker, /<input type="radio" name="responsible" value="Bob Builder &lt;bob@example.com&gt;"/);
    assert.match(picker, /<input type="radio" name="responsible" value="Ann Author &lt;ann@example.com&gt;"/);
    let res = await req(`/tickets/${docs}/fields`, form({ responsible: 'Bob Builder <bob@example.com>' }));
    assert.equal(res.status, 303);
    assert.equal(repo.json('show', docs).ticket.responsible, 'Bob Builder <bob@example.com>');
    // "someone else" wins over the radio buttons; an empty milestone radio clears nothing else
    res = await req(`/tickets/${docs}/fields`, form({ responsible: '', 'responsible-other': 'carol@example.org' }));
    assert.equal(res.status, 303);
    assert.equal(repo.json('show', docs).ticket.responsible, 'carol@example.org');
    res = await req(`/tickets/${docs}/fields`, form({ milestone: '2.4' }));
    assert.equal(repo.json('show', docs).ticket.milestone, '2.4');
    assert.equal(repo.json('show', docs).ticket.responsible, 'carol@example.org', 'a milestone form leaves the rest');
    const again = await page(`/tickets/${docs}`);
    assert.match(again, /<input type="radio" name="milestone" value="2.4" checked=""/);
    assert.match(again, /<input type="radio" name="responsible" value="carol@example.org" checked=""/);
  });
});

describe('the ticket page frame', () => {
  test('the view banner names the branch without a stray space', async () => {
    const html = await page(`/tickets/${crash}?branch=release-5.1`);
    assert.match(text(html), /Viewing tickets as seen from branch release-5\.1 · Back to the working tree/);
  });

  test('the branch matrix is a table of name, status and what decided it, each in its own cell', async () => {
    const html = await page(`/tickets/${crash}`);
    const matrix = html.slice(html.indexOf('id="branch-matrix"'));
    assert.match(matrix, /<table class="branch-matrix text-small"><colgroup>/);
    assert.match(
      matrix,
      /<td class="bm-name"><div class="bm-name-inner"><a class="bm-branch branch-name" href="[^"]*" title="main">main<\/a><span class="Label Label--secondary bm-head"[^>]*>HEAD<\/span>/,
    );
    const long = 'feature/a-branch-name-much-longer-than-the-sidebar-is-wide';
    assert.ok(matrix.includes(`title="${long}">${long}</a>`), 'a long name is whole, with its title');
    assert.match(matrix, /<td class="bm-status"><span class="color-fg-open" title="new">new<\/span><\/td>/);
  });
});

describe("GitHub's query habits on the list page and in the API", () => {
  test('is:pr, is:issue, state:, in:title and involves: on the list page; the tabs keep state:', async () => {
    assert.deepEqual(titles(await page(q('is:pr'))), ['Faster saving']);
    assert.deepEqual(titles(await page(q('is:issue state:open'))), ['Write the manual', 'Crash when saving']);
    assert.deepEqual(titles(await page(q('in:title crash'))), ['Crash when saving']);
    assert.deepEqual(titles(await page(q('in:body hangs'))), ['Crash when saving']);
    assert.deepEqual(titles(await page(q('in:title hangs'))), []);
    assert.deepEqual(titles(await page(q('involves:bob'))), ['Crash when saving']);
    const html = await page(q('state:open is:issue'));
    assert.match(html, /id="tab-closed"/);
    assert.ok(
      html.includes(`href="/?q=${encodeURIComponent('is:closed is:issue').replace(/%20/g, '+')}"`),
      'Closed tab',
    );
  });

  test('the API takes the same queries; a bad one is a usage error pointing at it', async () => {
    const ids = async (query: string) => {
      const res = await req(`/api/tickets?q=${encodeURIComponent(query)}&state=all`);
      assert.equal(res.status, 200, query);
      return ((await res.json()) as { tickets: { id: string }[] }).tickets.map((t) => t.id);
    };
    assert.deepEqual(await ids('is:pr'), [proposal]);
    assert.deepEqual(await ids('linked:pr'), []);
    assert.deepEqual((await ids('is:issue')).sort(), [crash, docs].sort());
    assert.deepEqual(await ids('crash in:comments'), [crash]);
    const bad = await req(`/api/tickets?q=${encodeURIComponent('reason:compleet')}`);
    assert.equal(bad.status, 400);
    const err = ((await bad.json()) as { error: { code: string; message: string } }).error;
    assert.equal(err.code, 'usage');
    assert.match(err.message, /did you mean `completed`/);
  });

  test('the help page lists the GitHub habits', async () => {
    const html = await page('/help');
    for (const h of ['is:pr', 'is:issue', 'state:open', 'in:title', 'reason:completed', 'involves:', 'linked:pr'])
      assert.ok(html.includes(h), h);
  });
});
