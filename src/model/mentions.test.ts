// Commit-message keywords (`fixes #id`, `refs #id`), reverts, and `@name` mentions in prose.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractMentions, parseCommitMessage, pickedFrom, revertedCommit } from './mentions.js';

const fixes = (prefix: string) => ({ prefix, action: 'fixes' });
const refs = (prefix: string) => ({ prefix, action: 'refs' });

test('closing keywords, in any case, with or without a colon', () => {
  assert.deepEqual(parseCommitMessage('Guard the empty buffer\n\nfixes #abc1234'), [fixes('abc1234')]);
  assert.deepEqual(parseCommitMessage('Closes #ABC1234'), [fixes('abc1234')]);
  assert.deepEqual(parseCommitMessage('resolves: #abc1234'), [fixes('abc1234')]);
  for (const word of ['fix', 'fixed', 'FIXES', 'close', 'closed', 'resolve', 'resolved']) {
    assert.deepEqual(parseCommitMessage(`${word} #abc1234.`), [fixes('abc1234')], word);
  }
});

test('one keyword can close several tickets', () => {
  assert.deepEqual(parseCommitMessage('fixes #aaaaaaa and #bbbbbbb'), [fixes('aaaaaaa'), fixes('bbbbbbb')]);
  assert.deepEqual(parseCommitMessage('Fixes #aaaaaaa, #bbbbbbb, and #ccccccc'), [
    fixes('aaaaaaa'),
    fixes('bbbbbbb'),
    fixes('ccccccc'),
  ]);
});

test('refs and bare ids are references; a closing keyword wins for the same id', () => {
  assert.deepEqual(parseCommitMessage('refs #abc1234'), [refs('abc1234')]);
  assert.deepEqual(parseCommitMessage('Tidy up after #abc1234'), [refs('abc1234')]);
  assert.deepEqual(parseCommitMessage('#abc1234: tidy up'), [refs('abc1234')]);
  assert.deepEqual(parseCommitMessage('see #abc1234, fixes #ABC1234'), [fixes('abc1234')]);
  assert.deepEqual(parseCommitMessage('fixes #aaaaaaa, see #bbbbbbb'), [fixes('aaaaaaa'), refs('bbbbbbb')]);
  const full = '0123456789abcdef0123456789abcdef01234567';
  assert.deepEqual(parseCommitMessage(`refs #${full}`), [refs(full)]);
});

test('ids shorter than seven hex digits, and non-hex words, are not ids (digits are numbers)', () => {
  assert.deepEqual(parseCommitMessage('fixes #abc123'), []);
  assert.deepEqual(parseCommitMessage('see #12 and #beef'), [{ number: 12, action: 'refs' }]);
  assert.deepEqual(parseCommitMessage('fixes #abcdefg'), []);
  assert.deepEqual(parseCommitMessage('see #abc1234x'), []);
  assert.deepEqual(parseCommitMessage('suffix #abc1234'), [refs('abc1234')], '"fix" inside a word is no keyword');
});

test('HTML entities and URL fragments are not references', () => {
  assert.deepEqual(parseCommitMessage('Escape &#1234567; in titles'), []);
  assert.deepEqual(parseCommitMessage('See https://example.com/page#abc1234 and https://example.com/#deadbeef'), []);
  assert.deepEqual(parseCommitMessage('Anchor: docs.html#cafebabe'), []);
});

test('revertedCommit reads what git revert writes', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  assert.equal(revertedCommit(`Revert "Guard the empty buffer"\n\nThis reverts commit ${sha}.\n`), sha);
  assert.equal(revertedCommit(`Revert\n\nThis reverts commit ${sha.toUpperCase()}.`), sha);
  assert.equal(revertedCommit('Guard the empty buffer\n\nfixes #abc1234'), null);
});

test('revertedCommit and pickedFrom read what hg backout and hg graft --log write', () => {
  assert.equal(revertedCommit('Backed out changeset 1a2b3c4d5e6f'), '1a2b3c4d5e6f');
  assert.equal(revertedCommit('Backed out changeset 1A2B3C4D5E6F\n\nthe fix broke the build'), '1a2b3c4d5e6f');
  const node = 'fedcba9876543210fedcba9876543210fedcba98';
  assert.equal(pickedFrom(`Guard the empty buffer\n\nfixes #abc1234\n(grafted from ${node})`), node);
  assert.equal(pickedFrom('Guard\n(cherry picked from commit 0123456)'), '0123456');
  assert.equal(pickedFrom('nothing picked here'), null);
});

test('extractMentions finds @names in prose, once each', () => {
  assert.deepEqual(extractMentions('cc @bob and @carol-smith, thanks @bob.'), ['bob', 'carol-smith']);
  assert.deepEqual(extractMentions('(@ann) @j.doe_2'), ['ann', 'j.doe_2']);
  assert.deepEqual(extractMentions('@start of line\n@next'), ['start', 'next']);
});

