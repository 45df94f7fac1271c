// Bench: signed entries (issue 22). `dit comment` with SSH signing against without (whole processes,
// paired and interleaved); `dit show` of a ticket with 100 signed entries, cold and warm; a push of 1,000
// new signed entries through `dit server`'s strict rule against the same push with `dit.verify false`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryId, serialize } from '../src/model/entry-file.js';
import { withSignature } from '../src/model/trust/signed-entry.js';
import { signingConfig } from '../src/model/trust/signing-config.js';
import { Accounts } from '../src/server/accounts.js';
import { addKey } from '../src/server/keys.js';
import { createRepo } from '../src/server/repos.js';
import { startHosting } from '../src/server/start.js';
import { signEntries } from '../src/sign/sign.js';

export interface SigningTimes {
  name: string;
  target: number | null;
  samples: number[];
}

const AUTHOR = { name: 'Ann Bench', email: 'ann@bench.example' };

/** A fresh repository whose author signs with a new ed25519 key, named in git's allowed-signers file. */
function signingRepo(env: NodeJS.ProcessEnv, dir: string): { key: string; pub: string } {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, '..', 'id_ed25519');
  rmSync(key, { force: true });
  rmSync(`${key}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', key]);
  const pub = readFileSync(`${key}.pub`, 'utf8').trim();
  const allowed = join(dir, '..', 'allowed_signers');
  writeFileSync(allowed, `${AUTHOR.email} ${pub}\n`);
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, env });
  git('init', '-q', '-b', 'main');
  git('commit', '-q', '--allow-empty', '-m', 'initial');
  git('config', 'gpg.format', 'ssh');
  git('config', 'user.signingKey', key);
  git('config', 'gpg.ssh.allowedSignersFile', allowed);
  git('config', 'dit.sign', 'true');
  return { key, pub };
}

/** `count` signed comment entries on `ticket`, written into its folder (one ssh-keygen call signs them all). */
async function writeSignedComments(dir: string, ticket: string, key: string, count: number, env: NodeJS.ProcessEnv) {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const canonicals = Array.from({ length: count }, (_, i) =>
    serialize({
      v: 1,
      kind: 'comment',
      ticket,
      clock: 10 + i,
      time: new Date(t0 + i * 1000).toISOString(),
      author: AUTHOR,
      body: `signed bench comment ${i}: ${'lorem ipsum '.repeat(8)}`,
    }),
  );
  const config = {
    ...signingConfig([
      { name: 'gpg.format', value: 'ssh' },
      { name: 'user.signingkey', value: key },
    ]),
    sign: true,
  };
  const sigs = await signEntries(config, canonicals, AUTHOR, env);
  const folder = join(dir, '.dit', 'tickets', ticket);
  canonicals.forEach((c, i) => {
    writeFileSync(join(folder, `${entryId(c)}.json`), withSignature(c, sigs[i]!));
  });
  execFileSync('git', ['add', '-A', '.dit'], { cwd: dir, env }); // dit reads the working tree's staged entries
}

function ditIn(dit: string, dir: string, env: NodeJS.ProcessEnv) {
  return (...argv: string[]): { ms: number; stdout: string } => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [dit, ...argv], { cwd: dir, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`dit ${argv.join(' ')} failed: ${r.stderr}`);
    return { ms, stdout: r.stdout };
  };
}

export async function signingBench(
  dit: string,
  baseEnv: NodeJS.ProcessEnv,
  out: string,
  runs: number,
): Promise<SigningTimes[]> {
  const work = mkdtempSync(join(out, 'signing-'));
  const env = {
    ...baseEnv,
    GIT_AUTHOR_NAME: AUTHOR.name,
    GIT_AUTHOR_EMAIL: AUTHOR.email,
    GIT_COMMITTER_NAME: AUTHOR.name,
    GIT_COMMITTER_EMAIL: AUTHOR.email,
  };
  const rows: SigningTimes[] = [];
  try {
    // 1. dit comment, signed and unsigned, paired: each pair runs both, the order alternating
    const repo = join(work, 'comment', 'repo');
    const { key, pub } = signingRepo(env, repo);
    const run = ditIn(dit, repo, env);
    const id = JSON.parse(run('new', 'Signed bench ticket', '--json').stdout).ticket.id as string;
    for (let i = 0; i < 2; i++) run('comment', id, `warm-up ${i}`); // caches and the page cache
    const signed: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < runs; i++) {
      const one = () => signed.push(run('comment', id, `signed ${i}`, '--sign').ms);
      const two = () => plain.push(run('comment', id, `plain ${i}`, '--no-sign').ms);
      if (i % 2) {
        one();
        two();
      } else {
        two();
        one();
      }
    }
    rows.push({ name: 'signing: dit comment, SSH-signed', target: null, samples: signed });
    rows.push({ name: 'signing: dit comment, unsigned (--no-sign)', target: null, samples: plain });
    rows.push({
      name: '  signing adds, per pair (target: at most 30 ms)',
      target: 30,
      samples: signed.map((s, i) => s - plain[i]!),
    });

    // 2. dit show of a ticket with 100 signed entries: cold (no .git/dit: every signature checked) and warm
    const shown = JSON.parse(run('new', 'A hundred signed entries', '--json').stdout).ticket.id as string;
    await writeSignedComments(repo, shown, key, 99, env);
    const verdicts = JSON.parse(run('show', shown, '--json').stdout).ticket.comments.map(
      (c: { verification: { state: string } }) => c.verification.state,
    ) as string[];
    if (verdicts.length !== 99 || verdicts.some((s) => s !== 'verified'))
      throw new Error(`bench ticket: expected 99 verified comments, got ${verdicts.join(',')}`);
    const cold: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
      rmSync(join(repo, '.git', 'dit'), { recursive: true, force: true });
      cold.push(run('show', shown).ms);
    }
    run('show', shown);
    const warm = Array.from({ length: runs }, () => run('show', shown).ms);
    rows.push({ name: 'signing: show of a ticket with 100 signed entries, cold', target: null, samples: cold });
    rows.push({ name: 'signing: show of a ticket with 100 signed entries, warm', target: 100, samples: warm });

    // 3. a push of 1,000 new signed entries through dit server: the strict rule against dit.verify false
    const root = join(work, 'server');
    mkdirSync(root);
    const accounts = Accounts.open(root, true);
    await accounts.addUser('ann', 'bench-password', { admin: true, email: AUTHOR.email });
    const token = accounts.addToken('ann', 'bench').token;
    await addKey(accounts, 'ann', pub);
    const pairs = Math.max(3, Math.min(runs, 5));
    for (let i = 0; i < pairs; i++) {
      await createRepo(accounts, root, `bench/strict-${i}`);
      const lax = await createRepo(accounts, root, `bench/lax-${i}`);
      execFileSync('git', ['--git-dir', lax.path, 'config', 'dit.verify', 'false']);
    }
    accounts.close();
    const pushing = join(work, 'push', 'repo');
    signingRepo(env, pushing);
    const runP = ditIn(dit, pushing, env);
    const target = JSON.parse(runP('new', 'A thousand signed entries', '--json').stdout).ticket.id as string;
    await writeSignedComments(pushing, target, key, 999, env);
    execFileSync('git', ['commit', '-q', '-m', '1,000 signed entries'], { cwd: pushing, env });
    const count = readdirSync(join(pushing, '.dit', 'tickets', target)).length;
    if (count !== 1000) throw new Error(`bench push: ${count} entry files, not 1000`);
    const host = await startHosting({ root, host: '127.0.0.1', port: 0, log: () => {} });
    const gitEnv = {
      ...env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
    };
    // async: the server runs in this process, so a blocking spawn would starve it
    const push = (repoName: string) =>
      new Promise<number>((resolve, reject) => {
        const t0 = process.hrtime.bigint();
        const child = spawn('git', ['push', '-q', `${host.url}${repoName}.git`, 'HEAD:refs/heads/main'], {
          cwd: pushing,
          env: gitEnv,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          err += c;
        });
        child.on('close', (code) =>
          code === 0
            ? resolve(Number(process.hrtime.bigint() - t0) / 1e6)
            : reject(new Error(`bench push to ${repoName} refused: ${err}`)),
        );
      });
    const strict: number[] = [];
    const relaxed: number[] = [];
    try {
      for (let i = 0; i < pairs; i++) {
        if (i % 2) {
          strict.push(await push(`bench/strict-${i}`));
          relaxed.push(await push(`bench/lax-${i}`));
        } else {
          relaxed.push(await push(`bench/lax-${i}`));
          strict.push(await push(`bench/strict-${i}`));
        }
      }
    } finally {
      await host.close();
    }
    rows.push({ name: 'signing: push of 1,000 signed entries, strict server', target: null, samples: strict });
    rows.push({ name: 'signing: the same push, dit.verify false', target: null, samples: relaxed });
    rows.push({
      name: '  the push rule per entry (strict minus relaxed, / 1,000)',
      target: null,
      samples: strict.map((s, i) => (s - relaxed[i]!) / 1000),
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
