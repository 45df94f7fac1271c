// What text says about people and tickets: `@name` mentions and `fixes #id` keywords in commit messages.

const MENTION = /(^|[^\w.@`])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/g;

/** `@name` mentions in prose, skipping emails (a@b.c) and inline code spans. */
export function extractMentions(text: string): string[] {
  const out = new Set<string>();
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const m of prose.matchAll(MENTION)) out.add(m[2]!);
  return [...out];
}

export type Keyword = 'fixes' | 'refs';

/**
 * One ticket named in a commit message, still to be resolved: a hex `prefix` (a dit id, or an imported
 * one's hex id), an original `number` of the tracker the tickets came from (in `system` when the form
 * says which: `GH-54`, a GitHub or Gitblit URL), or both for a run of digits long enough to be either.
 */
export interface MessageRef {
  prefix?: string;
  number?: number;
  system?: string;
  action: Keyword;
}
export type TicketRef = Omit<MessageRef, 'action'>;

// a reference as written: `#<hex id>`, `#54`, `ticket-54`, `issue-54`, `GH-54`, or a tracker's URL
const REF = String.raw`#[0-9a-f]{7,40}\b|#\d{1,9}\b|(?:ticket|issue|gh)-\d{1,9}\b|https?://[^\s<>()"'\]]+`;
const CLOSING = new RegExp(
  String.raw`\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s+((?:(?:${REF})[ \t,]*(?:and[ \t]+)?)+)`,
  'gi',
); // refs on the same line
// not inside a word, an HTML entity (`&#39;`), a URL fragment (`page#3`) or a cross-repository `owner/repo#3`
const ANY_REF = new RegExp(String.raw`(^|[^\w&/#-])(${REF})`, 'gi');
const GITHUB_URL = /^https?:\/\/([^/\s]+)\/[^/\s]+\/[^/\s]+\/(?:issues|pull|pulls)\/(\d{1,9})(?:[/?#]\S*)?$/i;
const GITBLIT_URL = /^https?:\/\/[^\s]*\/tickets(?:\/[^?#\s]+\/(\d{1,9})\/?|\/?\?(?:[^#\s]*&)?h=(\d{1,9})(?:&\S*)?)$/i;
/** git's revert line, or the first line `hg backout` writes. */
const REVERT = /(?:This reverts commit|Backed out changeset) ([0-9a-f]{7,64})/i;
const REVERT_MERGE = /This reverts commit ([0-9a-f]{7,64}),\s+reversing\s+changes made to ([0-9a-f]{7,64})/i;
/** What `git cherry-pick -x` and `hg graft --log` write. */
const PICKED = /\((?:cherry picked from commit|grafted from) ([0-9a-f]{7,64})\)/gi;

/**
 * What one written reference names, or null: `#abc1234` a hex prefix, `#54` / `ticket-54` / `issue-54` a
 * number of any tracker, `GH-54` and github.com URLs a GitHub number, Gitblit's `/tickets/<repo>/54` and
 * `/tickets/?r=<repo>&h=54` a Gitblit number. Seven to nine digits are both a number and a hex prefix.
 */
export function readRef(written: string): TicketRef | null {
  const w = written.trim().replace(/[.,;:!?)\]}>'"]+$/, '');
  if (w.startsWith('#')) {
    const body = w.slice(1).toLowerCase();
    const digits = /^\d{1,9}$/.test(body);
    const hex = /^[0-9a-f]{7,40}$/.test(body);
    if (!digits && !hex) return null;
    return { ...(hex ? { prefix: body } : {}), ...(digits ? { number: Number(body) } : {}) };
  }
  const word = /^(ticket|issue|gh)-(\d{1,9})$/i.exec(w);
  if (word) return { number: Number(word[2]), ...(word[1]!.toLowerCase() === 'gh' ? { system: 'github' } : {}) };
  const gh = GITHUB_URL.exec(w);
  if (gh) return { number: Number(gh[2]), ...(gh[1]!.toLowerCase() === 'github.com' ? { system: 'github' } : {}) };
  const gb = GITBLIT_URL.exec(w);
  if (gb) return { number: Number(gb[1] ?? gb[2]), system: 'gitblit' };
  return null;
}

/** One spelling per reference, so a closing keyword and a plain mention of the same ticket meet. */
export const refKey = (r: TicketRef): string => `${r.prefix ?? ''}|${r.number ?? ''}|${r.system ?? ''}`;

/**
 * Reads a commit message: `fixes` / `closes` / `resolves` (any case, several references allowed on the
 * keyword's line) close, `refs` or a bare reference only references. References are dit's hex ids (seven
 * characters at least) and the habits of the trackers tickets are imported from (see readRef).
 */
export function parseCommitMessage(message: string): MessageRef[] {
  const found = new Map<string, MessageRef>();
  for (const m of message.matchAll(CLOSING)) {
    for (const t of m[1]!.matchAll(new RegExp(REF, 'gi'))) {
      const r = readRef(t[0]);
      if (r) found.set(refKey(r), { ...r, action: 'fixes' });
    }
  }
  for (const m of message.matchAll(ANY_REF)) {
    const r = readRef(m[2]!);
    if (r && !found.has(refKey(r))) found.set(refKey(r), { ...r, action: 'refs' });
  }
  return [...found.values()];
}

/** A closing keyword's target as written, whatever it is (`#b5d8`, `#42`, `#abc1234`), and its line. */
export interface ClosingWord {
  token: string;
  line: string;
}

const CLOSING_ANY = /\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s+((?:#\w+\b[ \t,]*(?:and[ \t]+)?)+)/gi;

/**
 * Every `#word` a closing keyword names, hex or not, long enough or not: what a careful reader of the
 * message would take for a ticket. `dit doctor` and the commit-msg hook compare these with what counts.
 */
export function closingWords(message: string): ClosingWord[] {
  const out: ClosingWord[] = [];
  const seen = new Set<string>();
  for (const m of message.matchAll(CLOSING_ANY)) {
    const start = message.lastIndexOf('\n', m.index!) + 1;
    const end = message.indexOf('\n', m.index!);
    const line = message.slice(start, end < 0 ? undefined : end).trim();
    for (const h of m[1]!.matchAll(/#(\w+)/g)) {
      const token = h[1]!.toLowerCase();
      if (!seen.has(token)) {
        seen.add(token);
        out.push({ token, line });
      }
    }
  }
  return out;
}

/** The shortest id a commit message may use; shorter `#abc` words are too likely to be something else. */
export const MESSAGE_MIN_ID = 7;

/** The commit a `git revert` message says it reverts, if any. */
export function revertedCommit(message: string): string | null {
  return REVERT.exec(message)?.[1]?.toLowerCase() ?? null;
}

/**
 * The merge a `git revert -m N` message says it reverts, and the parent it keeps ("reversing changes made
 * to P"): what the merge brought in is everything reachable from the merge and not from that parent.
 */
export function revertedMerge(message: string): { merge: string; kept: string } | null {
  const m = REVERT_MERGE.exec(message);
  return m ? { merge: m[1]!.toLowerCase(), kept: m[2]!.toLowerCase() } : null;
}

/** The commit `git cherry-pick -x` says this one was picked from (the last such line: the original). */
export function pickedFrom(message: string): string | null {
  let last: string | null = null;
  for (const m of message.matchAll(PICKED)) last = m[1]!.toLowerCase();
  return last;
}