test('extractMentions skips emails and code', () => {
  assert.deepEqual(extractMentions('mail ann@example.com or a.b@c.d'), []);
  assert.deepEqual(extractMentions('run `npm i @types/node` then ask @bob'), ['bob']);
  assert.deepEqual(extractMentions('```\nimport x from "@scope/pkg";\n@decorator\n```\nping @ann'), ['ann']);
  assert.deepEqual(extractMentions('@@double and @- and @.'), []);
});

test('a closing keyword closes the ids on its own line only', () => {
  assert.deepEqual(parseCommitMessage('Fixes #aaaaaaa\n#bbbbbbb is related'), [
    { prefix: 'aaaaaaa', action: 'fixes' },
    { prefix: 'bbbbbbb', action: 'refs' },
  ]);
  assert.deepEqual(
    parseCommitMessage('fixes #aaaaaaa, #bbbbbbb and #ccccccc').map((r) => r.action),
    ['fixes', 'fixes', 'fixes'],
  );
});

test('a merge revert names the merge and the parent it keeps; cherry-pick -x names the original', async () => {
  const { revertedMerge, pickedFrom } = await import('./mentions.js');
  const m =
    'Revert "Merge branch \'fix\'"\n\nThis reverts commit 1A2B3C4D5E6F7a8b9c0d1e2f3a4b5c6d7e8f9a0b, ' +
    'reversing\nchanges made to 0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e.\n';
  assert.deepEqual(revertedMerge(m), {
    merge: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
    kept: '0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e',
  });
  assert.equal(revertedCommit(m), '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b');
  assert.equal(
    revertedMerge('Revert "x"\n\nThis reverts commit 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b.\n'),
    null,
    'a plain revert',
  );
  assert.equal(
    pickedFrom('Fix\n\n(cherry picked from commit abcdef0123456)\n(cherry picked from commit 1234567abcdef)'),
    '1234567abcdef',
  );
  assert.equal(pickedFrom('Fix, no trailer'), null);
});

test("the original numbers of imported tickets, in each tracker's habits", () => {
  const n = (number: number, action: string, system?: string) => ({ number, ...(system ? { system } : {}), action });
  assert.deepEqual(parseCommitMessage('Fix the NPE\n\nfixes #123'), [n(123, 'fixes')]);
  assert.deepEqual(parseCommitMessage('Merged #54 "Repository model ref list does not refresh"'), [n(54, 'refs')]);
  assert.deepEqual(parseCommitMessage('Tidy the templates, closes ticket-42'), [n(42, 'fixes')]);
  assert.deepEqual(parseCommitMessage('Escape titles (issue-7)\n\nCloses issue-7'), [n(7, 'fixes')]);
  assert.deepEqual(parseCommitMessage('Fixes GH-12: off by one'), [n(12, 'fixes', 'github')]);
  assert.deepEqual(parseCommitMessage('See gh-12'), [n(12, 'refs', 'github')]);
  assert.deepEqual(parseCommitMessage('Merge pull request #1021 from acme/topic'), [n(1021, 'refs')]);
  assert.deepEqual(parseCommitMessage('Resolve https://github.com/acme/widget/issues/1027.'), [
    n(1027, 'fixes', 'github'),
  ]);
  assert.deepEqual(parseCommitMessage('see https://github.com/acme/widget/pull/9#discussion_r1'), [
    n(9, 'refs', 'github'),
  ]);
  assert.deepEqual(parseCommitMessage('fixes https://gitblit.example.com/tickets/widget.git/31'), [
    n(31, 'fixes', 'gitblit'),
  ]);
  assert.deepEqual(parseCommitMessage('see https://git.example.com/tickets/?r=widget.git&h=8'), [
    n(8, 'refs', 'gitblit'),
  ]);
  assert.deepEqual(parseCommitMessage('fixes https://gitea.example.com/o/r/issues/5'), [n(5, 'fixes')]);
  assert.deepEqual(parseCommitMessage('see https://example.com/docs/page'), []);
  assert.deepEqual(parseCommitMessage('fixes #1234567'), [{ prefix: '1234567', number: 1234567, action: 'fixes' }]);
  assert.deepEqual(parseCommitMessage('Fixes #abc1234, ticket-5 and GH-6'), [
    { prefix: 'abc1234', action: 'fixes' },
    n(5, 'fixes'),
    n(6, 'fixes', 'github'),
  ]);
  assert.deepEqual(parseCommitMessage('Escape &#39; and page#3, owner/repo#4, pre-ticket-5'), []);
});
