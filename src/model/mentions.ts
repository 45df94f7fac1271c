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

/** One ticket named in a commit message; `prefix` is still to be resolved against known ids. */
export interface MessageRef {
  prefix: string;
  action: Keyword;
}

const CLOSING = /\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s+((?:#[0-9a-f]{7,40}\b[ \t,]*(?:and[ \t]+)?)+)/gi; // ids on the same line
const HASH_REF = /(^|[^\w&/])#([0-9a-f]{7,40})\b/gi;
/** git's revert line, or the first line `hg backout` writes. */
const REVERT = /(?:This reverts commit|Backed out changeset) ([0-9a-f]{7,64})/i;
const REVERT_MERGE = /This reverts commit ([0-9a-f]{7,64}),\s+reversing\s+changes made to ([0-9a-f]{7,64})/i;
/** What `git cherry-pick -x` and `hg graft --log` write. */
const PICKED = /\((?:cherry picked from commit|grafted from) ([0-9a-f]{7,64})\)/gi;

/**
 * Reads a commit message: `fixes #id` / `closes #id` / `resolves #id` (any case, several ids allowed)
 * close, `refs #id` or a bare `#id` references. Ids are hex prefixes of at least seven characters.
 */
export function parseCommitMessage(message: string): MessageRef[] {
  const found = new Map<string, Keyword>();
  for (const m of message.matchAll(CLOSING)) {
    for (const h of m[1]!.matchAll(/#([0-9a-f]{7,40})/gi)) found.set(h[1]!.toLowerCase(), 'fixes');
  }
  for (const m of message.matchAll(HASH_REF)) {
    const prefix = m[2]!.toLowerCase();
    if (!found.has(prefix)) found.set(prefix, 'refs');
  }
  return [...found].map(([prefix, action]) => ({ prefix, action }));
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
