// The argument parser: options by spec, positionals that look like options, and usage errors with hints.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DitError } from '../errors.js';
import { type CommandSpec, distance, many, one, parseArgs, renderHelp } from './args.js';

const spec: CommandSpec = {
  name: 'edit',
  summary: 'Change a ticket.',
  usage: 'dit edit <id> [options]',
  options: [
    { name: 'message', short: 'm', value: 'TEXT', help: 'a comment' },
    { name: 'due', value: 'DATE', help: 'due date' },
    { name: 'label', short: 'l', value: 'NAME', repeat: true, help: 'add a label' },
    { name: 'title', value: 'TITLE', help: 'new title' },
    { name: 'json', help: 'print JSON' },
  ],
  more: 'Example: dit edit 3f9a2c1 --title "New"',
};

/** Asserts `fn` throws a usage DitError whose message matches `pattern`. */
function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DitError, 'a DitError');
    assert.equal(err.code, 'usage');
    assert.match(err.message, pattern);
    return true;
  });
}

test('things that only look like options stay positionals', () => {
  const p = parseArgs(spec, ['3f9a2c1', '-editor', '+bug', '-', '-1', '-ab']);
  assert.deepEqual(p.positionals, ['3f9a2c1', '-editor', '+bug', '-', '-1', '-ab']);
  assert.equal(p.flags.size, 0);
  assert.equal(p.values.size, 0);
});

test('short options take the next argument as their value', () => {
  const p = parseArgs(spec, ['3f9a2c1', '-m', 'Fixed it', '-l', 'bug']);
  assert.equal(one(p, 'message'), 'Fixed it');
  assert.deepEqual(many(p, 'label'), ['bug']);
  assert.deepEqual(p.positionals, ['3f9a2c1']);
  assert.equal(one(parseArgs(spec, ['-m', '-editor']), 'message'), '-editor', 'a value may start with a dash');
});

test('long options take `=value` or the next argument', () => {
  const p = parseArgs(spec, ['--due=2027-01-01', '--title', 'A = B', '--json']);
  assert.equal(one(p, 'due'), '2027-01-01');
  assert.equal(one(p, 'title'), 'A = B');
  assert.ok(p.flags.has('json'));
  assert.equal(one(parseArgs(spec, ['--title=a=b']), 'title'), 'a=b');
  assert.equal(one(parseArgs(spec, ['--title=']), 'title'), '', 'an empty inline value is a value');
  assert.equal(one(p, 'message'), undefined);
  assert.deepEqual(many(p, 'label'), []);
});

test('`--` ends the options', () => {
  const p = parseArgs(spec, ['--json', '--', '--title', '-m']);
  assert.deepEqual(p.positionals, ['--title', '-m']);
  assert.equal(one(p, 'title'), undefined);
});

test('repeatable options collect every value, others may be given once', () => {
  assert.deepEqual(many(parseArgs(spec, ['--label', 'a', '-l', 'b', '--label=c']), 'label'), ['a', 'b', 'c']);
  usageError(() => parseArgs(spec, ['--due', '2027-01-01', '--due=2028-01-01']), /--due given twice/);
  usageError(() => parseArgs(spec, ['-m', 'one', '--message', 'two']), /--message given twice/);
});

test('an unknown long option is a usage error with a did-you-mean hint', () => {
  usageError(
    () => parseArgs(spec, ['--titel', 'x']),
    /unknown option --titel for `dit edit` \(did you mean --title\?\); see `dit edit --help`/,
  );
  usageError(() => parseArgs(spec, ['--lable=x']), /did you mean --label\?/);
  usageError(() => parseArgs(spec, ['--frobnicate']), /^unknown option --frobnicate for `dit edit`; see/);
});

test('an unknown short option is a usage error', () => {
  usageError(() => parseArgs(spec, ['-x']), /unknown option -x for `dit edit`/);
});

test('missing and unexpected values are usage errors', () => {
  usageError(() => parseArgs(spec, ['--title']), /--title needs a value \(TITLE\)/);
  usageError(() => parseArgs(spec, ['-m']), /--message needs a value \(TEXT\)/);
  usageError(() => parseArgs(spec, ['--json=yes']), /--json takes no value/);
});

test('distance is the Levenshtein distance', () => {
  assert.equal(distance('', ''), 0);
  assert.equal(distance('title', 'title'), 0);
  assert.equal(distance('titel', 'title'), 2);
  assert.equal(distance('kitten', 'sitting'), 3);
  assert.equal(distance('', 'abc'), 3);
  assert.equal(distance('abc', ''), 3);
});

test('renderHelp lists every option, with --help and repeatable marks', () => {
  const help = renderHelp(spec);
  assert.match(help, /^usage: dit edit <id> \[options\]\n\nChange a ticket\.\n\noptions:\n/);
  assert.match(help, /\n {2}-m, --message TEXT +a comment\n/);
  assert.match(help, /\n {2} {4}--due DATE +due date\n/);
  assert.match(help, /add a label \(repeatable\)\n/);
  assert.match(help, /-h, --help +show this help\n/);
  assert.ok(help.endsWith('Example: dit edit 3f9a2c1 --title "New"\n'));
});
