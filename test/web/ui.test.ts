// Route tests for the GitHub-like parts of the web UI: one label colour rule on every page, names
// instead of emails, the branch matrix table, the view banner, GitHub's query habits on the list and
// in the API, and the pickers' plain form posts. Browser behaviour is in web-ui-browser.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultColor } from '../../src/model/label-def.js';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';

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
      new RegExp(
        '<td class="bm-name"><div class="bm-name-inner"><a class="bm-branch branch-name" href="[^"]*" title="main">main</a>' +
          '<span class="Label Label--secondary bm-head"[^>]*>HEAD</span>',
      ),
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

describe('list filters', () => {
  const menu = (html: string, id: string) => {
    const at = html.indexOf(`id="filter-${id}"`);
    assert.ok(at > 0, `menu ${id}`);
    return html.slice(at, html.indexOf('</details>', at));
  };
  const links = (part: string) =>
    [
      ...part.matchAll(
        /<a class="SelectMenu-item" role="menuitemcheckbox" aria-checked="(true|false)" href="([^"]*)"/g,
      ),
    ].map((m) => ({
      checked: m[1] === 'true',
      q: new URLSearchParams(m[2]!.replace(/&amp;/g, '&').split('?')[1]).get('q'),
    }));

  test('Author, Label, Milestone, Responsible and Type menus are links that edit the query', async () => {
    const html = await page(q('is:open crash'));
    assert.ok(
      links(menu(html, 'author')).some((l) => l.q === 'is:open crash author:bob@example.com'),
      'author: bob',
    );
    const label = links(menu(html, 'label'));
    assert.ok(
      label.some((l) => l.q === 'is:open crash label:regression'),
      'a used-but-undefined label is offered',
    );
    assert.ok(label.some((l) => l.q === 'is:open crash no:label'));
    assert.ok(links(menu(html, 'milestone')).some((l) => l.q === 'is:open crash milestone:2.4'));
    assert.ok(links(menu(html, 'responsible')).some((l) => l.q === 'is:open crash no:responsible'));
    assert.ok(links(menu(html, 'type')).some((l) => l.q === 'is:open crash type:task'));
    assert.match(html, /id="clear-filters" href="\/"/);
    assert.ok(!(await page('/')).includes('id="clear-filters"'), 'nothing to clear on the default list');
  });

  test('a chosen value is checked, and its link takes it off again; labels toggle one by one', async () => {
    const html = await page(q('is:open label:bug label:regression type:bug'));
    const label = links(menu(html, 'label'));
    assert.ok(
      label.some((l) => l.checked && l.q === 'is:open label:regression type:bug'),
      'unchecking bug keeps regression',
    );
    const type = links(menu(html, 'type'));
    assert.ok(type.some((l) => l.checked && l.q === 'is:open label:bug label:regression'));
    assert.ok(
      type.some((l) => !l.checked && l.q === 'is:open label:bug label:regression type:task'),
      'types replace',
    );
    // the menus' links are queries the list answers
    for (const l of [...label, ...type]) assert.equal((await req(`/?q=${encodeURIComponent(l.q!)}`)).status, 200, l.q!);
  });

  test('saved queries from git config are listed beside the list, and the API lists them', async () => {
    assert.ok(!(await page('/')).includes('id="saved-queries"'), 'no side list without saved queries');
    repo.git('config', 'dit.query.mine', 'is:open involves:me');
    repo.git('config', 'dit.query.crashes', 'crash in:title sort:updated');
    const html = await page('/');
    const side = html.slice(
      html.indexOf('id="saved-queries"'),
      html.indexOf('</nav>', html.indexOf('id="saved-queries"')),
    );
    assert.match(side, /href="\/\?q=crash\+in%3Atitle\+sort%3Aupdated"[^>]*>crashes<\/a>/);
    assert.match(side, /href="\/\?q=is%3Aopen\+involves%3Ame"[^>]*>mine<\/a>/);
    const mine = await page('/?q=is%3Aopen+involves%3Ame');
    assert.match(mine, /aria-current="page" title="is:open involves:me">mine</);
    const api = (await (await req('/api/queries')).json()) as { queries: { name: string; query: string }[] };
    assert.deepEqual(api.queries, [
      { name: 'crashes', query: 'crash in:title sort:updated' },
      { name: 'mine', query: 'is:open involves:me' },
    ]);
    repo.git('config', '--unset', 'dit.query.mine');
    repo.git('config', '--unset', 'dit.query.crashes');
  });
});

