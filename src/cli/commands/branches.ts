import { usage } from '../../errors.js';
import { branchMatrix } from '../../store/read/branches.js';
import { releaseNotes, releasesOf } from '../../store/read/releases.js';
import { type Command, JSON_OPT, needArgs, printJson } from '../context.js';
import { renderMatrix, renderNotes, renderReleases } from '../format.js';

const branches: Command = {
  spec: {
    name: 'branches',
    summary:
      "The branch matrix: the ticket's status on every local branch, and the commit, entry or revert that decided it. " +
      '--remotes shows remote-tracking branches (origin/4.x) instead, --all both.',
    usage: 'dit branches ID [--remotes | --all | --tags] [--json]',
    options: [
      { name: 'remotes', short: 'r', help: 'remote-tracking branches (refs/remotes/*) instead of local ones' },
      { name: 'all', short: 'a', help: 'local and remote-tracking branches' },
      {
        name: 'tags',
        short: 't',
        help: 'releases instead of branches: every tag, and per release line (v2.4 for v2.4.x) the earliest with the fix',
      },
      JSON_OPT,
    ],
  },
  pager: true,
  async run(p, ctx) {
    needArgs(p, branches.spec, 1, 'a ticket id');
    if (p.flags.has('remotes') && p.flags.has('all'))
      throw usage('give --remotes or --all, not both (--all already includes remote-tracking branches)');
    if (p.flags.has('tags')) {
      if (p.flags.has('remotes') || p.flags.has('all'))
        throw usage('--tags lists releases (tags), not branches; leave out --remotes and --all');
      const releases = await releasesOf(await ctx.store(), p.positionals[0]!);
      p.flags.has('json') ? printJson(ctx, releases) : ctx.out(renderReleases(releases));
      return;
    }
    const set = p.flags.has('all') ? 'all' : p.flags.has('remotes') ? 'remotes' : 'local';
    const matrix = await branchMatrix(await ctx.store(), p.positionals[0]!, set);
    if (p.flags.has('json')) printJson(ctx, matrix);
    else ctx.out(renderMatrix(matrix, await ctx.paint()));
  },
};

const notes: Command = {
  spec: {
    name: 'release-notes',
    summary:
      'The tickets fixed (or merged) between two revisions, grouped by type, as Markdown. A ticket counts when TO ' +
      'contains its fix (a `fixes` commit or a close committed in the tree) and FROM does not; fixes reverted since FROM are listed too.',
    usage: 'dit release-notes FROM..TO [--json]    (e.g. v2.3.0..v2.4.0; TO defaults to HEAD)',
    options: [JSON_OPT],
  },
  async run(p, ctx) {
    needArgs(p, notes.spec, 1, 'a range FROM..TO');
    if (p.positionals.length > 1) throw usage(`give one range, like v2.3.0..v2.4.0; usage: ${notes.spec.usage}`);
    const n = await releaseNotes(await ctx.store(), p.positionals[0]!);
    p.flags.has('json') ? printJson(ctx, n) : ctx.out(renderNotes(n));
  },
};

export const commands: Record<string, Command> = { branches, 'release-notes': notes };
