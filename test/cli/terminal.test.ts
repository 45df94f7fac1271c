// The CLI on a terminal and through a pipe: colour and its switches, the pager, progress lines, empty lists.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, repoAt, tempDir, tempRepo } from '../support/helpers.js';
import { ESC, inTerminal, strip } from '../support/pty.js';

/** A repository with a defined red label, an open ticket and a closed one. */
function colourful() {
  const r = tempRepo();
  r.ok('label-def', 'bug', '--color', 'd73a4a');
  const open = newTicket(r, 'Crash on save', '--label', 'bug');
  const closed = newTicket(r, 'Old typo');
  r.ok('close', closed);
  return { r, open, closed };
}

const NO_PAGER = { PAGER: 'cat', COLORTERM: 'truecolor' };

test('on a terminal ls colours states, labels in their own colour and ids dim; a pipe gets none', () => {
  const { r, open } = colourful();
  const shown = inTerminal(r, ['ls'], NO_PAGER);
  assert.equal(shown.code, 0, shown.screen);
  assert.ok(shown.screen.includes(`\x1b[2m${open.slice(0, 7)}\x1b[0m`), `id dim: ${JSON.stringify(shown.screen)}`);
  assert.ok(shown.screen.includes('\x1b[32mnew'), 'an open state is green');
  assert.ok(
    shown.screen.includes('\x1b[48;2;215;58;74;38;2;255;255;255mbug\x1b[0m'),
    'the label as a chip in its colour #d73a4a, white text on the dark red',
  );
  assert.match(strip(shown.screen), /Crash on save {2}\[bug\]/);
  const piped = r.dit('ls');
  assert.doesNotMatch(piped.stdout, ESC);
  assert.equal(strip(shown.screen).trim(), piped.stdout.trim(), 'the same text either way');
  // without COLORTERM=truecolor, the nearest of 256 colours
  assert.match(inTerminal(r, ['ls'], { PAGER: 'cat' }).screen, /\x1b\[48;5;\d+;38;5;231mbug/);

  const all = inTerminal(r, ['ls', '--all'], NO_PAGER).screen;
  assert.ok(all.includes('\x1b[35mfixed'), 'a fixed ticket is magenta');
  const shownTicket = inTerminal(r, ['show', open.slice(0, 7)], NO_PAGER).screen;
  assert.ok(shownTicket.includes('\x1b[48;2;215;58;74;38;2;255;255;255mbug'), 'show colours labels too');
  assert.ok(shownTicket.includes(`\x1b[2m#${open.slice(0, 7)}\x1b[0m`));
  const matrix = inTerminal(r, ['branches', open.slice(0, 7)], NO_PAGER).screen;
  assert.ok(matrix.includes('\x1b[32mnew'), 'the branch matrix colours states');
});

test("a status is coloured by what the model says it means: done magenta, not planned grey, as the page's badges", () => {
  const r = tempRepo();
  for (const status of ['closed', 'wontfix', 'duplicate', 'resolved']) {
    const id = newTicket(r, `Closed as ${status}`, '--type', status === 'resolved' ? 'task' : 'bug');
    r.ok('close', id, '--status', status);
  }
  const all = inTerminal(r, ['ls', '--all'], NO_PAGER).screen;
  assert.ok(all.includes('\x1b[35mclosed'), 'closed is done (reason:completed), as the page shows it');
  assert.ok(all.includes('\x1b[35mresolved'));
  assert.ok(all.includes('\x1b[90mwontfix'), 'not planned is grey');
  assert.ok(all.includes('\x1b[90mduplicate'));
});

test('NO_COLOR, FORCE_COLOR, --color and color.ui decide, in that order of strength', () => {
  const { r } = colourful();
  assert.doesNotMatch(inTerminal(r, ['ls'], { ...NO_PAGER, NO_COLOR: '1' }).screen, ESC, 'NO_COLOR');
  assert.match(inTerminal(r, ['ls', '--color=always'], { ...NO_PAGER, NO_COLOR: '1' }).screen, ESC, '--color beats it');
  assert.doesNotMatch(inTerminal(r, ['ls', '--color=never'], NO_PAGER).screen, ESC, '--color=never');
  assert.doesNotMatch(inTerminal(r, ['ls', '--no-color'], NO_PAGER).screen, ESC, '--no-color');
  assert.doesNotMatch(inTerminal(r, ['--color=never', 'ls'], NO_PAGER).screen, ESC, 'before the command too');
  assert.match(r.dit('ls', '--color=always').stdout, ESC, '--color=always through a pipe');
  assert.match(r.dit('ls', '--color').stdout, ESC, '--color alone means always, as in git');
  assert.doesNotMatch(r.dit('ls', '--color=auto').stdout, ESC, 'auto: a pipe gets none');
  assert.match(repoAt(r.dir, { ...r.env, FORCE_COLOR: '1' }).dit('ls').stdout, ESC, 'FORCE_COLOR through a pipe');
  assert.doesNotMatch(inTerminal(r, ['ls'], { ...NO_PAGER, FORCE_COLOR: '0' }).screen, ESC, 'FORCE_COLOR=0');
  r.git('config', 'color.ui', 'never');
  assert.doesNotMatch(inTerminal(r, ['ls'], NO_PAGER).screen, ESC, 'color.ui never');
  r.git('config', 'color.ui', 'always');
  assert.match(r.dit('ls').stdout, ESC, 'color.ui always colours a pipe, as git does');
  r.git('config', 'color.dit', 'false');
  assert.doesNotMatch(r.dit('ls').stdout, ESC, 'color.dit wins over color.ui');
  const bad = r.dit('ls', '--color=sometimes');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /auto, always or never/);
});

