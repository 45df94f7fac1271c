// What git would use on a terminal: the editor, the pager, the comment character, whether to colour.
import { DitError } from '../errors.js';
import { getConfig } from './config.js';
import { configMayMention } from './config-files.js';
import type { Git } from './repo.js';

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
  const r = await git.run(['var', 'GIT_PAGER'], { okCodes: [128] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : 'less';
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
  const r = await git.run(['config', '--get-colorbool', 'color.dit', tty ? 'true' : 'false'], { okCodes: [1, 128] });
  return r.code === 0 && r.stdout.toString('utf8').trim() === 'true';
}
