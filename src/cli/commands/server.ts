// `dit server`: host many repositories with accounts (init, user, repo, grant, token), or run the server.
// Over 300 lines: one file for the whole `dit server` command: its sub-commands share the root, the account store and
// the option parsing, each a few dozen lines.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DitError, usage } from '../../errors.js';
import { Accounts, LEVELS, type Level } from '../../server/accounts.js';
import { checkRepoName } from '../../server/names.js';
import { createRepo, findRepo, listRepos, removeRepo } from '../../server/repos.js';
import { newPassword } from '../../server/secrets.js';
import { type CommandSpec, many, one, type Parsed } from '../args.js';
import { type Command, type Context, JSON_OPT, printJson } from '../context.js';
import { bindError, isPublic, untilStopped } from '../listening.js';
import { dispatch, type Subcommands, subcommandHelp, subcommandList, subcommandUsage } from '../subcommands.js';

const ROOT = {
  name: 'root',
  short: 'r',
  value: 'DIR',
  help: 'the server root: repositories and the account store (or $DIT_SERVER_ROOT)',
};
const PASSWORD_STDIN = { name: 'password-stdin', help: 'read the password from the first line of standard input' };

/** Each subcommand's own usage and help; `dit server SUB --help` prints just that one. */
const SUBCOMMANDS: Subcommands = {
  init: {
    usage: 'dit server init --root DIR [--admin NAME] [--email EMAIL] [--password-stdin]',
    summary:
      'Create a server root and its first administrator (default name admin; without --password-stdin a password is made up and printed once).',
    run: init,
  },
  'user add': {
    usage: 'dit server user add NAME [--email EMAIL] [--admin] [--password-stdin] --root DIR',
    summary: 'Add an account (without --password-stdin a password is made up and printed once).',
    run: user,
  },
  'user ls': { usage: 'dit server user ls [--json] --root DIR', summary: 'List accounts.', run: user },
  'user rm': {
    usage: 'dit server user rm NAME --root DIR',
    summary: 'Remove an account, its tokens, grants and sessions.',
    run: user,
  },
  'user passwd': {
    usage: 'dit server user passwd NAME [--password-stdin] [--revoke-tokens] --root DIR',
    summary: 'Set a new password (signs the account out everywhere; --revoke-tokens revokes its tokens too).',
    run: user,
  },
  'user edit': {
    usage: 'dit server user edit NAME [--email EMAIL] [--admin|--no-admin] --root DIR',
    summary: "Change an account's email or administrator flag.",
    run: user,
  },
  'repo create': {
    usage: 'dit server repo create NAME [--public] [--description TEXT] --root DIR',
    summary: 'Create an empty bare repository NAME.git under the root (private unless --public).',
    run: repo,
  },
  'repo import': {
    usage: 'dit server repo import PATH|URL [--name NAME] [--public] [--description TEXT] --root DIR',
    summary: 'Copy an existing repository (all branches, tags and refs/dit/) onto the server.',
    run: repo,
  },
  'repo ls': {
    usage: 'dit server repo ls [--json] --root DIR',
    summary: 'List repositories (a bare NAME.git copied under the root by hand shows up too).',
    run: repo,
  },
  'repo rm': {
    usage: 'dit server repo rm NAME --root DIR',
    summary: 'Delete a repository, its settings and its grants. This cannot be undone.',
    run: repo,
  },
  'repo edit': {
    usage: 'dit server repo edit NAME [--public|--private] [--description TEXT] --root DIR',
    summary: 'Change who may read a repository anonymously, or its description.',
    run: repo,
  },
  grant: {
    usage: 'dit server grant USER REPO none|read|write|admin --root DIR',
    summary:
      'Give an account a permission on a repository: read may clone and read tickets, write may push and write tickets, admin may also grant.',
    run: grant,
  },
  'token add': {
    usage: 'dit server token add USER --name NAME [--scope read|write|admin|checks]... [--json] --root DIR',
    summary:
      'Make a token for git over HTTP and the API (scope write unless given: read clones and reads, write pushes ' +
      'and writes, admin changes settings, checks posts CI results); it is printed once, only its hash is kept.',
    run: token,
  },
  'token ls': {
    usage: 'dit server token ls USER [--json] --root DIR',
    summary: "List an account's tokens (names, scopes, dates, last use; never the tokens).",
    run: token,
  },
  'token rm': { usage: 'dit server token rm USER --name NAME --root DIR', summary: 'Revoke a token.', run: token },
  'key add': {
    usage: 'dit server key add USER FILE|- [--title TEXT] [--json] --root DIR',
    summary:
      'Add a public key to an account: an SSH key (a .pub file) or an armored ' +
      "OpenPGP key (gpg --armor --export). Its signatures then count as the account's.",
    run: key,
  },
  'key ls': {
    usage: 'dit server key ls [USER] [--json] --root DIR',
    summary: "List an account's keys (every account's without USER): fingerprint, title, added, last used.",
    run: key,
  },
  'key rm': {
    usage: 'dit server key rm USER FINGERPRINT|NUMBER --root DIR',
    summary: 'Remove a key from an account; entries it signed are no longer verified for the account.',
    run: key,
  },
  'authorized-keys': {
    usage: 'dit server authorized-keys [KEY] --root DIR',
    summary:
      "OpenSSH's AuthorizedKeysCommand: print every account's SSH key (or only KEY, sshd's %k) with a forced `dit server ssh-shell KEYID`, restricted to it.",
    run: authorizedKeysCmd,
  },
  'ssh-shell': {
    usage: 'dit server ssh-shell KEYID --root DIR',
    summary:
      "The forced command authorized-keys names: serve $SSH_ORIGINAL_COMMAND (git-upload-pack or git-receive-pack) for the key's account, as the server would.",
    run: (p) => sshShellCmd(p),
  },
  '': {
    usage:
      'dit server --root DIR [--port 4921] [--host 127.0.0.1] [--ssh-port N] [--url URL] [--smtp smtp://HOST:PORT --from ADDRESS] ' +
      '[--signup [--signup-limit KIND=N]...] [--webhook-allow CIDR]...',
    summary:
      'Run the server: git over HTTP (and SSH with --ssh-port), the web UI per repository, accounts; ' +
      'with --signup anyone may create an account at /-/signup (confirmed by a mailed link with --smtp).',
    run: start,
  },
};

