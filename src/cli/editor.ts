// Writing text in the user's editor, as git does: a buffer with `#` help lines, stripped when it comes back.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { usage } from '../errors.js';
import { commentBlock, stripComments } from '../model/edit-message.js';
import type { Store } from '../store/store.js';

export const EDIT_FILE = 'DIT_EDITMSG';

/** Where the last edited text stays (like COMMIT_EDITMSG), so a failed write loses nothing typed. */
export const editFile = (store: Store): string => join(store.vcs.id, EDIT_FILE);

/**
 * Opens the editor git would use on `initial` with `help` as comment lines below it; returns the text
 * without comments. An editor that fails aborts; an empty text is returned empty (callers abort).
 */
export async function editText(store: Store, initial: string, help: readonly string[]): Promise<string> {
  // git and hg fall back to vi; without a terminal and with no editor chosen, that would wait forever
  const [editor, cc] = await Promise.all([store.vcs.terminal.editor(), store.vcs.terminal.commentChar()]);
  if (!editor.chosen && !process.stdin.isTTY) {
    throw usage(
      'the text is missing and there is no terminal for an editor: `dit new` needs a title, `dit comment` a text; ' +
        `give it (or -m TEXT), or set ${store.vcs.label.editorVariable}`,
    );
  }
  const cmd = editor.command;
  const file = editFile(store);
  await writeFile(
    file,
    `${initial.replace(/\n*$/, '\n')}\n${commentBlock([...help, `Lines starting with '${cc}' are dropped; an empty text aborts and writes nothing.`], cc)}`,
  );
  // as git does: the editor is a shell command, given the file as its argument
  const r = spawnSync('sh', ['-c', `${cmd} "$@"`, cmd, file], {
    stdio: 'inherit',
    cwd: store.vcs.worktree ?? store.vcs.id,
  });
  if (r.error || r.status !== 0) {
    throw usage(
      `the editor (${cmd}) ${r.error ? `could not run: ${r.error.message}` : `exited with status ${r.status}`}; nothing was written`,
    );
  }
  return stripComments(await readFile(file, 'utf8'), cc);
}
