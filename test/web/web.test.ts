// Route tests for `dit serve`: every page and API route in-process against a real repository, the
// refusals (Host, cross-site, token, size), and one real port. Browser behaviour is in browser.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp, MAX_BODY } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { startServer } from '../../src/web/serve.js';
import { Site } from '../../src/web/site.js';
import { type Repo, tempRepo } from '../support/helpers.js';

const TOKEN = 'a'.repeat(48);
const HOST = '127.0.0.1:4920';
let repo: Repo;
let site: Site;
let app: ReturnType<typeof createApp>;
let bug: string; // a ticket with hostile text
let task: string;

before(async () => {
  repo = tempRepo();
  bug = repo
    .ok(
      'new',
      'Crash <script>alert(1)</script> on save',
      '-m',
      'Steps: **bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))',
      '--label',
      'ui',
      '--commit',
    )
    .trim();
  repo.ok('comment', bug, 'Seen on 2.3 <svg onload=alert(1)></svg> `code` @bob');
  task = repo.ok('new', 'Write the manual', '--type', 'task', '--label', 'docs', '--commit').trim();
  repo.ok('label-def', 'ui', '--color', '0e8a16', '--description', 'user interface', '--commit');
  repo.ok('milestone', 'new', '2.4', '--due', '2027-01-15', '--commit');
  site = new Site(await Store.open(repo.dir, { env: repo.env })); // git runs as the test's user
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: TOKEN });
});
after(async () => {
  await site.close();
});

function req(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...init.headers } });
}
const form = (fields: Record<string, string | string[]>, token = TOKEN) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ _csrf: token, ...fields })) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
};
const json = (method: string, data: unknown) => ({
  method,
  body: JSON.stringify(data),
  headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
});
const ticket = async (id: string) => (await (await req(`/api/tickets/${id}`)).json()).ticket;

