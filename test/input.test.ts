// Input rules come from the model once: the JSON API takes a comment as long as the CLI does, and a
// bad due date is refused the same way by the CLI, the API and the form, inside the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTicket, tempRepo } from './helpers.js';
import { MAX_TEXT } from '../src/model/schema.js';
import { Store } from '../src/store/store.js';
import { Site } from '../src/web/site.js';
import { createApp } from '../src/web/app.js';

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
    assert.equal(tooLong.error.code, 'bad-input');
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
