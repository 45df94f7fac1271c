// Ticket templates of a view: `.dit/templates/*.md` in the working tree, or in the tree of the branch viewed.
import { constants } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DitError } from '../../errors.js';
import { parseTemplate, type TicketTemplate } from '../../model/template.js';
import { linkError, linkOn } from '../../vcs/no-links.js';
import type { Store } from '../store.js';
import { DIT_DIR } from '../view/journals.js';
import type { View } from '../view/view.js';

export const TEMPLATES_DIR = `${DIT_DIR}/templates`;
const NAME = /^([A-Za-z0-9][A-Za-z0-9._-]*)\.md$/;
const MAX_BYTES = 64 * 1024;
const MAX_FILES = 50;

/** The view's templates, and the template files refused because they are symbolic links. */
export interface Templates {
  templates: TicketTemplate[];
  links: string[];
}

/**
 * The view's templates, by file name; the working tree's are read from disk, so a template being
 * written counts at once. A symbolic link is never followed (`x.md -> /etc/passwd` would show that
 * file): on disk links are left out, in a commit's tree only plain files are read.
 */
export async function ticketTemplates(store: Store, view: View): Promise<Templates> {
  const files: { key: string; text: string }[] = [];
  const links: string[] = [];
  const top = store.vcs.worktree;
  if (view.spec.kind === 'worktree' && top) {
    const folder = await linkOn(top, TEMPLATES_DIR);
    if (folder) return { templates: [], links: [folder] };
    const dir = join(top, TEMPLATES_DIR);
    const names = (await readdir(dir).catch(() => [] as string[]))
      .filter((n) => NAME.test(n))
      .sort()
      .slice(0, MAX_FILES);
    for (const n of names) {
      const st = await lstat(join(dir, n)).catch(() => null);
      if (st?.isSymbolicLink()) links.push(`${TEMPLATES_DIR}/${n}`);
      if (!st?.isFile() || st.size > MAX_BYTES) continue;
      const text = await readFile(join(dir, n), {
        encoding: 'utf8',
        flag: constants.O_RDONLY | constants.O_NOFOLLOW,
      }).catch(() => null);
      if (text !== null && text.length <= MAX_BYTES) files.push({ key: NAME.exec(n)![1]!, text });
    }
  } else {
    const { commit } = await view.roots();
    const dir = commit ? await store.vcs.dirAt(commit, TEMPLATES_DIR) : null;
    const tree = dir ? await store.vcs.readDir(dir) : null;
    for (const e of (tree?.entries ?? []).filter((x) => NAME.test(x.name)).slice(0, MAX_FILES)) {
      if (e.link) links.push(`${TEMPLATES_DIR}/${e.name}`);
      if (e.dir || e.link) continue;
      const data = await store.vcs.readFile(e.key);
      if (data && data.length <= MAX_BYTES) files.push({ key: NAME.exec(e.name)![1]!, text: data.toString('utf8') });
    }
  }
  return { templates: files.map((f) => parseTemplate(f.key, f.text)), links };
}

/** One template by its file name (or its `name:`), or an error listing the ones there are. */
export function pickTemplate({ templates: all, links }: Templates, wanted: string): TicketTemplate {
  const t = all.find((x) => x.key === wanted) ?? all.find((x) => x.name.toLowerCase() === wanted.toLowerCase());
  if (t) return t;
  const link = links.find((l) => l === `${TEMPLATES_DIR}/${wanted}.md` || !l.startsWith(`${TEMPLATES_DIR}/`));
  if (link) throw linkError(link, 'read');
  const known = all.length
    ? `templates here: ${all.map((x) => x.key).join(', ')}`
    : `there are none yet; add one as ${TEMPLATES_DIR}/${wanted}.md`;
  throw new DitError('not-found', `no ticket template "${wanted}" (${known})`, { name: wanted });
}