describe('pages', () => {
  test('the list shows open tickets with counts, labels in their colours, and the CSP header', async () => {
    const res = await req('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await res.text();
    assert.match(html, /2 Open/);
    assert.match(html, /0 Closed/);
    assert.match(html, /Write the manual/);
    assert.match(html, /background-color:#0e8a16/);
    assert.ok(!html.includes('<script>alert(1)'), 'the title is escaped');
    assert.match(html, /Crash &lt;script&gt;alert\(1\)&lt;\/script&gt; on save/);
  });

  test('pages are standards-mode HTML; a page past the end shows the last one; the branch switcher keeps the query', async () => {
    const html = await (await req(`/?q=${encodeURIComponent('label:docs')}&page=9`)).text();
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Write the manual/);
    assert.match(
      html,
      /<form method="get" action="\/" class="d-flex flex-items-center" id="branch-form"><input type="hidden" name="q" value="label:docs"/,
    );
  });

  test('a failed action shows the ticket again with the reason and the text being written', async () => {
    const res = await req(
      `/tickets/${task}/comment`,
      form({ body: 'my careful reply', action: 'close', close: 'merged' }),
    );
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.ok(/cannot be &quot;merged&quot;/.test(html), 'the reason is shown');
    assert.match(html, /<textarea[^>]*name="body"[^>]*>my careful reply<\/textarea>/);
    assert.match(html, /Write the manual/);
  });

  test('task lists render as read-only checkboxes; an input from raw HTML cannot be used', async () => {
    const md = await (
      await req(
        '/api/markdown',
        json('POST', { text: '- [ ] todo\n- [x] done\n\n<input type=text onfocus=alert(1) autofocus>' }),
      )
    ).json();
    assert.match(md.html, /<li class="task-list-item"><input type="checkbox" disabled \/> todo<\/li>/);
    assert.match(md.html, /<input type="checkbox" disabled checked \/> done/);
    assert.ok(!/type="text"|onfocus|autofocus/.test(md.html));
  });

  test('a query filters the list; the tabs count its open and closed tickets', async () => {
    const html = await (await req(`/?q=${encodeURIComponent('is:open label:docs')}`)).text();
    assert.match(html, /Write the manual/);
    assert.ok(!html.includes('Crash &lt;script'));
    assert.match(html, /1 Open/);
  });

  test('a query that does not parse is a 400 that points at the problem and suggests the qualifier', async () => {
    const res = await req(`/?q=${encodeURIComponent('lable:ui')}`);
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /did you mean `label:`/);
    assert.match(html, /\^/);
  });

  test('the ticket page renders Markdown, links and mentions, and nothing active from hostile text', async () => {
    const res = await req(`/tickets/${bug.slice(0, 7)}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<span class="user-mention">@bob<\/span>/);
    assert.match(html, /<code>code<\/code>/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1, 'only the app script');
    assert.match(scripts[0]!, /src="\/assets\/app\.[0-9a-f]+\.js"/);
    assert.ok(
      !/onerror|onload=|href="javascript:/i.test(html.replace(/<textarea[\s\S]*?<\/textarea>/g, '')),
      'no handlers or javascript: links outside textareas',
    );
    assert.match(html, /id="branch-matrix"/);
    assert.match(html, /statuses|Fixed|Wontfix/i);
  });

  test('new ticket, milestones, labels, help and a commit page render', async () => {
    for (const [path, text] of [
      ['/tickets/new', 'Submit new ticket'],
      ['/milestones', '2.4'],
      ['/labels', 'user interface'],
      ['/help', 'QUERIES'],
    ] as const) {
      const res = await req(path);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), new RegExp(text), path);
    }
    const head = repo.git('rev-parse', 'HEAD').trim();
    const res = await req(`/commits/${head}`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /new milestone 2\.4|dit:/);
  });

  test('unknown pages and tickets get friendly 404 pages that say what to do', async () => {
    const page = await req('/nowhere');
    assert.equal(page.status, 404);
    assert.match(await page.text(), /ticket list is the place to start/);
    const t = await req('/tickets/0000000');
    assert.equal(t.status, 404);
    assert.match(await t.text(), /0000000/);
    const api = await req('/api/tickets/0000000');
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, 'unknown-ticket');
  });

  test('assets are served with long caching', async () => {
    const html = await (await req('/')).text();
    const css = /href="(\/assets\/primer\.[0-9a-f]+\.css)"/.exec(html)![1]!;
    const res = await req(css);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    assert.ok((await res.arrayBuffer()).byteLength > 100_000);
  });
});

describe('refusals', () => {
  test('a foreign Host header is refused (DNS rebinding)', async () => {
    const res = await app.request(`http://evil.example/`, { headers: { host: 'evil.example' } });
    assert.equal(res.status, 421);
    const api = await app.request(`http://evil.example/api/tickets`, { headers: { host: 'evil.example:4920' } });
    assert.equal(api.status, 421);
    assert.equal((await api.json()).error.code, 'bad-host');
  });

  test('a write without the token, or from another origin, is refused and writes nothing', async () => {
    const before = (await ticket(bug)).comments.length;
    const noToken = await req(`/tickets/${bug}/comment`, form({ body: 'sneaky' }, ''));
    assert.equal(noToken.status, 403);
    const wrong = await req(`/tickets/${bug}/comment`, form({ body: 'sneaky' }, 'b'.repeat(48)));
    assert.equal(wrong.status, 403);
    const cross = await req(`/tickets/${bug}/comment`, {
      ...form({ body: 'sneaky' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
    });
    assert.equal(cross.status, 403);
    const site2 = await req(`/api/tickets/${bug}/comments`, {
      ...json('POST', { body: 'sneaky' }),
      headers: { ...json('POST', {}).headers, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(site2.status, 403);
    assert.equal((await site2.json()).error.code, 'cross-origin');
    const apiNoToken = await req(`/api/tickets/${bug}/comments`, {
      method: 'POST',
      body: '{"body":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(apiNoToken.status, 403);
    assert.equal((await ticket(bug)).comments.length, before);
  });

  test('a body over the limit is refused with a clear error and nothing is written', async () => {
    const before = (await ticket(bug)).comments.length;
    const res = await req(`/api/tickets/${bug}/comments`, json('POST', { body: 'x'.repeat(MAX_BODY + 10) }));
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, 'too-large');
    assert.equal((await ticket(bug)).comments.length, before);
  });

  test('a bad API body is a 400 naming the field', async () => {
    const res = await req('/api/tickets', json('POST', { title: 'x', type: 'feature' }));
    assert.equal(res.status, 400);
    const err = (await res.json()).error;
    assert.equal(err.code, 'invalid-value', 'a value the model refuses, the code the CLI gives');
    assert.match(err.message, /type/);
    const unknown = await req('/api/tickets', json('POST', { title: 'x', kind: 'bug' }));
    assert.equal((await unknown.json()).error.code, 'bad-input', 'a body of the wrong shape');
    const notJson = await req('/api/tickets', { ...json('POST', {}), body: '{oops' });
    assert.equal(notJson.status, 400);
  });
});

describe('form actions', () => {
  test('create, comment, label, edit fields, close and reopen through forms; each redirects back', async () => {
    const created = await req(
      '/tickets',
      form({
        title: 'Toolbar overlaps <b>text</b>',
        body: 'It **overlaps**',
        type: 'bug',
        label: ['ui'],
        new: 'layout, css',
        priority: 'high',
      }),
    );
    assert.equal(created.status, 303);
    const id = /\/tickets\/([0-9a-f]{40})/.exec(created.headers.get('location')!)![1]!;
    let t = await ticket(id);
    assert.equal(t.title, 'Toolbar overlaps <b>text</b>');
    assert.deepEqual([...t.labels].sort(), ['css', 'layout', 'ui']);
    assert.equal(t.priority, 'high');

    const back = `/tickets/${id}`;
    const c = await req(`/tickets/${id}/comment`, form({ body: 'Reproduced', action: 'comment', back }));
    assert.equal(c.status, 303);
    assert.equal(c.headers.get('location'), back);
    assert.equal((await req(`/tickets/${id}/labels`, form({ label: ['ui', 'css'], new: 'regression' }))).status, 303);
    assert.equal(
      (
        await req(
          `/tickets/${id}/fields`,
          form({
            type: 'bug',
            priority: 'urgent',
            severity: 'serious',
            responsible: 'bob@example.com',
            milestone: '2.4',
            topic: '',
          }),
        )
      ).status,
      303,
    );
    assert.equal(
      (await req(`/tickets/${id}/edit`, form({ title: 'Toolbar overlaps the text', body: 'Edited' }))).status,
      303,
    );
    assert.equal((await req(`/tickets/${id}/watch`, form({ on: '1' }))).status, 303);
    t = await ticket(id);
    assert.equal(t.comments.length, 1);
    assert.deepEqual([...t.labels].sort(), ['css', 'regression', 'ui']);
    assert.equal(t.priority, 'urgent');
    assert.equal(t.milestone, '2.4');
    assert.equal(t.responsible, 'bob@example.com');
    assert.equal(t.title, 'Toolbar overlaps the text');
    assert.deepEqual(t.watchers, ['ann@example.com']);

    assert.equal(
      (await req(`/tickets/${id}/comment`, form({ body: 'Fixed in the layout pass', action: 'close', close: 'fixed' })))
        .status,
      303,
    );
    t = await ticket(id);
    assert.equal(t.status, 'fixed');
    const bad = await req(`/tickets/${id}/comment`, form({ body: '', action: 'comment' }));
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /comment is empty/);
    assert.equal((await req(`/tickets/${id}/comment`, form({ body: '', action: 'reopen' }))).status, 303);
    assert.equal((await ticket(id)).status, 'open');
  });

  test("a comment's Edit link opens a page with its text and the edit and delete forms; the ticket page repeats no form per comment", async () => {
    await req(`/tickets/${task}/comment`, form({ body: 'wording <b>to</b> change', action: 'comment' }));
    const t = await ticket(task);
    const c = t.comments.find((x: { body: string }) => x.body.startsWith('wording'));
    const page = await (await req(`/tickets/${task}`)).text();
    const link = `/tickets/${t.id.slice(0, 7)}/comments/${c.id}/edit`; // the ticket by its short id, as other links
    assert.ok(page.includes(`href="${link}"`), 'the comment links to its edit page');
    assert.ok(
      !page.includes(`action="${link}"`) && !page.includes('>wording <b>to</b> change</textarea>'),
      'no inline edit form',
    );
    const res = await req(link);
    assert.equal(res.status, 200);
    const edit = await res.text();
    assert.ok(edit.includes('>wording &lt;b&gt;to&lt;/b&gt; change</textarea>'), 'the text, escaped, in the form');
    assert.ok(edit.includes(`action="${link}"`) && edit.includes(`action="/tickets/${t.id}/comments/${c.id}/delete"`));
    assert.ok(edit.includes(`name="back" value="/tickets/${t.id}"`), 'back to the ticket afterwards');
    assert.equal((await req(`/tickets/${task}/comments/ffffffff/edit`)).status, 404);
  });

  test('a comment is edited and deleted through its forms; history stays in the journal', async () => {
    await req(`/tickets/${task}/comment`, form({ body: 'first wording', action: 'comment' }));
    const c = (await ticket(task)).comments.find((x: { body: string }) => x.body === 'first wording');
    assert.ok(c, 'the comment is there');
    assert.equal(
      (await req(`/tickets/${task}/comments/${c.id.slice(0, 8)}/edit`, form({ body: 'second wording' }))).status,
      303,
    );
    let after = (await ticket(task)).comments.find((x: { id: string }) => x.id === c.id);
    assert.equal(after.body, 'second wording');
    assert.deepEqual(
      after.edits.map((e: { body: string }) => e.body),
      ['first wording'],
    );
    assert.equal((await req(`/tickets/${task}/comments/${c.id.slice(0, 8)}/delete`, form({}))).status, 303);
    after = (await ticket(task)).comments.find((x: { id: string }) => x.id === c.id);
    assert.equal(after.deleted, true);
    const html = await (await req(`/tickets/${task}`)).text();
    assert.ok(!html.includes('second wording'), 'a deleted comment is not shown');
    assert.match(html, /deleted a comment/);
  });

  test('vote through the form; watch through the API', async () => {
    assert.equal((await req(`/tickets/${task}/vote`, form({ on: '1' }))).status, 303);
    assert.deepEqual((await ticket(task)).votes, ['ann@example.com']);
    const r = await (await req(`/api/tickets/${task}/watch`, json('POST', { on: true }))).json();
    assert.deepEqual(r.ticket.watchers, ['ann@example.com']);
    assert.equal((await req(`/tickets/${task}/vote`, form({ on: '0' }))).status, 303);
    assert.deepEqual((await ticket(task)).votes, []);
  });

  test('a form that fails comes back with what the user typed and what to fix', async () => {
    const res = await req('/tickets', form({ title: '   ', body: 'my long description' }));
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /needs a title/);
    assert.match(html, /my long description/);
  });

  test('staged changes show a banner; its button commits just the .dit/ paths', async () => {
    repo.write('code.txt', 'user work\n');
    repo.git('add', 'code.txt');
    await req(`/tickets/${task}/comment`, form({ body: 'pending comment', action: 'comment' }));
    let html = await (await req('/')).text();
    assert.match(html, /ticket changes? not committed yet/);
    const res = await req('/commit', form({ message: 'Ticket updates from the web' }));
    assert.equal(res.status, 303);
    assert.equal(repo.git('log', '-1', '--format=%s').trim(), 'Ticket updates from the web');
    assert.deepEqual(
      repo.git('diff', '--cached', '--name-only').trim().split('\n'),
      ['code.txt'],
      "the user's staged file stays staged",
    );
    html = await (await req('/')).text();
    assert.ok(!/not committed yet/.test(html));
  });

  test('milestones and labels are created and edited through forms', async () => {
    assert.equal(
      (await req('/milestones', form({ name: '3.0', due: '2027-06-01', description: 'Big one' }))).status,
      303,
    );
    assert.equal((await req(`/milestones/${encodeURIComponent('3.0')}/edit`, form({ state: 'closed' }))).status, 303);
    const ms = (await (await req('/api/milestones')).json()).milestones;
    assert.equal(ms.find((m: { name: string }) => m.name === '3.0').state, 'closed');
    assert.equal((await req('/labels', form({ name: 'perf', color: '#fbca04', description: 'Speed' }))).status, 303);
    const labels = (await (await req('/api/labels')).json()).labels;
    assert.equal(labels.find((l: { name: string }) => l.name === 'perf').color, 'fbca04');
  });

  test('a write can go to the shared journal instead of the branch', async () => {
    await req(`/tickets/${task}/comment`, form({ body: 'to the journal', action: 'comment', shared: '1' }));
    assert.match(repo.git('log', '-1', '--format=%s', 'refs/dit/journal'), /comment on/);
  });
});

describe('JSON API', () => {
  test('list, create, get, patch, comment, label, status, vote, branch matrix', async () => {
    const session = await (await req('/api/session')).json();
    assert.equal(session.token, TOKEN);
    assert.ok(session.branches.includes('main'));
    const created = await req(
      '/api/tickets',
      json('POST', { title: 'From the API', body: `Hello #${bug.slice(0, 7)}`, labels: ['api'] }),
    );
    assert.equal(created.status, 201);
    const id = (await created.json()).ticket.id as string;
    const list = await (await req(`/api/tickets?q=${encodeURIComponent('label:api')}`)).json();
    assert.deepEqual(
      list.tickets.map((t: { id: string }) => t.id),
      [id],
    );
    assert.equal(list.open, 1);
    assert.equal(
      (await (await req(`/api/tickets/${id}`, json('PATCH', { priority: 'high', milestone: null }))).json()).ticket
        .priority,
      'high',
    );
    assert.equal(
      (await (await req(`/api/tickets/${id}/comments`, json('POST', { body: 'A comment' }))).json()).ticket.comments
        .length,
      1,
    );
    assert.deepEqual(
      (await (await req(`/api/tickets/${id}/labels`, json('POST', { add: ['x'], remove: ['api'] }))).json()).ticket
        .labels,
      ['x'],
    );
    assert.equal(
      (await (await req(`/api/tickets/${id}/status`, json('POST', { status: 'wontfix' }))).json()).ticket.status,
      'wontfix',
    );
    assert.deepEqual((await (await req(`/api/tickets/${id}/vote`, json('POST', { on: true }))).json()).ticket.votes, [
      'ann@example.com',
    ]);
    const badStatus = await req(`/api/tickets/${id}/status`, json('POST', { status: 'merged' }));
    assert.equal(badStatus.status, 400);
    const matrix = await (await req(`/api/tickets/${id}/branches`)).json();
    assert.equal(matrix.id, id);
    assert.ok(matrix.rows.some((r: { branch: string }) => r.branch === 'main'));
    const md = await (
      await req('/api/markdown', json('POST', { text: `see #${bug.slice(0, 7)} <script>x</script>` }))
    ).json();
    assert.match(md.html, new RegExp(`href="/tickets/${bug}[0-9a-f]{33}"`));
    assert.ok(!md.html.includes('<script'));
    const closed = await (await req('/api/tickets?state=closed')).json();
    assert.ok(closed.tickets.some((t: { id: string }) => t.id === id));
  });

  test('milestones and labels through the API; pending entries and commit', async () => {
    assert.equal((await req('/api/milestones', json('POST', { name: '5.0', due: '2028-01-01' }))).status, 201);
    const dup = await req('/api/milestones', json('POST', { name: '5.0' }));
    assert.equal(dup.status, 409);
    assert.equal((await dup.json()).error.code, 'exists');
    assert.equal(
      (await (await req('/api/milestones/5.0', json('PATCH', { state: 'closed' }))).json()).milestone.state,
      'closed',
    );
    assert.equal((await req('/api/labels', json('POST', { name: 'infra', color: '5319e7' }))).status, 201);
    const pending = await (await req('/api/pending')).json();
    assert.ok(pending.paths.length > 0);
    const done = await (await req('/api/commit', json('POST', { message: 'api commit' }))).json();
    assert.match(done.commit, /^[0-9a-f]{40}$/);
    assert.deepEqual((await (await req('/api/pending')).json()).paths, []);
  });
});

describe('freshness', () => {
  test('the server sees a CLI write, a commit and a checkout on the next request', async () => {
    await req(`/tickets/${task}`);
    await req(`/tickets/${task}`); // rendered pages are reused while git is unchanged...
    repo.ok('comment', task, 'written by the CLI');
    assert.match(await (await req(`/tickets/${task}`)).text(), /written by the CLI/); // ...and not after a change
    assert.ok((await ticket(task)).comments.some((c: { body: string }) => c.body === 'written by the CLI'));
    repo.git('checkout', '-q', '-b', 'release');
    repo.ok('close', task, '--status', 'resolved', '--commit');
    assert.equal((await ticket(task)).status, 'resolved');
    repo.git('checkout', '-q', 'main');
    assert.notEqual((await ticket(task)).status, 'resolved');
    const onRelease = await (await req(`/api/tickets/${task}?branch=release`)).json();
    assert.equal(onRelease.ticket.status, 'resolved');
    const page = await (await req(`/?q=is:closed&branch=release`)).text();
    assert.match(page, /Write the manual/);
  });
});

describe('real port', () => {
  test('dit serve answers over HTTP on 127.0.0.1 and refuses another Host', async () => {
    const running = await startServer(await Store.open(repo.dir, { env: repo.env }), { host: '127.0.0.1', port: 0 });
    try {
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(running.url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Write the manual/);
      const session = await (await fetch(`${running.url}api/session`)).json();
      const posted = await fetch(`${running.url}api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.token },
        body: JSON.stringify({ title: 'Over the wire' }),
      });
      assert.equal(posted.status, 201);
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        request(running.url, { headers: { host: 'attacker.example' } }, (r) => {
          r.resume();
          resolve(r.statusCode!);
        })
          .on('error', reject)
          .end();
      });
      assert.equal(status, 421);
    } finally {
      await running.close();
    }
  });
});
