// Input rules come from the model once: the JSON API takes a comment as long as the CLI does, and a
// bad due date is refused the same way by the CLI, the API and the form, inside the store.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TEXT } from '../../src/model/schema.js';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { Site } from '../../src/web/site.js';
import { newTicket, tempRepo } from '../support/helpers.js';

const TOKEN = 'e'.repeat(48);

test('the JSON API takes comments up to the model limit, not the title limit, and refuses longer', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Long talk', '--commit');
  const site = new Site(await Store.open(r.dir, { env: r.env }));
  const app = createApp(site, { hosts: () => null, token: TOKEN });
  const post = (path: string, data: unknown) =>
    app.request(`http://127.0.0.1${path}`, {
      method: 'POST',
      body: JSON.stringify(data),
      headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
    });
  try {
    const long = 'word '.repeat(400).trim(); // 1,999 characters
    const ok = await post(`/api/tickets/${id}/comments`, { body: long });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal((await ok.json()).ticket.comments.at(-1).body, long);
    const tooLong = await (await post(`/api/tickets/${id}/comments`, { body: 'x'.repeat(MAX_TEXT + 1) })).json();
    assert.equal(tooLong.error.code, 'invalid-value', 'a value the model refuses, as from the CLI');
    assert.equal(tooLong.error.data.field, 'body');
    const date = await (await post('/api/milestones', { name: '2.4', due: '2027-13-45' })).json();
    assert.equal(date.error.code, 'invalid-value');
    assert.deepEqual(date.error.data, { field: 'due', value: '2027-13-45' });
  } finally {
    await site.close();
  }
  const cli = r.dit('milestone', 'new', '2.4', '--due', '2027-13-45');
  assert.equal(cli.code, 6);
  assert.match(cli.stderr, /"2027-13-45" is not a date; write it as YYYY-MM-DD/);
});

/** A form post as a browser sends it, with the page's token. */
const formPost = (fields: Record<string, string>) => {
  const body = new URLSearchParams({ _csrf: TOKEN, ...fields });
  return {
    method: 'POST',
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
};

test('form posts refuse bad values as the CLI does, say so on the page, and write nothing', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Crash on start', '--commit');
  const site = new Site(await Store.open(r.dir, { env: r.env }));
  const app = createApp(site, { hosts: () => null, token: TOKEN });
  const post = (path: string, fields: Record<string, string>) =>
    app.request(`http://127.0.0.1${path}`, formPost(fields));
  const entries = () => r.git('status', '--porcelain', '.dit').trim();
  try {
    // a priority no ticket can have was dropped without a word, and the redirect said it went fine
    const fields = await post(`/tickets/${id}/fields`, { priority: 'urgent!', milestone: '' });
    assert.equal(fields.status, 400);
    assert.match(await fields.text(), /unknown priority &quot;urgent!&quot;; use one of: /);
    // a type the model does not know made a bug
    const created = await post('/tickets', { title: 'A feature', type: 'feature' });
    assert.equal(created.status, 400);
    const page = await created.text();
    assert.match(page, /unknown type &quot;feature&quot;/);
    assert.match(page, /value="A feature"/, 'what the user typed comes back');
    // a label the entry files cannot hold
    const labels = await post(`/tickets/${id}/labels`, { new: '-regression' });
    assert.equal(labels.status, 400);
    // the close-status rule is the store's: an open status is not a way to close
    const close = await post(`/tickets/${id}/comment`, { action: 'close', close: 'open', body: '' });
    assert.equal(close.status, 400);
    assert.match(await close.text(), /&quot;open&quot; is not a closing status/);
    const state = await post(`/milestones`, { name: '2.4', state: 'finished' });
    assert.equal(state.status, 303, 'a new milestone reads no state');
    const edit = await post('/milestones/2.4/edit', { state: 'finished' });
    assert.equal(edit.status, 400);
    assert.match(
      entries(),
      /^A {2}\.dit\/milestones\/[0-9a-f]{40}\/[0-9a-f]{40}\.json$/,
      'only the milestone was written',
    );
  } finally {
    await site.close();
  }
  const cli = r.dit('close', id, '--status', 'open');
  assert.equal(cli.code, 6);
  assert.match(cli.stderr, /"open" is not a closing status/);
  assert.equal(r.json('show', id).ticket.priority, 'normal');
});

test('CLI flags, form fields and JSON bodies refuse a bad value with the same code and data', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Slow search', '--commit');
  const cli = r.dit('new', 'Slower search', '--severity', 'dire', '--json');
  assert.equal(cli.code, 6);
  const fromCli = JSON.parse(cli.stdout || cli.stderr).error;
  const site = new Site(await Store.open(r.dir, { env: r.env }));
  const app = createApp(site, { hosts: () => null, token: TOKEN });
  try {
    const res = await app.request(`http://127.0.0.1/api/tickets`, {
      method: 'POST',
      body: JSON.stringify({ title: 'Slower search', severity: 'dire' }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
    });
    assert.equal(res.status, 400);
    const fromApi = (await res.json()).error;
    assert.deepEqual([fromApi.code, fromApi.data], [fromCli.code, fromCli.data]);
    assert.deepEqual(fromApi.data, { field: 'severity', value: 'dire' });
    assert.equal(fromApi.message, fromCli.message);
    const form = await app.request('http://127.0.0.1/tickets', formPost({ title: 'Slower search', severity: 'dire' }));
    assert.equal(form.status, 400);
    assert.match(await form.text(), new RegExp(fromCli.message.replaceAll('"', '&quot;')));
  } finally {
    await site.close();
  }
  assert.deepEqual(
    r.json('ls').tickets.map((t: { id: string }) => t.id),
    [id],
    'nothing was created',
  );
});