const spec: CommandSpec = {
  name: 'server',
  summary: 'Host many repositories over HTTP with accounts, permissions and git push.',
  usage: subcommandUsage('server', SUBCOMMANDS, '--root DIR'),
  options: [
    ROOT,
    JSON_OPT,
    PASSWORD_STDIN,
    {
      name: 'admin',
      help: "user add/edit: make the account a server administrator; init --admin NAME: the first one's name",
    },
    { name: 'email', value: 'EMAIL', help: "user add/edit, init: the account's email address (for mail)" },
    { name: 'no-admin', help: 'user edit: no longer an administrator' },
    { name: 'public', help: 'repo create/import/edit: anyone may read it, even without an account' },
    { name: 'private', help: 'repo edit: only accounts with a grant may read it' },
    {
      name: 'description',
      short: 'd',
      value: 'TEXT',
      help: 'repo create/import/edit: one line shown on the home page',
    },
    {
      name: 'name',
      short: 'n',
      value: 'NAME',
      help: "token add/rm: the token's name; repo import: the repository's name",
    },
    { name: 'scope', value: 'SCOPE', repeat: true, help: 'token add: read, write (the default), admin or checks' },
    { name: 'revoke-tokens', help: 'user passwd: revoke every token of the account too' },
    { name: 'title', value: 'TEXT', help: 'key add: a name for the key (default: its comment or user id)' },
    { name: 'port', short: 'p', value: 'PORT', help: 'port to listen on (default 4921; 0 picks a free one)' },
    {
      name: 'ssh-port',
      value: 'PORT',
      help: "serve git over SSH on this port too, with the accounts' keys (0 picks a free one)",
    },
    { name: 'host', value: 'HOST', help: 'address to bind (default 127.0.0.1; anything else belongs behind TLS)' },
    {
      name: 'url',
      value: 'URL',
      help: 'the address people use (https://dit.example.com): links in mail, Secure cookies when https',
    },
    { name: 'smtp', value: 'URL', help: 'send notification mail through this server (smtp://host:port)' },
    { name: 'from', value: 'ADDRESS', help: 'the From address of notification mail' },
    {
      name: 'signup',
      help:
        'let anyone create an account at /-/signup (off by default; also on /-/admin): it reads public repositories ' +
        'until granted more; with --smtp it works once the mailed link is followed',
    },
    {
      name: 'signup-limit',
      value: 'KIND=N',
      repeat: true,
      help:
        'a sign-up limit per hour: address=N from one client address (default 5), email=N mails to one address (3), ' +
        'hour=N in all (100), waiting=N sign-ups waiting for their link (1000); kept across restarts',
    },
    {
      name: 'webhook-allow',
      value: 'CIDR',
      repeat: true,
      help: 'let webhooks reach this loopback, link-local or private range (refused by default), e.g. 10.1.0.0/16',
    },
    {
      name: 'gravatar',
      help: 'avatars from Gravatar (default: initials drawn locally, no request; per repository: `git config dit.gravatar true`)',
    },
  ],
  more: subcommandList('server', SUBCOMMANDS),
};

