// `dit serve`: the local web UI. Loaded only by this command, so other commands never load the web code.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usage } from '../../errors.js';
import { lostCount } from '../../store/write/lost-entries.js';
import { one } from '../args.js';
import { type Command, lostNote } from '../context.js';
import { bindError, isPublic, untilStopped } from '../listening.js';

const serveCmd: Command = {
  spec: {
    name: 'serve',
    summary: 'Serve the web UI for this repository (GitHub-like, local, no account).',
    usage: 'dit serve [DIR] [--port 4920] [--host 127.0.0.1] [--open]   (DIR: a working copy; default the current one)',
    options: [
      { name: 'port', short: 'p', value: 'PORT', help: 'port to listen on (default 4920; 0 picks a free one)' },
      {
        name: 'host',
        value: 'HOST',
        help: 'address to bind (default 127.0.0.1; anything else is reachable from other machines)',
      },
      { name: 'open', help: 'open the page in the default browser' },
      {
        name: 'gravatar',
        help: 'avatars from Gravatar (default: initials drawn locally, no request; `git config dit.gravatar true` to keep it on)',
      },
      {
        name: 'remote-images',
        help: 'show Markdown images from other hosts (default: a link; `git config dit.remoteImages true` to keep it on)',
      },
    ],
    more: 'The server sees every git change (checkout, commit, pull, a CLI write) on the next request.\nStop it with Ctrl-C.',
  },
  async run(p, ctx) {
    const port = Number(one(p, 'port') ?? 4920);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw usage(`--port needs a number from 0 to 65535, not "${one(p, 'port')}"`);
    const host = one(p, 'host') ?? '127.0.0.1';
    if (p.positionals.length > 1) throw usage(`serve one repository at a time; usage: ${serveCmd.spec.usage}`);
    const dir = p.positionals[0];
    if (dir !== undefined) {
      ctx.cwd = resolve(ctx.cwd, dir);
      if (!statSync(ctx.cwd, { throwIfNoEntry: false })?.isDirectory())
        throw usage(`${JSON.stringify(dir)} is not a directory; give a working copy to serve`);
    }
    const store = await ctx.store();
    const { startServer } = await import('../../web/serve.js');
    const running = await startServer(store, {
      host,
      port,
      ...(p.flags.has('remote-images') ? { remoteImages: true } : {}),
      ...(p.flags.has('gravatar') ? { gravatar: true } : {}),
    }).catch(bindError(host, port));
    if (isPublic(host)) {
      ctx.err(
        `warning: listening on ${host}: other machines can reach this server, and it has no accounts. Use \`dit server\` to host for others.\n`,
      );
    }
    ctx.out(`dit: serving ${store.vcs.worktree ?? store.vcs.id} at ${running.url}\n(Ctrl-C to stop)\n`);
    const lost = await lostCount(store);
    if (lost) ctx.err(lostNote(lost));
    if (p.flags.has('open')) {
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      spawn(opener, [running.url], { stdio: 'ignore', detached: true })
        .on('error', () => ctx.err(`could not open a browser; open ${running.url} yourself\n`))
        .unref();
    }
    await untilStopped();
    await running.close();
    return 0;
  },
};

export const commands: Record<string, Command> = { serve: serveCmd };
