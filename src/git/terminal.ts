// What git would use on a terminal: the editor, the pager, the comment character, whether to colour.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import { getConfig } from './config.js';
import { configFiles, configMayMention } from './config-files.js';
import type { Git } from './repo.js';

const CACHE = 'terminal-v1.json';

/**
 * What git's answers about colour and the pager depend on: the config files git reads (their size, time and
 * inode) and the environment that overrides them. Null when a file changed too recently to tell by its time (racy, as git says of its index).
 */
export function configStamp(git: Pick<Git, 'env' | 'gitDir'>): string | null {
  const env = git.env;
  const files = configFiles(git);
  const now = Date.now();
  const parts: string[] = [];
  for (const f of files) {
    const st = statSync(f, { throwIfNoEntry: false });
    if (st && now - st.mtimeMs < 100) return null; // a change in the same clock tick could go unseen
    parts.push(st ? `${f}:${st.size}:${st.mtimeMs}:${st.ino}` : `${f}:-`);
  }
  for (const k of ['GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_PAGER', 'PAGER', 'TERM', 'GIT_CONFIG'])
    parts.push(`${k}=${env[k] ?? ''}`);
  return parts.join('\n');
}

/**
 * An answer git gives about the terminal, remembered in .git/dit/ by the config files' stamp, so a warm
 * command starts no git process for it. Deleting the file only costs one `git config` next time.
 */
async function cachedAnswer<T extends string | boolean>(git: Git, key: string, ask: () => Promise<T>): Promise<T> {
  const stamp = configStamp(git);
  const file = join(git.gitDir, 'dit', CACHE);
  let saved: { stamp?: string; answers?: Record<string, unknown> } = {};
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    /* none yet, or unreadable: ask */
  }
  const known = saved.stamp === stamp ? saved.answers?.[key] : undefined;
  if (stamp && (typeof known === 'string' || typeof known === 'boolean')) return known as T;
  const answer = await ask();
  if (stamp) {
    try {
      mkdirSync(join(git.gitDir, 'dit'), { recursive: true });
      const answers = saved.stamp === stamp ? { ...saved.answers, [key]: answer } : { [key]: answer };
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ stamp, answers }));
      renameSync(tmp, file);
    } catch {
      /* a read-only repository: ask again next time */
    }
  }
  return answer;
}

/** The editor git would run: GIT_EDITOR, core.editor, VISUAL, EDITOR, then vi (git's own order, asked of git). */
export async function editorCommand(git: Git): Promise<string> {
  const r = await git.run(['var', 'GIT_EDITOR'], { okCodes: [128] });
  const cmd = r.stdout.toString('utf8').trim();
  if (r.code !== 0 || !cmd) {
    throw new DitError(
      'usage',
      'no editor to write the text in; set one with `git config --global core.editor nano` (or GIT_EDITOR), or give the text with -m',
    );
  }
  return cmd;
}

/** The pager git would run: GIT_PAGER, core.pager, PAGER, then less. Empty or `cat` means none. */
export async function pagerCommand(git: Git): Promise<string> {
  return cachedAnswer(git, 'pager', async () => {
    const r = await git.run(['var', 'GIT_PAGER'], { okCodes: [128] });
    return r.code === 0 ? r.stdout.toString('utf8').trim() : 'less';
  });
}

/**
 * What git's `pager.<cmd>` says for command `cmd`, read as git reads it: a boolean turns paging on or off,
 * any other text is the pager to use (and turns it on); null when it is not set.
 */
export async function pagerSetting(git: Git, cmd: string): Promise<boolean | string | null> {
  if (configMayMention(git, /pager/i) === false) return null;
  const answer = await cachedAnswer(git, `pager.${cmd}`, async () => {
    const r = await git.run(['config', '--type=bool-or-str', '--get', `pager.${cmd}`], { okCodes: [1, 128] });
    if (r.code !== 0) return '';
    const v = r.stdout.toString('utf8').replace(/\n$/, '');
    return v === 'true' ? true : v === 'false' ? false : v;
  });
  return answer === '' ? null : answer;
}

/** `core.commentChar` (`auto` and unset mean `#`). */
export async function commentChar(git: Git): Promise<string> {
  const c = await getConfig(git, 'core.commentChar');
  return c && c !== 'auto' ? c[0]! : '#';
}

/** What `color.dit` (falling back to `color.ui`) says for output that is or is not a terminal. */
export async function colorConfig(git: Git, tty: boolean): Promise<boolean> {
  // no config says anything of colour: git's default (color.ui=auto), without a git process per command
  if (configMayMention(git, /color/i) === false) return tty;
  // one that does: git's answer, remembered until a config file changes
  return cachedAnswer(git, tty ? 'color-tty' : 'color-pipe', async () => {
    const r = await git.run(['config', '--get-colorbool', 'color.dit', tty ? 'true' : 'false'], {
      okCodes: [1, 128],
    });
    return r.code === 0 && r.stdout.toString('utf8').trim() === 'true';
  });
}

/**
 * Whether git colours output (a terminal's or a pipe's) as far as known without a git process: git's
 * default when no config mentions colour, else the answer remembered for these config files; null when
 * only git can tell.
 */
export function knownColor(git: Pick<Git, 'env' | 'gitDir'>, tty: boolean): boolean | null {
  if (configMayMention(git, /color/i) === false) return tty;
  const stamp = configStamp(git);
  if (!stamp) return null;
  try {
    const saved = JSON.parse(readFileSync(join(git.gitDir, 'dit', CACHE), 'utf8')) as {
      stamp?: string;
      answers?: Record<string, unknown>;
    };
    const known = saved.stamp === stamp ? saved.answers?.[tty ? 'color-tty' : 'color-pipe'] : undefined;
    return typeof known === 'boolean' ? known : null;
  } catch {
    return null;
  }
}
