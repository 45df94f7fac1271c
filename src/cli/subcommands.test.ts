// The one way subcommands are dispatched: two words before one, a group alone lists, unknown ones are named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Parsed } from './args.js';
import type { Context } from './context.js';
import { dispatch, type Subcommands, subcommandHelp, subcommandList, subcommandUsage } from './subcommands.js';

const ran: string[] = [];
const sub = (name: string) => ({
  usage: `dit x ${name}`,
  summary: `${name} it`,
  run: async () => void ran.push(name),
});
const TABLE: Subcommands = {
  init: sub('init'),
  'user add': sub('user add'),
  'user ls': sub('user ls'),
  grant: sub('grant'),
  '': sub('start'),
};
const parsed = (...positionals: string[]): Parsed => ({ positionals, flags: new Set(), values: new Map() }) as never;
const ctx = {} as Context;

test('dispatch: the longest name the positionals give, a group alone as its ls, none as the command', async () => {
  ran.length = 0;
  await dispatch('x', TABLE, parsed('user', 'add', 'ann'), ctx);
  await dispatch('x', TABLE, parsed('user'), ctx);
  await dispatch('x', TABLE, parsed('grant', 'ann', 'repo', 'read'), ctx);
  await dispatch('x', TABLE, parsed(), ctx);
  assert.deepEqual(ran, ['user add', 'user ls', 'grant', 'start']);
});

test('dispatch: an unknown subcommand is named with the ones there are', async () => {
  await assert.rejects(
    dispatch('x', TABLE, parsed('user', 'frob'), ctx),
    /unknown subcommand "user frob"; use add or ls/,
  );
  await assert.rejects(
    dispatch('x', TABLE, parsed('nope'), ctx),
    /unknown subcommand "nope"; use init, user or grant \(or none\)/,
  );
  const { '': _, ...noDefault } = TABLE;
  await assert.rejects(dispatch('x', noDefault, parsed(), ctx), /`dit x` needs a subcommand: init, user or grant/);
});

test('help: one subcommand when named, every usage line in the list', () => {
  assert.match(subcommandHelp('x', TABLE, parsed('user', 'add')), /^usage: dit x user add\n\nuser add it/);
  assert.equal(subcommandHelp('x', TABLE, parsed()), '');
  assert.equal(
    subcommandList('x', TABLE)
      .split('\n')
      .filter((l) => l.startsWith('  dit x')).length,
    5,
  );
});

test('usage: every first word of the table once, in its order; optional when the command runs alone', () => {
  assert.equal(subcommandUsage('x', TABLE, '--root DIR'), 'dit x [init|user|grant] ... --root DIR');
  const { '': _, ...noDefault } = TABLE;
  assert.equal(subcommandUsage('x', noDefault), 'dit x (init|user|grant) ...');
  assert.equal(
    subcommandUsage('x', { ...TABLE, 'ssh-shell': sub('ssh-shell') }),
    'dit x [init|user|grant|ssh-shell] ...',
  );
});
