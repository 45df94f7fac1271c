// Shell completion: what `dit __complete` offers, and the bash script completing in a real bash.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_IDS, unquote } from '../../src/cli/completion.js';
import { DIT, newTicket, type Repo, repoAt, tempDir, tempRepo } from '../support/helpers.js';

/** A repository with labels, a milestone, a branch, an open and a closed ticket. */
function tracker() {
  const r = tempRepo();
  r.ok('label-def', 'bug', '--color', 'd73a4a', '--description', 'Something is broken');
  r.ok('milestone', 'new', '2.4', '--due', '2027-01-15');
  const open = newTicket(r, 'Crash on save', '--label', 'bug', '--label', 'editor');
  const closed = newTicket(r, 'Old typo');
  r.ok('close', closed);
  r.commit('tickets');
  r.git('branch', 'release-1');
  return { r, open: open.slice(0, 7), closed: closed.slice(0, 7) };
}

/** The candidates for the last word, as lines `value<TAB>description`. */
const offered = (r: Repo, ...words: string[]): string[] => {
  const res = r.dit('__complete', ...words);
  assert.equal(res.code, 0, res.stderr);
  return res.stdout.split('\n').filter(Boolean);
};
const values = (lines: string[]) => lines.map((l) => l.split('\t')[0]!);

test('commands, options and their values', () => {
  const { r } = tracker();
  const commands = offered(r, '');
  assert.ok(commands.includes('show\tshow one ticket with its timeline'), commands.join('\n'));
  assert.ok(values(commands).includes('completion'));
  assert.deepEqual(values(offered(r, 'sh')), ['show']);
  assert.deepEqual(values(offered(r, 'show', '--')).sort(), [
    '--branch',
    '--color=',
    '--help',
    '--json',
    '--lines',
    '--no-color',
    '--no-pager',
    '--quiet',
    '--revision',
  ]);
  assert.ok(offered(r, 'show', '--b').includes('--branch\tshow the view from this branch (default: the working tree)'));
  assert.deepEqual(values(offered(r, 'new', 'x', '--type', '')), [
    'bug',
    'enhancement',
    'task',
    'question',
    'proposal',
    'maintenance',
  ]);
  assert.deepEqual(values(offered(r, 'ls', '--color=a')), ['--color=auto', '--color=always']);
  assert.deepEqual(values(offered(r, 'completion', '')), ['bash', 'zsh']);
  assert.deepEqual(values(offered(r, 'milestone', '')), ['new', 'ls', 'edit', 'close', 'reopen']);
  assert.deepEqual(values(offered(r, '--no')), ['--no-pager', '--no-color']);
});

test('ticket ids with their titles, labels, milestones and branches from the repository', () => {
  const { r, open, closed } = tracker();
  const ids = offered(r, 'show', '');
  assert.ok(ids.includes(`${open}\tnew: Crash on save`), ids.join('\n'));
  assert.ok(ids.includes(`${closed}\tfixed: Old typo`));
  assert.deepEqual(values(offered(r, 'close', '')), [open, closed], 'open tickets first for close');
  assert.deepEqual(values(offered(r, 'reopen', '')), [closed, open], 'closed ones first for reopen');
  assert.deepEqual(values(offered(r, 'show', open.slice(0, 5))), [open]);
  assert.ok(offered(r, 'new', 't', '--label', '').includes('bug\tSomething is broken'));
  assert.deepEqual(values(offered(r, 'new', 't', '-l', '')), ['bug', 'editor'], 'used labels too');
  assert.deepEqual(values(offered(r, 'label', open, '+')), ['+bug', '+editor']);
  assert.deepEqual(values(offered(r, 'label', open, '-')), ['-bug', '-editor'], "the ticket's own labels");
  assert.deepEqual(values(offered(r, 'label', closed, '-')), []);
  assert.ok(offered(r, 'edit', open, '--milestone', '').includes('2.4\topen, due 2027-01-15'));
  assert.deepEqual(values(offered(r, 'milestone', 'close', '')), ['2.4']);
  assert.deepEqual(values(offered(r, 'ls', '--branch', '')), ['main', 'release-1']);
  assert.deepEqual(values(offered(r, 'ls', 'label:')), ['label:bug', 'label:editor']);
  assert.deepEqual(values(offered(r, 'ls', '-label:e')), ['-label:editor']);
  assert.ok(values(offered(r, 'ls', 'mil')).includes('milestone:'));
  assert.deepEqual(values(offered(r, 'ls', 'milestone:')), ['milestone:2.4']);
  // -C: another repository's tickets, from anywhere
  const elsewhere = repoAt(tempDir(), r.env);
  assert.ok(values(elsewhere.ok('__complete', '-C', r.dir, 'show', '').split('\n')).includes(open));
  // outside a repository: nothing, and no error for the shell to print
  const outside = elsewhere.dit('__complete', 'show', '');
  assert.deepEqual([outside.code, outside.stdout, outside.stderr], [0, '', '']);
});