/** The subcommand's words as typed (`user add`), for messages. */
const subOf = (p: Parsed): string => p.positionals.slice(0, SUBCOMMANDS[p.positionals[0] ?? ''] ? 1 : 2).join(' ');

function rootOf(p: Parsed): string {
  const root = one(p, 'root') ?? process.env.DIT_SERVER_ROOT;
  if (!root)
    throw usage(
      'say which server root with --root DIR (or set DIT_SERVER_ROOT); create one with `dit server init --root DIR`',
    );
  return resolve(root);
}

function readPassword(p: Parsed, ctx: Context): { password: string; madeUp: boolean } {
  if (!p.flags.has('password-stdin')) return { password: newPassword(), madeUp: true };
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch {
    throw usage('--password-stdin: could not read standard input');
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password) throw usage('--password-stdin: the first line of standard input is empty');
  void ctx;
  return { password, madeUp: false };
}

const print = (ctx: Context, p: Parsed, data: unknown, text: () => string) =>
  p.flags.has('json') ? printJson(ctx, data) : ctx.out(text());

function table(rows: string[][]): string {
  if (!rows.length) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 2)))
        .join('')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function need(p: Parsed, n: number, what: string): void {
  if (p.positionals.length < n)
    throw usage(`\`dit server ${subOf(p)}\` needs ${what}; usage: ${SUBCOMMANDS[subOf(p)]?.usage ?? spec.usage}`);
}

async function withAccounts<T>(p: Parsed, fn: (a: Accounts, root: string) => Promise<T> | T): Promise<T> {
  const root = rootOf(p);
  const accounts = Accounts.open(root);
  try {
    return await fn(accounts, root);
  } finally {
    accounts.close();
  }
}

