// The ticket page says what happened in the words `dit show`, mail and webhooks use: one entry of every
// kind in src/model/entries/ written to a real repository, the page asked for, each item's description
// (model/entries/describe.ts) found in it, and each kind the timeline leaves out found where it shows.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import * as v from 'valibot';
import { describeItem, told } from '../../src/model/entries/describe.js';
import { type TicketEntryKind, ticketEntrySchema } from '../../src/model/entries/index.js';
import { phraseText } from '../../src/model/phrase.js';
import type { Ticket, TimelineItem } from '../../src/model/ticket.js';
import { Store } from '../../src/store/store.js';
import { header } from '../../src/store/write/entries.js';
import { writeEntries } from '../../src/store/write/write.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { shows } from '../../src/web/timeline.js';
import { cloneOf, type Repo, tempBare } from '../support/helpers.js';

const TOKEN = 'c'.repeat(48);
const HOST = '127.0.0.1:4923';
const bob = { name: 'Bob Reviewer', email: 'bob@example.com' };

let clone: Repo;
let site: Site;
let app: ReturnType<typeof createApp>;
let ticket: Ticket;
let html: string;
const written = new Set<TicketEntryKind>();

/** The page as a reader reads it: tags gone, entities decoded, white space collapsed. */
const textOf = (h: string): string =>
  h
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

before(async () => {
  const remote = tempBare();
  clone = cloneOf(remote.dir);
  clone.write('src/app.ts', 'export const a = 1;\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  clone.git('checkout', '-q', '-b', 'feature');
  clone.write('src/app.ts', 'export const a = 2;\n');
  clone.commit('Guard the empty buffer');
  const r = spawnSync('git', ['push', 'origin', 'HEAD:refs/for/new'], {
    cwd: clone.dir,
    env: clone.env,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const short = /#([0-9a-f]{7}): /.exec(r.stderr)?.[1] ?? assert.fail(r.stderr);
  clone.ok('sync');
  clone.git('fetch', '-q', 'origin', '+refs/dit/patchsets/*:refs/dit/patchsets/*');
  const id = clone.json('show', short).ticket.id as string;
  clone.git('checkout', '-q', 'main');
  clone.commit(`Check the buffer, refs #${short}`);
  const store = await Store.open(clone.dir, { env: clone.env });
  site = new Site(store);
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4923), token: TOKEN });

  const first = (await store.view()).ticket(id);
  const tip = (await first).current!.tip;
  let clock = 100;
  const write = async (kind: string, fields: Record<string, unknown>, author = bob): Promise<string> => {
    const entry = { ...header(kind, { ticket: id }, clock++, author), ...fields };
    const parsed = v.safeParse(ticketEntrySchema, entry);
    assert.ok(parsed.success, `${kind}: ${JSON.stringify(parsed.issues?.[0]?.message)}`);
    written.add(parsed.output.kind);
    const [entryId] = await writeEntries(
      store,
      store.target({ shared: true, as: author }),
      [{ collection: 'tickets', journal: id, entry }],
      `test: ${kind}`,
    );
    return entryId!;
  };
  written.add('create').add('patchset'); // by the push
  const kept = await write('comment', { body: 'Reproduced on 2.3.' });
  await write('edit-comment', { comment: kept, body: 'Reproduced on 2.3 and 2.4.' });
  await write('delete-comment', { comment: await write('comment', { body: 'Wrong ticket, sorry.' }) });
  await write('set', {
    fields: { title: 'Guard the empty buffer, always', priority: 'high', body: '- [ ] guard\n- [ ] test' },
  });
  await write('label', { add: ['editor', 'crash'], remove: [] });
  await write('status', { status: 'on-hold', comment: 'Waiting for the release.' });
  await write('status', { status: 'open' });
  await write('watch', { on: true, person: 'dana@example.com' });
  await write('vote', { on: true });
  await write('review', { patchset: 1, revision: 1, score: 1, comment: 'Reads well.' });
  await write('line-comment', {
    patchset: 1,
    revision: 1,
    commit: tip,
    path: 'src/app.ts',
    side: 'new',
    line: 1,
    body: 'Why 2?',
  });
  await write('attach', {
    name: 'trace.txt',
    type: 'text/plain',
    size: 6,
    blob: 'ce013625030ba8dba906f756967f9e9ca394464a',
  });
  await write('react', { comment: kept, reaction: 'heart', on: true });
  await write('task', { index: 1, done: true });
  await write('check', {
    patchset: 1,
    revision: 1,
    commit: tip,
    name: 'ci/test',
    state: 'failure',
    url: 'https://ci.example.com/job/1',
    description: '2 tests failed',
  });

  ticket = await (await store.view()).ticket(id);
  const res = await app.request(`http://${HOST}/tickets/${id}`, { headers: { host: HOST } });
  html = await res.text();
  assert.equal(res.status, 200, html.slice(0, 2000));
});
after(async () => {
  await site?.close();
});