test('ls, show and branches go through the pager on a terminal, as git: core.pager, PAGER, --no-pager; never piped', () => {
  const { r, open } = colourful();
  const PAGER = `sed 's/^/PAGED: /'`;
  const paged = inTerminal(r, ['ls'], { PAGER });
  assert.equal(paged.code, 0);
  assert.match(strip(paged.screen), /^PAGED: [0-9a-f]{7} {2}new/m);
  for (const args of [
    ['show', open.slice(0, 7)],
    ['branches', open.slice(0, 7)],
  ])
    assert.match(strip(inTerminal(r, args, { PAGER }).screen), /^PAGED: #[0-9a-f]{7}/m, args[0]);
  assert.doesNotMatch(inTerminal(r, ['ls', '--no-pager'], { PAGER }).screen, /PAGED/);
  assert.doesNotMatch(inTerminal(r, ['--no-pager', 'ls'], { PAGER }).screen, /PAGED/);
  assert.doesNotMatch(inTerminal(r, ['ls', '--json'], { PAGER }).screen, /PAGED/, 'JSON is for scripts');
  assert.doesNotMatch(inTerminal(r, ['milestone', 'new', '3.0'], { PAGER }).screen, /PAGED/, 'a write is not paged');
  assert.doesNotMatch(repoAt(r.dir, { ...r.env, PAGER }).dit('ls').stdout, /PAGED/, 'never through a pipe');
  // the pager's colour reaches it: colour is decided for the terminal the pager writes to
  assert.match(paged.screen, /PAGED: \x1b\[2m/);
  r.git('config', 'core.pager', `sed 's/^/CORE: /'`);
  assert.match(strip(inTerminal(r, ['ls'], { PAGER }).screen), /^CORE: /m, 'core.pager before PAGER');
  assert.doesNotMatch(inTerminal(r, ['ls'], { GIT_PAGER: 'cat' }).screen, /CORE|PAGED/, 'GIT_PAGER=cat: none');
  r.git('config', '--unset', 'core.pager');
  // git's default pager gets LESS=FRX unless the user set LESS
  const less = `echo "LESS=$LESS"; cat`;
  assert.match(inTerminal(r, ['ls'], { PAGER: less }).screen, /LESS=FRX/);
  assert.match(inTerminal(r, ['ls'], { PAGER: less, LESS: 'S' }).screen, /LESS=S\n/);
  // an error before any output goes straight to the terminal, with no pager started
  const missing = inTerminal(r, ['show', 'abcd123'], { PAGER });
  assert.equal(missing.code, 4);
  assert.doesNotMatch(missing.screen, /PAGED/);
});

test('labels and milestone ls are coloured and paged; timeline label changes in their colours; chips readable', () => {
  const { r, open } = colourful();
  r.ok('label-def', 'good first issue', '--color', 'fef2c0');
  r.ok('label', open, '+good first issue', '-bug');
  r.ok('milestone', 'new', '2.4', '--due', '2020-01-15');
  r.ok('milestone', 'new', '3.0', '--due', '2999-01-01');
  r.ok('milestone', 'new', 'someday');
  const labels = inTerminal(r, ['labels'], NO_PAGER).screen;
  assert.ok(labels.includes('\x1b[48;2;215;58;74;38;2;255;255;255mbug\x1b[0m'), JSON.stringify(labels));
  assert.ok(
    labels.includes('\x1b[48;2;254;242;192;38;2;0;0;0mgood first issue\x1b[0m'),
    'black text on a light label, white on a dark one',
  );
  assert.ok(labels.includes('\x1b[2m#d73a4a\x1b[0m'), 'the hex dim');
  assert.equal(strip(labels).trim(), r.ok('labels').trim(), 'the same text as through a pipe');
  assert.doesNotMatch(r.ok('labels'), ESC);
  const ms = inTerminal(r, ['milestone', 'ls'], NO_PAGER).screen;
  assert.ok(ms.includes('\x1b[1m2.4\x1b[0m'), 'the name bold');
  assert.ok(ms.includes('\x1b[32mopen'), 'open green');
  assert.ok(ms.includes('\x1b[31mdue 2020-01-15'), 'past due and open: red');
  assert.ok(ms.includes('due 2999-01-01'));
  assert.doesNotMatch(ms, /\x1b\[31mdue 2999/);
  assert.ok(ms.includes('\x1b[2mno due date'));
  assert.equal(strip(ms).trim(), r.ok('milestone', 'ls').trim());
  r.ok('milestone', 'close', '2.4');
  assert.ok(inTerminal(r, ['milestone', 'ls', '--all'], NO_PAGER).screen.includes('\x1b[35mclosed'));
  const PAGER = `sed 's/^/PAGED: /'`;
  assert.match(strip(inTerminal(r, ['labels'], { PAGER }).screen), /^PAGED: bug/m, 'labels paged');
  assert.match(strip(inTerminal(r, ['milestone', 'ls'], { PAGER }).screen), /^PAGED: 3\.0/m, 'milestone ls paged');
  assert.match(strip(inTerminal(r, ['milestone'], { PAGER }).screen), /^PAGED: 3\.0/m, 'milestone alone is ls');
  assert.doesNotMatch(inTerminal(r, ['milestone', 'new', '4.0'], { PAGER }).screen, /PAGED/, 'milestone new is not');
  // the timeline: added and removed labels in their colours
  const shown = inTerminal(r, ['show', open.slice(0, 7)], NO_PAGER).screen;
  assert.ok(
    shown.includes('added \x1b[48;2;254;242;192;38;2;0;0;0mgood first issue\x1b[0m and removed \x1b[48;2;215;58;74;'),
    JSON.stringify(shown),
  );
  assert.equal(strip(shown).trim(), r.ok('show', open.slice(0, 7)).trim());
});

test("git's pager.<cmd>: false turns paging off, true on, any other text is that command's pager", () => {
  const { r, open } = colourful();
  const PAGER = `sed 's/^/PAGED: /'`;
  r.git('config', 'pager.ls', 'false');
  assert.doesNotMatch(inTerminal(r, ['ls'], { PAGER }).screen, /PAGED/, 'pager.ls false');
  assert.match(strip(inTerminal(r, ['-p', 'ls'], { PAGER }).screen), /^PAGED: /m, '--paginate still pages');
  r.git('config', 'pager.ls', 'off');
  assert.doesNotMatch(inTerminal(r, ['ls'], { PAGER }).screen, /PAGED/, 'any of git booleans: off');
  r.git('config', 'pager.show', `sed 's/^/SHOW: /'`);
  const shown = strip(inTerminal(r, ['show', open.slice(0, 7)], { PAGER }).screen);
  assert.match(shown, /^SHOW: #[0-9a-f]{7}/m, "pager.show's command pages show");
  assert.doesNotMatch(shown, /PAGED/);
  r.git('config', 'core.pager', `sed 's/^/CORE: /'`);
  assert.match(strip(inTerminal(r, ['show', open.slice(0, 7)]).screen), /^SHOW: /m, 'before core.pager');
  assert.match(strip(inTerminal(r, ['branches', open.slice(0, 7)]).screen), /^CORE: /m, 'other commands keep theirs');
  assert.doesNotMatch(
    inTerminal(r, ['show', open.slice(0, 7)], { GIT_PAGER: 'cat' }).screen,
    /SHOW|CORE/,
    'GIT_PAGER wins, as in git',
  );
  assert.doesNotMatch(inTerminal(r, ['show', open.slice(0, 7), '--no-pager']).screen, /SHOW/, '--no-pager wins');
  r.git('config', '--unset', 'core.pager');
  // true pages a command that is not paged by default; the key's case does not matter, as in git
  assert.doesNotMatch(inTerminal(r, ['export'], { PAGER }).screen, /PAGED/);
  r.git('config', 'pager.Export', 'true');
  assert.match(strip(inTerminal(r, ['export'], { PAGER }).screen), /^PAGED: \{/m, 'pager.export true');
  assert.doesNotMatch(repoAt(r.dir, { ...r.env, PAGER }).dit('export').stdout, /PAGED/, 'never through a pipe');
});

test('an empty list says what there is instead of printing nothing', () => {
  const r = tempRepo();
  let res = r.dit('ls');
  assert.equal(res.stdout, '', 'nothing on stdout for scripts');
  assert.match(res.stderr, /^No tickets in the working tree yet; open one with `dit new TITLE`$/m);
  const id = newTicket(r, 'Only one');
  r.ok('close', id);
  res = r.dit('ls');
  assert.equal(res.code, 0);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /^No open tickets in the working tree \(1 closed; dit ls --all\)$/m);
  r.commit('close it');
  r.git('branch', 'release-1');
  assert.match(r.dit('ls', '--branch', 'release-1').stderr, /No open tickets in release-1 \(1 closed; dit ls --all\)/);
  assert.match(r.dit('ls', 'nothing-like-it').stderr, /No open tickets match "nothing-like-it" in the working tree/);
  assert.match(r.dit('ls', 'Only').stderr, /No open tickets match "Only" in the working tree \(1 closed; add --all\)/);
  r.ok('reopen', id);
  assert.match(r.dit('ls', '--closed').stderr, /No closed tickets in the working tree \(1 open; dit ls\)/);
  assert.equal(r.dit('ls', '--json').stderr, '', '--json stays quiet');
});

test('progress on a terminal: totals and rate for import, the first history scan and the first index build', () => {
  const r = tempRepo();
  const file = join(tempDir(), 'many.jsonl');
  writeFileSync(
    file,
    `${Array.from({ length: 600 }, (_, i) => JSON.stringify({ title: `Ticket number ${i}`, created: '2024-01-01T00:00:00Z' })).join('\n')}\n`,
  );
  const now = { DIT_PROGRESS_DELAY: '0', PAGER: 'cat' };
  const imported = inTerminal(r, ['import', file], now);
  assert.equal(imported.code, 0, imported.screen);
  assert.match(imported.screen, /writing: 0% \(0\/600 entries\)/);
  assert.match(imported.screen, /writing: 100% \(600\/600 entries\), [\d,]+ entries\/s, done in \d+\.\d s\.\n/);
  // the first query builds the search index over every ticket
  const first = inTerminal(r, ['ls', 'number'], now);
  assert.match(first.screen, /building the search index: 100% \(600\/600 tickets\), [\d,]+ tickets\/s, done in/);
  assert.doesNotMatch(inTerminal(r, ['ls', 'number'], now).screen, /building/, 'an index that is there is not built');
  // a history scan from scratch (no cache) counts the commits it reads
  const fresh = tempRepo();
  for (let i = 0; i < 5; i++) fresh.git('commit', '-q', '--allow-empty', '-m', `work ${i}`);
  const scan = inTerminal(fresh, ['ls'], now);
  assert.match(scan.screen, /scanning history: 100% \(6\/6 commits\), [\d,]+ commits\/s, done in/);

  // the same through a pipe, or with --quiet: no progress at all
  const again = tempRepo();
  const piped = again.dit('import', file);
  assert.equal(piped.code, 0);
  assert.equal(piped.stderr, '', 'nothing on stderr when piped');
  const quiet = tempRepo();
  const q = inTerminal(quiet, ['import', '--quiet', file], now);
  assert.equal(q.code, 0, q.screen);
  assert.doesNotMatch(q.screen, /writing|reading|scanning/);
  assert.doesNotMatch(inTerminal(quiet, ['-q', 'ls', 'number'], now).screen, /building/);
  // by default a step shows only once it has taken a second, so quick commands print no progress
  assert.doesNotMatch(inTerminal(tempRepo(), ['ls'], { PAGER: 'cat' }).screen, /scanning|done in/);
});