async function init(p: Parsed, ctx: Context): Promise<void> {
  const root = rootOf(p);
  const name = one(p, 'admin') ?? 'admin';
  const accounts = Accounts.open(root, true);
  try {
    if (accounts.users().length)
      throw new DitError('exists', `${root} has accounts already; add more with \`dit server user add\``);
    const { password, madeUp } = readPassword(p, ctx);
    const user = await accounts.addUser(name, password, { admin: true, email: one(p, 'email') });
    print(
      ctx,
      p,
      { root, admin: user.name, ...(madeUp ? { password } : {}) },
      () =>
        `dit: server root ${root} created with administrator ` +
        `${user.name}\n${madeUp ? `password: ${password}\n(shown once; change it with \`dit server user passwd ${user.name} --password-stdin\`)\n` : ''}` +
        `next: dit server repo create NAME --root ${root}, then dit server --root ${root}\n`,
    );
  } finally {
    accounts.close();
  }
}

async function user(p: Parsed, ctx: Context): Promise<void> {
  const sub = p.positionals[1];
  await withAccounts(p, async (a) => {
    if (sub === 'ls' || sub === undefined) {
      const users = a.users();
      return print(ctx, p, { users }, () =>
        table(users.map((u) => [u.name, u.email || '-', u.admin ? 'admin' : '', u.created.slice(0, 10)])),
      );
    }
    need(p, 3, 'a user name');
    const name = p.positionals[2]!;
    if (sub === 'add') {
      const { password, madeUp } = readPassword(p, ctx);
      const u = await a.addUser(name, password, { email: one(p, 'email'), admin: p.flags.has('admin') });
      return print(
        ctx,
        p,
        { user: u, ...(madeUp ? { password } : {}) },
        () => `${u.name}\n${madeUp ? `password: ${password} (shown once)\n` : ''}`,
      );
    }
    if (sub === 'rm') {
      a.removeUser(name);
      return ctx.out(`removed ${name}\n`);
    }
    if (sub === 'passwd') {
      const { password, madeUp } = readPassword(p, ctx);
      const revoked = p.flags.has('revoke-tokens') ? a.tokens(name).length : 0;
      await a.setPassword(name, password, { revokeTokens: p.flags.has('revoke-tokens') });
      return print(
        ctx,
        p,
        { user: name, revokedTokens: revoked, ...(madeUp ? { password } : {}) },
        () =>
          `password of ${name} changed${madeUp ? `: ${password} (shown once)` : ''}\n` +
          (p.flags.has('revoke-tokens') ? `revoked ${revoked} token${revoked === 1 ? '' : 's'}\n` : ''),
      );
    }
    if (sub === 'edit') {
      if (p.flags.has('admin') && p.flags.has('no-admin')) throw usage('--admin and --no-admin contradict each other');
      const admin = p.flags.has('admin') ? true : p.flags.has('no-admin') ? false : undefined;
      if (admin === false && a.user(name).admin && a.users().filter((u) => u.admin).length === 1)
        throw usage(`${name} is the last administrator`);
      const u = a.updateUser(name, { email: one(p, 'email'), admin });
      return print(ctx, p, { user: u }, () => `${u.name}\n`);
    }
    throw usage(`unknown subcommand "user ${sub}"; use add, ls, rm, passwd or edit`);
  });
}

async function repo(p: Parsed, ctx: Context): Promise<void> {
  const sub = p.positionals[1];
  await withAccounts(p, async (a, root) => {
    if (sub === 'ls' || sub === undefined) {
      const repos = (await listRepos(root)).map((name) => ({ ...a.repoSettings(name), path: `${root}/${name}.git` }));
      return print(ctx, p, { repos }, () =>
        table(repos.map((r) => [r.name, r.public ? 'public' : 'private', r.description])),
      );
    }
    need(p, 3, sub === 'import' ? 'a path or URL' : 'a repository name');
    const arg = p.positionals[2]!;
    const description = one(p, 'description');
    if (sub === 'create' || sub === 'import') {
      const name = sub === 'import' ? (one(p, 'name') ?? basename(arg.replace(/\/+$/, '')).replace(/\.git$/, '')) : arg;
      const r = await createRepo(a, root, name, {
        public: p.flags.has('public'),
        description,
        from: sub === 'import' ? arg : undefined,
      });
      return print(ctx, p, { repo: r }, () => `${r.name} (${r.path})\n`);
    }
    if (sub === 'rm') {
      await removeRepo(a, root, arg);
      return ctx.out(`removed ${checkRepoName(arg)}\n`);
    }
    if (sub === 'edit') {
      const name = checkRepoName(arg);
      if (!findRepo(root, name)) throw new DitError('not-found', `no repository ${name}; see \`dit server repo ls\``);
      if (p.flags.has('public') && p.flags.has('private')) throw usage('--public and --private contradict each other');
      a.setRepo(name, {
        public: p.flags.has('public') ? true : p.flags.has('private') ? false : undefined,
        description,
      });
      const r = a.repoSettings(name);
      return print(
        ctx,
        p,
        { repo: r },
        () => `${r.name}: ${r.public ? 'public' : 'private'}${r.description ? `, ${r.description}` : ''}\n`,
      );
    }
    throw usage(`unknown subcommand "repo ${sub}"; use create, import, ls, rm or edit`);
  });
}

