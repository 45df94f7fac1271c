// The query language explained, with examples: for `dit ls --help` and the web help page.
import { PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../model/fields.js';
import { MAX_NESTING, MAX_QUERY_LENGTH, MAX_TERMS } from './limits.js';
import { FUZZY_MIN } from './text.js';
import { SORT_KEYS } from './types.js';

/** Values joined and wrapped to the help's second column. */
function list(values: readonly string[], sep: string): string {
  const lines = [''];
  for (const [i, v] of values.entries()) {
    const piece = v + (i < values.length - 1 ? sep.trimEnd() : '');
    const line = lines[lines.length - 1]!;
    if (line !== '' && line.length + 1 + piece.length > 52) lines.push(piece);
    else lines[lines.length - 1] = line === '' ? piece : `${line} ${piece}`;
  }
  return lines.join(`\n${' '.repeat(29)}`);
}

export function queryHelp(): string {
  return `QUERIES

A query is a list of terms. Terms side by side must all hold; OR, parentheses and
a leading - (NOT) combine them. Side by side binds tighter than OR: a b OR c means
(a b) OR c. Lists show open tickets only, unless the query speaks of the state
(is:closed, status:fixed, -is:open) or all or closed tickets are asked for.

  crash save                 tickets whose text has both words
  "crash on save"            ...the exact phrase, words in this order
  is:open label:regression milestone:"2.4" responsible:me sort:created-desc
  type:bug OR type:task      either type
  -label:wontfix             not labelled wontfix
  -(type:bug OR type:task)   neither bugs nor tasks
  is:open (crash OR hang) -"known issue"

TEXT
  Free words and "quoted phrases" search the title, the description and the
  comments. Words are letters and digits; case and accents do not matter.
  A word matches a whole word of the text; a word of ${FUZZY_MIN} or more letters also
  matches a word one typo away (a letter added, dropped, changed, or two
  neighbours swapped: "recieve" finds "receive"). When the query's last text is
  a word, not a phrase, it also matches the start of a word ("sav" finds
  "saving"). A phrase matches its words exactly, next to each other, in one
  field. Results with words are ranked by relevance: the title counts more than
  the description, which counts more than the comments. Words with inner
  punctuation (e-mail) search as a phrase.
  OR (in capitals) separates alternatives; AND (in capitals) may be written but is
  the default. To search for a word such as OR, or text with a colon, quote it.

QUALIFIERS
  is:open / is:closed        open (new, open) or in any closing status
  is:merged, is:proposal     any status or type also works: is:fixed, is:bug
  is:pr / is:issue           as on GitHub: is:pr is a ticket with commits (a
                             patchset) or of type proposal; is:issue the others
  state:open / state:closed  GitHub's spelling of is:open / is:closed
  reason:R                   why it was closed, as on GitHub: completed (resolved,
                             fixed, merged, closed), "not planned" (wontfix,
                             declined, invalid, abandoned, on-hold,
                             no-change-required), duplicate: reason:completed
  status:S                   ${list(STATUSES, ', ')}
  type:T                     ${list(TYPES, ', ')}
  priority:P                 ${list(PRIORITIES, ' < ')}
                             priority:>=high, priority:<urgent, priority:low..high
                             (also >, <=, =)
  severity:S                 ${list(SEVERITIES, ' < ')}
                             compared like priority
  label:L  -label:L          has (or lacks) the label; label names ignore case
  milestone:M  topic:T       milestone:"2.4", topic:storage (case ignored)
  no:label  no:milestone  no:topic  no:responsible (also no:assignee)
  origin:N                   imported tickets by their original number (origin:42),
                             system (origin:github) or both (origin:gitblit#42)
  author:P  responsible:P (alias assignee:)
  mentions:P  watched-by:P  participant:P
  involves:P                 author, responsible, mentioned or wrote an entry
                             (GitHub's involves:)
                             P is a name, an email or the part of the email
                             before the @ (case ignored, a leading @ dropped);
                             me means you (the configured user); write "me"
                             for someone called me
  created:D  updated:D       D is YYYY-MM-DD (a whole day, UTC) or an ISO time
                             (2026-01-31T12:00:00Z); created:>2026-01-01,
                             updated:<=2026-06-01, created:2026-01-01..2026-03-31
                             (both ends included); * leaves an end open:
                             created:2026-01-01..*
  comments:N  votes:N        comments:>5, comments:0, votes:>=3, comments:2..10
  id:PREFIX                  tickets whose id starts with PREFIX: id:3f9a
                             (a leading # is dropped)
  fixed-in:REV               tickets whose fix tag, branch or commit REV contains
                             (a fixes commit or a close committed there):
                             fixed-in:v2.4.0 -fixed-in:v2.3.1
  has:patchset               tickets with commits (a proposal or any ticket pushed to);
                             no:patchset the others; GitHub's linked:pr means
                             the same, since a pull request's commits are the
                             ticket's own patchset here
  review:R                   what the current revision's reviews say: approved,
                             vetoed, needs-work, looks-good, none (stale ones
                             do not count)
  target:B                   patchsets that target branch B: target:main
                             (is:proposal and is:merged also work; merged is
                             per branch, like every status)
  in:title  in:body  in:comments
                             search the words of the query in these fields only
                             (in:title,body for two); like sort:, it speaks of
                             the whole query: in:title crash save
  branch:B                   search the tickets as branch B has them
                             (chooses the view; not a filter)
  sort:K                     ${list(SORT_KEYS, ', ')}
                             default: relevance when the query has words, else
                             created-desc (newest first); ties go to the newer
                             ticket, then to the lower id; GitHub's sort:created,
                             sort:updated, sort:comments also work

REPEATING A QUALIFIER
  Within one group of side-by-side terms, repeating a single-valued field means
  either value: type:bug type:task lists bugs and tasks, author:ann author:bob
  lists tickets by either. Comparisons narrow instead: priority:>=normal
  priority:<urgent is normal or high; created:>=2026-01-01 created:<2026-02-01
  is January. Labels and the people sets (mentions:, watched-by:, participant:)
  mean all of them: label:ui label:regression needs both labels. Write
  (label:ui OR label:regression) for either. A negated term (-type:bug) or a
  term in parentheses is never merged: -type:bug -type:task excludes both.

VALUES
  Values are not checked against the repository: a label nobody uses, or an
  unknown person, simply matches nothing. Fixed lists (is:, status:, type:,
  priority:, severity:, no:, sort:) must name one of their values. Put values
  with spaces or parentheses in double quotes: label:"good first issue".
  In a shell, put the whole query in single quotes so that the double quotes
  reach dit: dit ls 'label:"good first issue" "crash on save"'.

LIMITS
  A query holds at most ${MAX_TERMS} terms (words, phrases and qualifiers), nests
  parentheses and - at most ${MAX_NESTING} deep, and is at most ${MAX_QUERY_LENGTH} characters long.
`;
}
