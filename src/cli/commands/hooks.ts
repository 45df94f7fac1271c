// `dit hooks install` (in a bare repository) and `dit hooks run NAME` (what the installed scripts call).
import { usage } from '../../errors.js';
import { installWorktreeHooks } from '../../hooks/commit-msg.js';
import { ditScript, HOOKS, installHooks, runHook } from '../../hooks/table.js';
import { gitOf, openVcs } from '../../store/open.js';
import { one, type Parsed } from '../args.js';
import { type Command, type Context, printJson } from '../context.js';
import { dispatch, type Subcommands, subcommandHelp } from '../subcommands.js';

const hooks: Command = {
  spec: {
    name: 'hooks',
    summary:
      "Install dit's git hooks. In a bare repository, `git push origin HEAD:refs/for/new` then opens a proposal and " +
      '`HEAD:refs/for/<ticket>` adds a patchset (git 2.29 or newer). In a working copy, a commit-msg hook warns when ' +
      '`fixes #id` would close no ticket or several. `run` is what the installed hooks call.',
    usage: 'dit hooks install [--repo DIR] [--force] [--json]   |   dit hooks run NAME',
    options: [
      { name: 'repo', value: 'DIR', help: 'the repository (default: the current one)' },
      { name: 'force', help: 'working copy: replace a commit-msg hook that dit did not install' },
      { name: 'json', help: 'print JSON' },
    ],
  },
  help: (p) => subcommandHelp('hooks', SUBCOMMANDS, p),
  run: (p, ctx) => dispatch('hooks', SUBCOMMANDS, p, ctx),
};

async function install(p: Parsed, ctx: Context): Promise<number> {
  const vcs = await openVcs(one(p, 'repo') ?? ctx.cwd);
  try {
    const git = gitOf(
      vcs,
      'dit hooks',
      'Mercurial runs its own hooks from [hooks] in .hg/hgrc, and refs/for/ has no hg equivalent; dit installs none',
    );
    if (git.worktree !== null) {
      const done = await installWorktreeHooks(git, ditScript(), { force: p.flags.has('force') });
      if (p.flags.has('json')) printJson(ctx, { hooks: done });
      else
        for (const h of done)
          ctx.out(`${h.action} ${h.name} in ${h.path}: it warns when \`fixes #id\` would close nothing\n`);
      return 0;
    }
    const r = await installHooks(git);
    if (p.flags.has('json')) printJson(ctx, r);
    else
      ctx.out(`installed ${r.hooks.join(', ')} in ${r.hooksDir}; push with \`git push <remote> HEAD:refs/for/new\`\n`);
  } finally {
    vcs.close();
  }
  return 0;
}

async function run(p: Parsed, ctx: Context): Promise<number> {
  const name = p.positionals[1];
  if (!name) throw usage(`name the hook to run: ${Object.keys(HOOKS).join(', ')}`);
  return runHook(name, {
    cwd: ctx.cwd,
    args: p.positionals.slice(2),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    err: ctx.err,
  });
}

const SUBCOMMANDS: Subcommands = {
  install: {
    usage: 'dit hooks install [--repo DIR] [--force] [--json]',
    summary: 'Bare repository: the proc-receive and pre-receive hooks. Working copy: the commit-msg check.',
    run: install,
  },
  run: { usage: 'dit hooks run NAME', summary: 'What the installed hooks call (git gives it their input).', run },
};

export const commands = { hooks };
