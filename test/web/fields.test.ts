// A ticket field is defined once (model/fields.ts): this walks the table and proves each field reaches
// every door: the CLI's flags, the JSON API, the search index and the pages. A field added to the table
// and forgotten in one door fails here, named.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { choicesOf, TICKET_FIELD_NAMES, type TicketField } from '../../src/model/fields.js';
import { SUMMARY_COLUMNS } from '../../src/model/summary-fields.js';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { type Repo, tempRepo } from '../support/helpers.js';

const TOKEN = 'f'.repeat(48);
const HOST = '127.0.0.1:4920';
let repo: Repo;
let site: Site;
let app: ReturnType<typeof createApp>;

/** A value of each field that is not its default: a choice's last value, or a name of its own. */
const sampleOf = (field: TicketField): string => choicesOf(field)?.at(-1) ?? `reach-${field}`;

before(async () => {
  repo = tempRepo();
  site = new Site(await Store.open(repo.dir, { env: repo.env }));
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: TOKEN });
});
after(async () => {
  await site.close();
});

const req = (path: string, init: RequestInit = {}) =>
  app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...(init.headers as object) } });
const json = (method: string, data: unknown): RequestInit => ({
  method,
  body: JSON.stringify(data),
  headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
});

test('the CLI: `dit new` and `dit edit` take a flag per field, and `dit show --json` gives it back', () => {
  const help = repo.ok('edit', '--help');
  for (const f of TICKET_FIELD_NAMES) assert.match(help, new RegExp(`--${f}\\b`), `dit edit --help names --${f}`);
  const flags = TICKET_FIELD_NAMES.flatMap((f) => [`--${f}`, sampleOf(f)]);
  const id = repo.ok('new', 'Every field from the CLI', ...flags).trim();
  const shown = JSON.parse(repo.ok('show', id, '--json'));
  for (const f of TICKET_FIELD_NAMES) assert.equal(shown.ticket?.[f] ?? shown[f], sampleOf(f), `dit new --${f}`);
});

test('the API: a POST and a PATCH set each field; the index finds the ticket by each qualifier', async () => {
  const created = await req('/api/tickets', json('POST', { title: 'Every field from the API' }));
  assert.equal(created.status, 201);
  const id = (await created.json()).ticket.id as string;
  const patch = Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, sampleOf(f)]));
  const patched = await req(`/api/tickets/${id}`, json('PATCH', patch));
  assert.equal(patched.status, 200, await patched.clone().text());
  const { ticket } = await patched.json();
  for (const f of TICKET_FIELD_NAMES) assert.equal(ticket[f], sampleOf(f), `PATCH ${f}`);
  for (const f of TICKET_FIELD_NAMES) {
    assert.ok(
      SUMMARY_COLUMNS.some((c) => c.column === f),
      `${f} is a summary column (lists and the index)`,
    );
    const q = `${f}:"${sampleOf(f)}" "Every field from the API"`;
    const list = await (await req(`/api/tickets?q=${encodeURIComponent(q)}`)).json();
    assert.deepEqual(
      list.tickets?.map((t: { id: string }) => t.id),
      [id],
      `the index finds it by ${f}:`,
    );
    assert.equal(list.tickets[0][f], sampleOf(f), `the list's summary carries ${f}`);
  }
});

test('the pages: the new-ticket form and the ticket page have an input per field, and show its value', async () => {
  const newPage = await (await req('/tickets/new')).text();
  for (const f of TICKET_FIELD_NAMES) assert.match(newPage, new RegExp(`name="${f}"`), `/tickets/new has ${f}`);
  const id = repo.ok('new', 'Every field on the page', ...TICKET_FIELD_NAMES.flatMap((f) => [`--${f}`, sampleOf(f)]));
  const page = await (await req(`/tickets/${id.trim()}`)).text();
  for (const f of TICKET_FIELD_NAMES) {
    assert.match(page, new RegExp(`name="${f}"`), `the ticket page edits ${f}`);
    assert.ok(page.includes(sampleOf(f)), `the ticket page shows ${f}`);
  }
  // the form posts every field back through the same reader the CLI uses
  const body = new URLSearchParams({
    _csrf: TOKEN,
    ...Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, sampleOf(f)])),
  });
  const again = repo.ok('new', 'Every field from the form').trim();
  const res = await req(`/tickets/${again}/fields`, {
    method: 'POST',
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${HOST}` },
  });
  assert.equal(res.status, 303, await res.clone().text());
  const { ticket } = await (await req(`/api/tickets/${again}`)).json();
  for (const f of TICKET_FIELD_NAMES) assert.equal(ticket[f], sampleOf(f), `the fields form sets ${f}`);
});
