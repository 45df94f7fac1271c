// Moving tickets: sync with a remote, export and import JSON lines.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { usage } from '../../errors.js';
import type { Step } from '../../store/progress.js';
import { sync } from '../../store/sync/sync.js';
import { exportLines, importLines } from '../../store/sync/transfer.js';
import { one } from '../args.js';
import { BRANCH, type Command, JSON_OPT, printJson, printWarnings, signFlag, target, WRITE_OPTS } from '../context.js';
import { FOREIGN_OPTS, isForeign, runForeignImport } from './import-from.js';

const syncCommand: Command = {
  spec: {
    name: 'sync',
    summary:
      "Fetch the remote's shared journal, merge it with yours (this never conflicts), and push the result. " +
      'Also makes a plain `git fetch` bring the journal. REMOTE is origin unless named ' +
      '(in Mercurial: default, and the journal is the named branch dit/journal, pulled and pushed alone).',
    usage: 'dit sync [REMOTE]',
    options: [{ name: 'quiet', short: 'q', help: 'print nothing on success' }, JSON_OPT],
  },
  async run(p, ctx) {
    const store = await ctx.store();
    const remote = p.positionals[0] ?? store.vcs.label.defaultRemote;
    const quiet = p.flags.has('quiet');
    // each step on a terminal, timed; nothing when piped
    let step: Step | null = null;
    const r = await sync(store, remote, (line) => {
      if (line.startsWith('warning: ')) return void ctx.err(`${line}\n`);
      step?.end();
      step = ctx.progress(line);
      step.update(0);
    });
    (step as Step | null)?.end();
    if (p.flags.has('json')) return void printJson(ctx, r);
    if (r.dropped.length) {
      ctx.err(
        `warning: ${remote}'s journal holds ${r.dropped.length} file${r.dropped.length > 1 ? 's' : ''} that ` +
          `${r.dropped.length > 1 ? 'are' : 'is'} not entries; left out of yours: ${r.dropped.slice(0, 5).join(', ')}${r.dropped.length > 5 ? ', ...' : ''}\n`,
      );
    }
    if (!quiet)
      ctx.out(
        `${remote}: ${r.merged === 'up-to-date' ? 'already in sync' : r.merged === 'none' ? 'nothing new there' : `took their entries (${r.merged})`}` +
          `${r.pushed ? ', pushed ours' : ''}\n`,
      );
  },
};

const exportCommand: Command = {
  spec: {
    name: 'export',
    summary:
      'Write every ticket, milestone and label of the view as JSON lines (with the raw entries, so `dit import` restores them exactly).',
    usage: 'dit export [--branch BRANCH] > tickets.jsonl',
    options: [BRANCH],
  },
  async run(p, ctx) {
    const view = await (await ctx.store()).view(one(p, 'branch'));
    let buf = '';
    for await (const line of exportLines(view)) {
      buf += `${line}\n`;
      if (buf.length > 1 << 16) {
        ctx.out(buf);
        buf = '';
      }
    }
    ctx.out(buf);
    printWarnings(ctx, view.warnings);
  },
};

const importCommand: Command = {
  spec: {
    name: 'import',
    summary:
      'Import JSON lines (from `dit export`, or plain tickets with title, body, type, labels, ' +
      'status, milestone, author, created, comments) in one commit on the current branch.',
    usage:
      'dit import FILE [--shared]   (FILE - reads standard input)\n       dit import --gitblit PATH | ' +
      '--github ISSUES.json [--comments F] [--events F] [--pulls F] | --git-bug [--skip-bad] [--shared]',
    options: [...WRITE_OPTS.filter((o) => o.name !== 'commit'), ...FOREIGN_OPTS],
    more:
      'Imports from Gitblit, GitHub and git-bug are idempotent: importing the same source again ' +
      'adds nothing.\nThe original numbers stay findable: `dit show gitblit#42`, `dit ls origin:42`.',
  },
  async run(p, ctx) {
    if (isForeign(p)) return runForeignImport(p, ctx);
    const file = p.positionals[0];
    if (!file) throw usage('name the file to import (or - for standard input)');
    const store = await ctx.store();
    const input = file === '-' ? process.stdin : createReadStream(file);
    const opened = new Promise<void>((resolve, reject) => {
      if (file === '-') return resolve();
      input.once('open', () => resolve());
      input.once('error', (e: Error) => reject(usage(`cannot read ${file}: ${e.message}`)));
    });
    await opened;
    const lines = createInterface({ input, crlfDelay: Infinity });
    const step = ctx.progress('reading', 'lines');
    const r = await importLines(
      store,
      lines,
      p.flags.has('shared') ? { store: 'shared', sign: signFlag(p) } : target(p, store),
      (n) => step.update(n),
    ).finally(() => step.end());
    if (p.flags.has('json')) return void printJson(ctx, r);
    printWarnings(ctx, r.warnings);
    if (!r.commit && r.entries) {
      ctx.out(`nothing new to import: all ${r.entries} entries are there already (no commit made)\n`);
      return;
    }
    ctx.out(
      `imported ${r.tickets} tickets, ${r.milestones} milestones, ${r.labels} labels ` +
        `(${r.entries} entries)${r.commit ? ` in commit ${r.commit.slice(0, 7)}` : ''}\n`,
    );
  },
};

export const commands: Record<string, Command> = { sync: syncCommand, export: exportCommand, import: importCommand };
