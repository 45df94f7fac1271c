// dit import --git-bug: a repository holding bugs written here in git-bug's own format (format version 4:
// refs/bugs/<id> commits of operation packs, refs/identities/<id>), built with git plumbing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identity, mktree, sha256, writePack } from '../support/git-bug-writer.js';
import { tempRepo } from '../support/helpers.js';

test('git-bug bugs import: create, title, comments, comment and description edits, labels, status, authors', () => {
  const r = tempRepo();
  const bea = identity(r, 'Bea Bug', 'bea@example.com', 'bm9uY2UtYmVhLTAwMDAwMDAwMDAwMDA=');
  const cal = identity(r, 'Cal', 'cal@example.com', 'bm9uY2UtY2FsLTAwMDAwMDAwMDAwMDA=');
  const create =
    '{"type":1,"timestamp":1700000100,"nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAA=","title":"Crash on save","message":"It crashes.","files":null}';
  const bugId = sha256(create);
  const c1 = writePack(r, bea, [create], { create: 1, edit: 1 });
  const comment =
    '{"type":3,"timestamp":1700000200,"nonce":"AQEBAQEBAQEBAQEBAQEBAQEBAQE=","message":"First comment","files":null}';
  const commentId = sha256(comment);
  const c2 = writePack(
    r,
    bea,
    [
      comment,
      '{"type":5,"timestamp":1700000300,"nonce":"AgICAgICAgICAgICAgICAgICAgI=","added":["bug","ui"],"removed":null}',
      '{"type":2,"timestamp":1700000400,"nonce":"AwMDAwMDAwMDAwMDAwMDAwMDAwM=","title":"Crash when saving","was":"Crash on save"}',
      `{"type":6,"timestamp":1700000500,"nonce":"BAQEBAQEBAQEBAQEBAQEBAQEBAQ=","target":"${commentId}","message":"First comment, edited","files":null}`,
      `{"type":6,"timestamp":1700000600,"nonce":"BQUFBQUFBQUFBQUFBQUFBQUFBQU=","target":"${bugId}","message":"It crashes on save.","files":null}`,
      '{"type":8,"timestamp":1700000650,"nonce":"BgYGBgYGBgYGBgYGBgYGBgYGBgY=","target":"' +
        bugId +
        '","new_metadata":{"github-url":"x"}}',
    ],
    { edit: 2 },
    c1,
  );
  const c3 = writePack(
    r,
    cal,
    [
      '{"type":3,"timestamp":1700000700,"nonce":"BwcHBwcHBwcHBwcHBwcHBwcHBwc=","message":"Me too","files":null}',
      '{"type":5,"timestamp":1700000800,"nonce":"CAgICAgICAgICAgICAgICAgICAg=","added":null,"removed":["ui"]}',
      '{"type":4,"timestamp":1700000900,"nonce":"CQkJCQkJCQkJCQkJCQkJCQkJCQk=","status":2}',
    ],
    { edit: 3 },
    c2,
  );
  r.git('update-ref', `refs/bugs/${bugId}`, c3);

  const out = r.ok('import', '--git-bug');
  assert.match(
    out,
    /^1 ticket, 2 comments, 2 comment edits, 1 title change, 2 label changes, 1 status change; \d+ new entries in commit/,
  );
  const t = r.json('show', `git-bug#${bugId.slice(0, 7)}`).ticket;
  assert.equal(t.origin, `git-bug#${bugId}`);
  assert.deepEqual(
    [t.title, t.body, t.type, t.status, t.labels],
    ['Crash when saving', 'It crashes on save.', 'bug', 'closed', ['bug']],
  );
  assert.deepEqual(t.author, {
    name: 'Bea Bug',
    email: 'bea@example.com',
    imported: { source: 'git-bug', url: null, by: { name: 'Ann Author', email: 'ann@example.com' } },
  });
  assert.equal(t.created, '2023-11-14T22:15:00.000Z');
  assert.deepEqual(
    t.comments.map((c: { author: { name: string }; body: string; edits: { body: string }[] }) => [
      c.author.name,
      c.body,
      c.edits.map((e) => e.body),
    ]),
    [
      ['Bea Bug', 'First comment, edited', ['First comment']],
      ['Cal', 'Me too', []],
    ],
  );
  assert.equal(t.decidedBy.author.name, 'Cal');
  assert.match(r.ok('import', '--git-bug'), /nothing new/);

  // a bug from a newer git-bug format is refused by name, nothing written
  const r2 = tempRepo();
  const id2 = identity(r2, 'X', 'x@example.com', 'eA==');
  const bad = writePack(r2, id2, [create], { create: 1, edit: 1 }).trim();
  const tree = r2.git('rev-parse', `${bad}^{tree}`).trim();
  const lines = r2
    .git('ls-tree', tree)
    .trim()
    .split('\n')
    .map((l) => l.replace('version-4', 'version-5'));
  r2.git('update-ref', `refs/bugs/${bugId}`, r2.git('commit-tree', mktree(r2, lines), '-m', 'x').trim());
  const e = r2.dit('import', '--git-bug');
  assert.notEqual(e.code, 0);
  assert.match(e.stderr, /refs\/bugs\/[0-9a-f]{64}: commit [0-9a-f]{7}: git-bug format version 5; dit reads version 4/);
  assert.equal(r2.ok('ls', '--all'), '');
  assert.match(tempRepo().dit('import', '--git-bug').stderr, /no git-bug bugs \(refs\/bugs\/\*\)/);
});
