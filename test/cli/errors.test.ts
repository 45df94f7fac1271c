// Errors leave dit one way each: the API sends { error: { code, message, data } } built in one place,
// the CLI maps codes to exit statuses and, with --json, prints the same object.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERRORS } from '../../src/errors.js';
import { Store } from '../../src/store/store.js';
import { createApp, MAX_BODY } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { newTicket, ROOT, tempRepo } from '../support/helpers.js';

const TOKEN = 'c'.repeat(48);
const HOST = '127.0.0.1:4920';

test('API errors carry their code, message and typed data, from middleware and routes alike', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'One', '--commit');
  const site = new Site(await Store.open(r.dir));
  const app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: TOKEN });
  const req = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...init.headers } });
  try {
    const missing = await req('/api/tickets/abcdef0');
    assert.equal(missing.status, 404);
    assert.deepEqual((await missing.json()).error.data, { id: 'abcdef0' });

    const route = await (await req('/api/nothing-here')).json();
    assert.equal(route.error.code, 'not-found');
    assert.deepEqual(route.error.data, { path: '/api/nothing-here' });

    const host = await req('/api/session', { headers: { host: 'evil.example:4920' } });
    assert.equal(host.status, 421);
    assert.deepEqual((await host.json()).error, {
      code: 'bad-host',
      message: `this server answers to ${HOST}, not evil.example:4920; open it by that address`,
      data: { host: 'evil.example:4920', expected: HOST },
    });

    const json = { 'content-type': 'application/json' };
    const token = await (
      await req(`/api/tickets/${id}/comments`, { method: 'POST', headers: json, body: '{}' })
    ).json();
    assert.equal(token.error.code, 'bad-token');
    assert.deepEqual(token.error.data, {});

    const big = 'x'.repeat(MAX_BODY + 10);
    const headers = { ...json, 'x-csrf-token': TOKEN };
    const tooLarge = await req(`/api/tickets/${id}/comments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: big }),
    });
    assert.equal(tooLarge.status, 413);
    assert.deepEqual((await tooLarge.json()).error.data, { limit: MAX_BODY });

    const bad = await (
      await req('/api/tickets', { method: 'POST', headers, body: JSON.stringify({ title: 'x', type: 'nope' }) })
    ).json();
    assert.equal(bad.error.code, 'invalid-value');
    assert.deepEqual(bad.error.data, { field: 'type', value: 'nope' });

    const page = await req('/no/such/page');
    assert.equal(page.status, 404);
    assert.match(await page.text(), /Page not found/);
  } finally {
    await site.close();
  }
});

test('the CLI exits with the code its table gives and, with --json, prints the error with its data', () => {
  const r = tempRepo();
  newTicket(r, 'First', '--commit');
  const res = r.dit('show', 'ffffff1', '--json');
  assert.equal(res.code, ERRORS['unknown-ticket'].exit);
  const out = JSON.parse(res.stdout);
  assert.equal(out.error.code, 'unknown-ticket');
  assert.deepEqual(out.error.data, { id: 'ffffff1' });
  assert.match(res.stderr, /no ticket ffffff1/);
  const query = r.dit('ls', 'lable:ui', '--json');
  assert.equal(query.code, 2);
  assert.equal(JSON.parse(query.stdout).error.data.suggestion, 'label:');
  assert.equal(r.dit('show', 'ffffff1').stdout, '', 'without --json nothing goes to stdout');
});

test('every error code is in the README and in docs/architecture.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const arch = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  for (const code of Object.keys(ERRORS)) {
    assert.ok(readme.includes(`\`${code}\``), `README names ${code}`);
    assert.ok(arch.includes(`\`${code}\``), `docs/architecture.md names ${code}`);
  }
});