async function grant(p: Parsed, ctx: Context): Promise<void> {
  need(p, 4, 'a user, a repository and a permission');
  const [, who, repoName, level] = p.positionals as [string, string, string, string];
  if (!(LEVELS as readonly string[]).includes(level))
    throw usage(`"${level}" is not a permission; use none, read, write or admin`);
  await withAccounts(p, (a, root) => {
    const name = checkRepoName(repoName);
    if (!findRepo(root, name)) throw new DitError('not-found', `no repository ${name}; see \`dit server repo ls\``);
    a.grant(who, name, level as Level);
    ctx.out(`${who}: ${level} on ${name}\n`);
  });
}

async function token(p: Parsed, ctx: Context): Promise<void> {
  const sub = p.positionals[1];
  need(p, 3, 'a user name');
  const who = p.positionals[2]!;
  await withAccounts(p, (a) => {
    if (sub === 'ls') {
      const tokens = a.tokens(who);
      return print(ctx, p, { tokens }, () =>
        table(
          tokens.map((t) => [
            t.name,
            `${t.hint}...`,
            t.scopes.join(','),
            t.created.slice(0, 10),
            t.lastUsed ? `used ${t.lastUsed.slice(0, 10)}` : 'never used',
          ]),
        ),
      );
    }
    const name = one(p, 'name') ?? p.positionals[3];
    if (sub === 'add') {
      const scopes = many(p, 'scope').flatMap((x) => x.split(','));
      const { token: secret, row } = a.addToken(who, name ?? `token-${new Date().toISOString().slice(0, 10)}`, scopes);
      return print(ctx, p, { token: secret, ...row }, () => `${secret}\n`);
    }
    if (sub === 'rm') {
      if (!name) throw usage('say which token with --name NAME (see `dit server token ls USER`)');
      a.removeToken(who, name);
      return ctx.out(`revoked ${who}'s token ${name}\n`);
    }
    throw usage(`unknown subcommand "token ${sub}"; use add, ls or rm`);
  });
}