/**
 * What each kind the timeline leaves out shows instead, checked on the page: the timeline shows what
 * a reader follows; these change state, and the page shows the state (web/timeline.ts, HIDDEN).
 */
const ELSEWHERE: Partial<Record<TimelineItem['kind'], (page: string) => void>> = {
  created: (page) => assert.match(page, /id="description"/, 'the description opens the page'),
  'comment-edited': (page) => assert.match(textOf(page), /Reproduced on 2\.3 and 2\.4\. · edited|· edited/),
  watch: (page) => assert.match(textOf(page), /dana@example\.com/, 'the watcher in the sidebar'),
  vote: (page) => assert.match(textOf(page), /Vote · 1/, 'the count of votes in the sidebar'),
  reaction: (page) => assert.match(page, /class="comment-reactions"[\s\S]*❤️/, 'the reaction under the comment'),
  task: (page) => assert.match(page, /type="checkbox"[^>]*checked/, 'the ticked task'),
  check: (page) => assert.match(page, /check-icon check-failure/, "the failing check's mark on its revision"),
};

test('every entry kind in src/model/entries/ was written', () => {
  const kinds = ticketEntrySchema.options.map((o) => o.entries.kind.literal);
  assert.deepEqual([...written].sort(), [...kinds].sort(), 'write one entry of each kind this test does not know');
});

test('the timeline says what happened in the words the CLI, mail and webhooks use', () => {
  const page = textOf(html);
  const comments = new Map(ticket.comments.map((c) => [c.id, c]));
  const about = told(ticket);
  const seen = new Set<string>();
  for (const item of ticket.timeline) {
    seen.add(item.kind);
    const said = describeItem(item, about);
    const words = phraseText(said.says);
    if (item.kind === 'comment') {
      // a comment is its box ("Bob Reviewer commented"), a line comment its thread
      if (shows(item, comments)) assert.ok(page.includes(said.text!.trim()), `the comment "${said.text}" on the page`);
      continue;
    }
    if (!shows(item, comments)) {
      const check = ELSEWHERE[item.kind];
      assert.ok(check, `${item.kind}: "${words}" is neither in the timeline nor shown elsewhere on the page`);
      check(html);
      continue;
    }
    assert.ok(page.includes(`Bob Reviewer ${words}`) || page.includes(words), `${item.kind}: "${words}" on the page`);
  }
  for (const kind of ['fields', 'labels', 'status', 'watch', 'vote', 'commit', 'patchset', 'review', 'attachment'])
    assert.ok(seen.has(kind), `the ticket has a ${kind} item`);
  assert.match(page, /Bob Reviewer reviewed patchset 1 revision 1: looks good \(\+1\)/);
  assert.match(page, /Bob Reviewer closed this as on-hold/);
  assert.match(page, /Bob Reviewer reopened this/);
  assert.match(page, /Bob Reviewer added (editor and crash|crash and editor)/);
  assert.match(page, /referenced this in commit [0-9a-f]{7} "Check the buffer, refs #/);
  assert.match(page, /attached trace\.txt \(text\/plain, 6 bytes\)/);
  assert.match(page, /changed priority from normal to high/);
});