/** Runs the completion script in a real bash for a command line (words split on spaces unless given). */
function bashCompleter(r: Repo) {
  const bin = tempDir();
  writeFileSync(join(bin, 'dit'), `#!/bin/sh\nexec "${process.execPath}" "${DIT}" "$@"\n`);
  chmodSync(join(bin, 'dit'), 0o755);
  const script = r.ok('completion', 'bash');
  const sq = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  return (line: string, words = line.split(' ')): string[] => {
    const program = [
      script,
      `COMP_WORDS=(${words.map(sq).join(' ')}); COMP_CWORD=${words.length - 1}`,
      `COMP_LINE=${sq(words.join(' '))}; COMP_POINT=${words.join(' ').length}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${...}, not a template
      '_dit; printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const out = execFileSync('bash', ['--norc', '-c', program], {
      cwd: r.dir,
      env: { ...r.env, PATH: `${bin}:${r.env.PATH}` },
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean);
  };
}

test('the bash script completes in a real bash; the zsh script is a compdef function', () => {
  const { r, open } = tracker();
  const inBash = bashCompleter(r);
  const script = r.ok('completion', 'bash');
  assert.deepEqual(inBash('dit sho'), ['show'], 'one candidate: just the word');
  assert.deepEqual(inBash(`dit show ${open.slice(0, 5)}`), [open], 'one ticket: just its id');
  const both = inBash('dit show ');
  assert.equal(both.length, 2);
  assert.ok(both.includes(`${open}  (new: Crash on save)`), both.join('\n'));
  assert.deepEqual(inBash('dit new t --label b'), ['bug']);
  assert.ok(inBash('dit ls --').includes('--closed  (list closed tickets instead)'));
  assert.match(script, /complete -o default -F _dit dit/);

  const zsh = r.ok('completion', 'zsh');
  assert.match(zsh, /^#compdef dit\n/);
  assert.match(zsh, /dit __complete/);
  assert.match(zsh, /_describe/);
  const bad = r.dit('completion', 'fish');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /dit completion bash, or dit completion zsh/);
});

test('ticket ids are bounded: open ones first, filtered by what is typed before the bound', () => {
  const r = tempRepo();
  const file = join(tempDir(), 'many.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < MAX_IDS + 30; i++)
    lines.push(JSON.stringify({ title: `Open ${i}`, created: `2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z` }));
  for (let i = 0; i < 20; i++)
    lines.push(JSON.stringify({ title: `Closed ${i}`, status: 'fixed', created: '2023-06-01T00:00:00Z' }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  r.ok('import', file);
  const all = r.json<{ tickets: { id: string; status: string }[] }>('ls', '--all').tickets;
  assert.equal(all.length, MAX_IDS + 50);
  const shown = offered(r, 'show', '');
  assert.equal(shown.length, MAX_IDS, 'no more than the bound, and no note for bash, which would insert it');
  const zsh = repoAt(r.dir, { ...r.env, DIT_COMPLETE_NOTES: '1' })
    .ok('__complete', 'show', '')
    .split('\n');
  assert.equal(zsh.filter(Boolean).at(-1), '\t50 more tickets: type more of the id', 'what was left out, for zsh');
  assert.match(r.ok('completion', 'zsh'), /DIT_COMPLETE_NOTES=1 command dit __complete/);
  assert.ok(
    shown.every((l) => l.includes('\tnew: Open')),
    'open tickets fill the bound before closed ones',
  );
  // a closed ticket, beyond the bound unfiltered, is there once its first characters are typed
  const closed = all.find((t) => t.status === 'fixed')!.id;
  const typed = offered(r, 'show', closed.slice(0, 3));
  assert.ok(values(typed).includes(closed.slice(0, 7)), typed.join('\n'));
  assert.ok(typed.every((l) => l.startsWith(closed.slice(0, 3))));
  // for reopen the closed ones come first, and they all fit
  assert.ok(
    offered(r, 'reopen', '')
      .slice(0, 20)
      .every((l) => l.includes('\tfixed: Closed')),
  );
});

test('names with spaces: shell quoting read back, and bash gets them escaped', () => {
  assert.equal(unquote('my\\ label'), 'my label');
  assert.equal(unquote("'my lab"), 'my lab', 'an unfinished quote');
  assert.equal(unquote('"a \\"b\\" c"'), 'a "b" c');
  assert.equal(unquote('label:\\"good\\ first\\"'), 'label:"good first"');
  assert.equal(unquote('plain'), 'plain');
  const r = tempRepo();
  r.ok('label-def', 'good first issue', '--color', '7057ff');
  r.ok('milestone', 'new', 'Release 2');
  newTicket(r, 'Easy one', '--label', 'good first issue', '--milestone', 'Release 2');
  assert.deepEqual(values(offered(r, 'new', 't', '--label', 'good\\ f')), ['good first issue']);
  assert.deepEqual(values(offered(r, 'ls', 'label:g')), ['label:"good first issue"'], 'quoted for the query language');
  const inBash = bashCompleter(r);
  assert.deepEqual(inBash('dit new t --label goo'), ['good\\ first\\ issue'], 'escaped for the shell');
  assert.deepEqual(inBash('', ['dit', 'new', 't', '--label', 'good\\ f']), ['good\\ first\\ issue'], 'typed escaped');
  assert.deepEqual(
    inBash('', ['dit', 'new', 't', '--label', "'good f"]),
    ['good first issue'],
    'inside a quote: as it is',
  );
  assert.deepEqual(inBash('dit edit x --milestone Rel'), ['Release\\ 2']);
  assert.deepEqual(inBash('dit ls label:go'), ['\\"good\\ first\\ issue\\"'], 'after the colon, quoted twice over');
});