async function key(p: Parsed, ctx: Context): Promise<void> {
  const sub = p.positionals[1];
  const { addKey, allKeys, keysOf, removeKey } = await import('../../server/keys.js');
  await withAccounts(p, async (a) => {
    if (sub === 'ls') {
      const who = p.positionals[2];
      const keys = who ? keysOf(a, who) : allKeys(a);
      return print(ctx, p, { keys: keys.map(({ public: _, ...k }) => k) }, () =>
        table(
          keys.map((k) => [
            String(k.id),
            ...(who ? [] : [k.user]),
            k.format,
            k.fingerprint,
            k.title,
            k.created.slice(0, 10),
            k.lastUsed ? `used ${k.lastUsed.slice(0, 10)}` : 'never used',
          ]),
        ),
      );
    }
    if (sub === 'add') {
      need(p, 4, 'a user name and a key file (or - for standard input)');
      const file = p.positionals[3]!;
      let text: string;
      try {
        text = readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (err) {
        throw new DitError('not-found', `cannot read ${file} (${(err as Error).message})`, { path: file });
      }
      const k = await addKey(a, p.positionals[2]!, text, one(p, 'title'));
      const { public: _, ...shown } = k;
      return print(ctx, p, { key: shown }, () => `added ${k.format} key ${k.fingerprint} to ${k.user}\n`);
    }
    if (sub === 'rm') {
      need(p, 4, 'a user name and a key fingerprint (or its number in `key ls`)');
      const k = await removeKey(a, p.positionals[2]!, p.positionals[3]!);
      return ctx.out(`removed ${k.format} key ${k.fingerprint} from ${k.user}\n`);
    }
    throw usage(`unknown subcommand "key ${sub ?? ''}"; use add, ls or rm`);
  });
}

async function authorizedKeysCmd(p: Parsed, ctx: Context): Promise<void> {
  const { authorizedKeys } = await import('../../server/ssh-shell.js');
  // sshd runs this command itself: name node and dit by absolute path
  const dit = [process.execPath, resolve(process.argv[1] ?? 'dit')];
  await withAccounts(p, (a) => ctx.out(authorizedKeys(a, dit, p.positionals[1])));
}

async function sshShellCmd(p: Parsed): Promise<number> {
  need(p, 2, 'the number of the key sshd authorized (authorized-keys puts it there)');
  const { sshShell } = await import('../../server/ssh-shell.js');
  return sshShell(rootOf(p), p.positionals[1]!, process.env, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

async function start(p: Parsed, ctx: Context): Promise<number> {
  const root = rootOf(p);
  const port = Number(one(p, 'port') ?? 4921);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw usage(`--port needs a number from 0 to 65535, not "${one(p, 'port')}"`);
  const host = one(p, 'host') ?? '127.0.0.1';
  const sshText = one(p, 'ssh-port');
  const sshPort = sshText === undefined ? undefined : Number(sshText);
  if (sshPort !== undefined && (!Number.isInteger(sshPort) || sshPort < 0 || sshPort > 65535))
    throw usage(`--ssh-port needs a number from 0 to 65535, not "${sshText}"`);
  const { startHosting } = await import('../../server/start.js');
  const { parseCidr } = await import('../../server/webhook-targets.js');
  for (const range of many(p, 'webhook-allow')) parseCidr(range); // a typo is refused before anything starts
  const { parseSignupLimits } = await import('../../server/signups.js');
  const signupLimits = parseSignupLimits(many(p, 'signup-limit'));
  const running = await startHosting({
    root,
    host,
    port,
    url: one(p, 'url'),
    smtp: one(p, 'smtp'),
    from: one(p, 'from'),
    gravatar: p.flags.has('gravatar'),
    webhookAllow: many(p, 'webhook-allow'),
    signup: p.flags.has('signup'),
    signupLimits,
    sshPort,
    log: ctx.err,
  }).catch(bindError(host, sshPort === undefined ? port : `${port} or ${sshPort}`));
  if (isPublic(host)) {
    ctx.err(
      `warning: listening on ${host}: other machines can reach this server. Put it behind TLS (a reverse proxy) and pass --url https://...\n`,
    );
  }
  if (running.ssh) {
    const at = new URL(running.url);
    ctx.out(
      `dit: git over SSH at ssh://git@${at.hostname}:${running.ssh.port}/ (host key ${running.ssh.fingerprint})\n`,
    );
  }
  if (p.flags.has('signup')) {
    ctx.out(`dit: anyone may create an account at ${running.hosting.baseUrl}-/signup\n`);
    if (!one(p, 'smtp'))
      ctx.err('warning: --signup without --smtp: new accounts work at once, their email addresses unconfirmed\n');
  }
  ctx.out(`dit: hosting ${root} at ${running.url}\n(Ctrl-C to stop)\n`);
  await untilStopped();
  // a stop always ends the process: whatever still runs 10 s later (a stuck push, a mail that never
  // answers) is cut off rather than left holding the port
  setTimeout(() => {
    ctx.err('dit: still busy 10 s after the stop signal; exiting anyway\n');
    process.exit(1);
  }, 10_000).unref();
  await running.close();
  return 0;
}

/** `--admin` names the first administrator for init, and is a flag everywhere else. */
function specFor(argv: readonly string[]): CommandSpec {
  if (argv[0] !== 'init') return spec;
  return { ...spec, options: spec.options.map((o) => (o.name === 'admin' ? { ...o, value: 'NAME' } : o)) };
}

const serverCmd: Command = {
  spec,
  specFor,
  help: (p) => subcommandHelp('server', SUBCOMMANDS, p),
  run: (p, ctx) => dispatch('server', SUBCOMMANDS, p, ctx),
};

export const commands: Record<string, Command> = { server: serverCmd };