describe('attachments, reactions, tasks and the comment menu', () => {
  const upload = (id: string, name: string, type: string, bytes: Buffer, extra: Record<string, string> = {}) => {
    const body = new FormData();
    body.append('_csrf', TOKEN);
    body.append('back', `/tickets/${id}`);
    for (const [k, v] of Object.entries(extra)) body.append(k, v);
    body.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return req(`/tickets/${id}/attachments`, { method: 'POST', body });
  };
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

  test('an uploaded image is an entry and a blob file beside it, shown inline and served with safe headers', async () => {
    const res = await upload(crash, 'screen shot.png', 'image/png', PNG);
    assert.equal(res.status, 303);
    const t = repo.json('show', crash).ticket;
    assert.equal(t.attachments.length, 1);
    const a = t.attachments[0];
    assert.deepEqual([a.name, a.type, a.size], ['screen shot.png', 'image/png', PNG.length]);
    // the bytes are a file in the ticket's folder, staged with the entry, so they travel with the branch
    const staged = repo.git('diff', '--cached', '--name-only').split('\n');
    assert.ok(staged.includes(`.dit/tickets/${crash}/${a.blob}.file`), staged.join(' '));
    const html = await page(`/tickets/${crash}`);
    const url = `/tickets/${crash}/attachments/${a.blob}/screen%20shot.png`;
    assert.ok(html.includes(`<img src="${url}" alt="screen shot.png"`), 'shown inline');
    const got = await req(url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.match(
      got.headers.get('content-disposition') ?? '',
      /^inline; filename="screen shot.png"; filename\*=UTF-8''screen%20shot.png$/,
    );
    assert.match(got.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
    // a blob of the repository that no attachment of this ticket names is not served
    const readme = repo.git('rev-parse', 'HEAD:README').trim();
    assert.equal((await req(`/tickets/${crash}/attachments/${readme}/README`)).status, 404);
    assert.equal((await req(`/tickets/${docs}/attachments/${a.blob}/x.png`)).status, 404, "not another ticket's");
  });

  test('an SVG, HTML or unknown file downloads as bytes and never renders; a text file shows as text', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    assert.equal((await upload(docs, 'evil.svg', 'image/svg+xml', svg)).status, 303);
    assert.equal((await upload(docs, 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>'))).status, 303);
    assert.equal((await upload(docs, 'build.log', 'text/plain', Buffer.from('line 1\n'))).status, 303);
    const t = repo.json('show', docs).ticket;
    const get = async (name: string) => {
      const a = t.attachments.find((x: { name: string }) => x.name === name);
      return req(`/tickets/${docs}/attachments/${a.blob}/${name}`);
    };
    for (const name of ['evil.svg', 'page.html']) {
      const res = await get(name);
      assert.equal(res.headers.get('content-type'), 'application/octet-stream', name);
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; /, name);
    }
    const log = await get('build.log');
    assert.equal(log.headers.get('content-type'), 'text/plain; charset=utf-8');
    const html = await page(`/tickets/${docs}`);
    assert.ok(!/<img src="[^"]*evil\.svg"/.test(html), 'an SVG is not shown as an image');
  });

  test('a file over the limit is refused with the limit and how to change it, and nothing is written', async () => {
    repo.git('config', 'dit.attachmentLimit', '1k');
    try {
      const before = repo.git('ls-files', '--stage', '.dit');
      const res = await upload(crash, 'big.log', 'text/plain', Buffer.alloc(2048, 'x'));
      assert.equal(res.status, 413);
      assert.match(
        await res.text(),
        /big\.log is 2 KiB; attachments may be at most 1 KiB \(git config dit\.attachmentLimit\); nothing was attached/,
      );
      assert.equal(repo.git('ls-files', '--stage', '.dit'), before, 'nothing staged');
      const api = await req(`/api/tickets/${crash}/attachments?name=big.log`, {
        method: 'POST',
        body: Buffer.alloc(2048, 'x'),
        headers: { 'content-type': 'text/plain', 'x-csrf-token': TOKEN },
      });
      assert.equal(api.status, 413);
      assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'too-large');
    } finally {
      repo.git('config', '--unset', 'dit.attachmentLimit');
    }
  });

  test('the API attaches raw bytes and answers with the Markdown to put in a comment', async () => {
    const res = await req(`/api/tickets/${crash}/attachments?name=${encodeURIComponent('dot.png')}`, {
      method: 'POST',
      body: PNG,
      headers: { 'content-type': 'image/png', 'x-csrf-token': TOKEN },
    });
    assert.equal(res.status, 201);
    const r = (await res.json()) as { markdown: string; url: string };
    assert.match(r.markdown, /^!\[dot\.png\]\(\/tickets\/[0-9a-f]{40}\/attachments\/[0-9a-f]{40}\/dot\.png\)$/);
    assert.equal((await req(r.url)).status, 200);
    const noToken = await req(`/api/tickets/${crash}/attachments?name=x.png`, {
      method: 'POST',
      body: PNG,
      headers: { 'content-type': 'image/png' },
    });
    assert.equal(noToken.status, 403, 'an upload needs the token like every write');
  });

  test('reactions toggle through the page form and the API; a 👍 on the ticket is a vote', async () => {
    let res = await req(`/tickets/${docs}/reactions`, form({ react: ':+1', back: `/tickets/${docs}` }));
    assert.equal(res.status, 303);
    let t = repo.json('show', docs).ticket;
    assert.deepEqual(t.reactions, { '': { '+1': ['ann@example.com'] } });
    assert.deepEqual(t.votes, ['ann@example.com']);
    const comment = repo.json('show', crash).ticket.comments[0].id;
    res = await req(`/api/tickets/${crash}/reactions`, {
      method: 'POST',
      body: JSON.stringify({ reaction: 'rocket', comment }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
    });
    assert.equal(res.status, 200);
    const html = await page(`/tickets/${crash}`);
    assert.match(
      html,
      new RegExp(`form="reactions-form" name="react" value="${comment}:rocket" class="reaction reacted"`),
    );
    assert.match(html, /🚀 1/);
    res = await req(`/tickets/${docs}/reactions`, form({ react: ':+1' }));
    t = repo.json('show', docs).ticket;
    assert.deepEqual([t.reactions, t.votes], [{}, []], 'clicking again takes it back');
    assert.equal((await req(`/tickets/${docs}/reactions`, form({ react: ':thumbsup' }))).status, 400);
  });

  test('task lists tick through a plain form and the API, as entries; the page shows the ticks', async () => {
    const id = newTicket(repo, 'Release', '-m', '- [ ] tag\n- [ ] notes\n- [x] branch');
    const actions = await page(`/tickets/${id}/comments/description/actions`);
    assert.match(actions, /<input type="checkbox" name="done" value="2" checked=""/);
    let res = await req(`/tickets/${id}/tasks`, form({ done: ['0', '2'], back: `/tickets/${id}` }));
    assert.equal(res.status, 303);
    assert.deepEqual(repo.json('show', id).ticket.tasks, { '': { '0': true } }, 'only the change is written');
    res = await req(`/api/tickets/${id}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ index: 1, done: true }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
    });
    assert.equal(res.status, 200);
    assert.equal(repo.json('show', id).ticket.body, '- [ ] tag\n- [ ] notes\n- [x] branch', 'the text is not edited');
    const html = await page(`/tickets/${id}`);
    assert.equal((html.match(/<input type="checkbox" disabled checked \/>/g) ?? []).length, 3, 'all three show ticked');
    const bad = await req(`/api/tickets/${id}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ index: 7, done: true }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
    });
    assert.equal(bad.status, 400);
  });

  test("a comment's actions page: quote reply, link, reactions, edit, delete behind a confirmation", async () => {
    const c = repo.json('show', crash).ticket.comments[0];
    const html = await page(`/tickets/${crash}`);
    assert.ok(html.includes(`href="/tickets/${crash.slice(0, 7)}/comments/${c.id}/actions"`), 'the ··· link');
    const actions = await page(`/tickets/${crash}/comments/${c.id}/actions`);
    assert.match(actions, new RegExp(`href="/tickets/${crash}\\?quote=${c.id}#comment-box" id="quote-reply"`));
    assert.match(actions, /<summary class="btn btn-sm btn-danger">Delete…<\/summary>/);
    assert.equal((actions.match(/name="react" value="[^"]*:/g) ?? []).length, 8, "GitHub's eight reactions");
    const quoted = await page(`/tickets/${crash}?quote=${c.id}`);
    assert.match(quoted, /<textarea[^>]*id="editor-body"[^>]*>&gt; A crash here too\n\n<\/textarea>/);
    assert.equal((await req(`/tickets/${crash}/comments/ffffffff/actions`)).status, 404);
  });

  test('the theme is a form post remembered in a cookie; pages arrive in it', async () => {
    const res = await req('/theme', form({ theme: 'dark', back: '/labels' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/labels');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^dit-theme=dark; Path=\/; Max-Age=31536000; SameSite=Strict; HttpOnly$/);
    const dark = await (await req('/labels', { headers: { cookie: 'dit-theme=dark' } })).text();
    assert.match(dark, /<html lang="en" data-color-mode="dark"/);
    assert.match(dark, /<input type="radio" name="theme" value="dark" checked=""/);
    const plain = await page('/labels');
    assert.match(plain, /<html lang="en" data-color-mode="auto"/, 'the cached dark page is not served to others');
    assert.equal((await req('/theme', form({ theme: 'pink' }))).status, 400);
    assert.equal(
      (
        await req('/theme', {
          method: 'POST',
          body: 'theme=dark',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
      403,
    );
  });
});
