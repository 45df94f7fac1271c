// `dit hooks install` (in a bare repository) and `dit hooks run NAME` (what the installed scripts call).
import { usage } from '../../errors.js';
import { one } from '../args.js';
import type { Command } from '../context.js';
import { gitOf, openVcs } from '../../store/open.js';
import { ditScript, HOOKS, installHooks, runHook } from '../../hooks/table.js';
import { installWorktreeHooks } from '../../hooks/commit-msg.js';

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
  async run(p, ctx) {
    const [sub, name] = p.positionals;
    if (sub === 'install') {
      const vcs = await openVcs(one(p, 'repo') ?? ctx.cwd);
      try {
        const git = gitOf(
          vcs,
          'dit hooks',
          'Mercurial runs its own hooks from [hooks] in .hg/hgrc, and refs/for/ has no hg equivalent; dit installs none',
        );
        if (git.worktree !== null) {
          const done = await installWorktreeHooks(git, ditScript(), { force: p.flags.has('force') });
          if (p.flags.has('json')) ctx.out(`${JSON.stringify({ hooks: done })}\n`);
          else
            for (const h of done)
              ctx.out(`${h.action} ${h.name} in ${h.path}: it warns when \`fixes #id\` would close nothing\n`);
          return 0;
        }
        const r = await installHooks(git);
        if (p.flags.has('json')) ctx.out(`${JSON.stringify(r)}\n`);
        else
          ctx.out(
            `installed ${r.hooks.join(', ')} in ${r.hooksDir}; push with \`git push <remote> HEAD:refs/for/new\`\n`,
          );
      } finally {
        vcs.close();
      }
      return 0;
    }
    if (sub === 'run') {
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
    throw usage('`dit hooks` needs `install` or `run NAME`; see `dit hooks --help`');
  },
};

export const commands = { hooks };
