// Plain-text rendering of a proposal's line comments by file (`dit show ID --lines`).
import { shortId } from '../model/ids.js';
import type { Comment } from '../model/ticket.js';
import type { PlacedThread } from '../patchsets/line-comments.js';
import { type Paint, PLAIN } from './paint.js';

const oneLine = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, ' ');
const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
const indent = (text: string, by: string): string =>
  text
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ')
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');

/** Where a thread is on the revision shown: its line there, or above the file when its line is gone. */
function place(th: PlacedThread): string {
  const a = th.root.anchor!;
  const side = th.at.side === 'old' ? ' (old side)' : '';
  const made = `line ${a.line} on patchset ${a.patchset} revision ${a.revision}`;
  if (!th.at.outdated) return `line ${th.at.line}${side}`;
  if (th.at.line === null)
    return `above the file: outdated, its line is gone (${made}${a.path !== th.at.path ? ` of ${a.path}` : ''})`;
  if (th.at.line === a.line && th.at.path === a.path)
    return `line ${th.at.line}${side}: outdated, made on patchset ${a.patchset} revision ${a.revision}`;
  return `line ${th.at.line}${side}: outdated, moved from ${made}${a.path !== th.at.path ? ` of ${a.path}` : ''}`;
}

function comment(c: Comment, paint: Paint, by: string): string {
  const head = `${by}${paint.bold(oneLine(c.author.name || c.author.email))} ${paint.dim(`${day(c.time)} [${shortId(c.id)}]`)}`;
  return `${head}\n${indent(c.deleted ? '(this comment was deleted)' : c.body, `${by}  `)}\n`;
}

/** Files in order, each thread at its place with the code it quotes when outdated, then its comments. */
export function renderLineComments(
  title: string,
  at: { number: number; revision: number },
  files: readonly { path: string; threads: readonly PlacedThread[] }[],
  paint: Paint = PLAIN,
): string {
  let out = `${oneLine(title)} · line comments on patchset ${at.number} revision ${at.revision}\n`;
  if (!files.length) return `${out}\nno line comments (dit comment ID --line PATH:LINE TEXT writes one)\n`;
  for (const f of files) {
    out += `\n${paint.bold(oneLine(f.path))}\n`;
    for (const th of f.threads) {
      out += `  ${place(th)}\n`;
      if (th.at.outdated) for (const l of th.root.anchor!.context) out += `  ${paint.dim(`│ ${oneLine(l)}`)}\n`;
      for (const c of [th.root, ...th.replies]) out += comment(c, paint, '    ');
    }
  }
  return out;
}
