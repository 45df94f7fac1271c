// git-bug's bugs (refs/bugs/<id>: commits of operation packs, format version 4) turned into dit entries.
// The format, as git-bug writes it (entity/dag/operation_pack.go, entities/bug/op_*.go): each commit's tree
// holds `ops` (a JSON pack {"author":{"id"},"ops":[...]}), `version-4`, `edit-clock-N` and, on the first
// commit, `create-clock-N`. An operation's id is the SHA-256 of its JSON as stored; a bug's id is its create
// operation's; packs are applied in edit-clock order, ties broken by the pack's id.
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { entryId, serialize } from '../entry-file.js';
import { type Author, type EntryOrigin, FORMAT_VERSION, MAX_TEXT, MAX_TITLE } from '../schema.js';
import { SourceProblem } from './source.js';

export const GIT_BUG_FORMAT = 4;

/** git-bug's operation types (entities/bug/operation.go). */
export const OP = {
  create: 1,
  setTitle: 2,
  addComment: 3,
  setStatus: 4,
  labelChange: 5,
  editComment: 6,
  noop: 7,
  setMetadata: 8,
} as const;

const files = v.optional(v.nullable(v.array(v.string())));
const base = {
  timestamp: v.pipe(v.number(), v.integer()),
  nonce: v.optional(v.string()),
  metadata: v.optional(v.nullable(v.record(v.string(), v.string()))),
};
const opSchema = v.variant('type', [
  v.looseObject({ type: v.literal(OP.create), ...base, title: v.string(), message: v.string(), files }),
  v.looseObject({ type: v.literal(OP.setTitle), ...base, title: v.string(), was: v.optional(v.string()) }),
  v.looseObject({ type: v.literal(OP.addComment), ...base, message: v.string(), files }),
  v.looseObject({ type: v.literal(OP.setStatus), ...base, status: v.pipe(v.number(), v.integer()) }),
  v.looseObject({
    type: v.literal(OP.labelChange),
    ...base,
    added: v.optional(v.nullable(v.array(v.string()))),
    removed: v.optional(v.nullable(v.array(v.string()))),
  }),
  v.looseObject({ type: v.literal(OP.editComment), ...base, target: v.string(), message: v.string(), files }),
  v.looseObject({ type: v.literal(OP.noop), ...base }),
  v.looseObject({
    type: v.literal(OP.setMetadata),
    ...base,
    target: v.string(),
    new_metadata: v.optional(v.nullable(v.record(v.string(), v.string()))),
  }),
]);
export type GitBugOp = v.InferOutput<typeof opSchema>;

/** One commit's pack: its clocks, its author's identity id, and each operation with its id. */
export interface Pack {
  commit: string;
  editClock: number;
  createClock: number | null;
  id: string;
  author: string;
  ops: { id: string; op: GitBugOp }[];
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Parses one pack; `raw` are the operations' bytes as stored (their hashes are their ids). */
export function readPack(
  commit: string,
  blob: string,
  raw: string[],
  clocks: { edit: number; create: number | null },
): Pack {
  let pack: unknown;
  try {
    pack = JSON.parse(blob);
  } catch (err) {
    throw new SourceProblem(`commit ${commit.slice(0, 7)}`, `the ops blob is not JSON (${(err as Error).message})`);
  }
  const author = (pack as { author?: { id?: unknown } })?.author?.id;
  if (typeof author !== 'string')
    throw new SourceProblem(`commit ${commit.slice(0, 7)}`, 'the pack names no author identity');
  const ops = raw.map((r, k) => {
    const parsed = v.safeParse(opSchema, JSON.parse(r));
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') ?? '';
      throw new SourceProblem(
        `commit ${commit.slice(0, 7)}, operation ${k + 1}`,
        `${path ? `\`${path}\`: ` : ''}${issue.message}`,
      );
    }
    return { id: sha256(r), op: parsed.output };
  });
  return { commit, editClock: clocks.edit, createClock: clocks.create, id: sha256(blob), author, ops };
}

/** Packs in git-bug's order: edit clock, then pack id. */
export const orderPacks = (packs: Pack[]): Pack[] =>
  [...packs].sort((a, b) => a.editClock - b.editClock || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export interface GitBugStats {
  comments: number;
  edits: number;
  titles: number;
  statuses: number;
  labels: number;
  files: number;
  metadata: number;
}
export const emptyGitBugStats = (): GitBugStats => ({
  comments: 0,
  edits: 0,
  titles: 0,
  statuses: 0,
  labels: 0,
  files: 0,
  metadata: 0,
});

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
const title = (t: string) => {
  const one = t.replace(/\s*[\r\n]+\s*/g, ' ').trim() || '(no title)';
  return one.length > MAX_TITLE ? `${one.slice(0, MAX_TITLE - 1)}…` : one;
};
const text = (t: string) => (t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t);
const label = (l: string) =>
  l
    .replace(/,/g, ' ')
    .replace(/^[\s+-]+/, '')
    .slice(0, 50);

/**
 * A bug's entries: create (title, message, origin git-bug#<id>), then title changes, comments, comment
 * edits (an edit of the create operation changes the description), label changes and status changes.
 */
export function gitBugEntries(
  bugId: string,
  packs: Pack[],
  who: (identity: string) => { author: Author; origin: EntryOrigin },
  warn: (where: string, problem: string) => void,
  stats: GitBugStats,
): { create: Record<string, unknown>; rest: (ticket: string) => Record<string, unknown>[] } {
  const ordered = orderPacks(packs);
  const first = ordered[0]?.ops[0];
  if (!first || first.op.type !== OP.create)
    throw new SourceProblem(`bug ${bugId.slice(0, 7)}`, 'its first operation is not a create');
  if (first.id !== bugId)
    warn(`bug ${bugId.slice(0, 7)}`, `its create operation hashes to ${first.id.slice(0, 7)}, not the ref's name`);
  const c = first.op;
  const create: Record<string, unknown> = {
    v: FORMAT_VERSION,
    kind: 'create',
    clock: 1,
    time: iso(c.timestamp),
    ...who(ordered[0]!.author),
    title: title(c.title),
    body: text(c.message),
    type: 'bug',
    imported: `git-bug#${bugId}`,
  };
  if (c.files?.length) {
    stats.files += c.files.length;
    warn(`bug ${bugId.slice(0, 7)}`, 'files attached to the description are not imported');
  }
  return {
    create,
    rest: (ticket) => {
      const out: Record<string, unknown>[] = [];
      let clock = 1;
      const comments = new Map<string, { entry: string; body: string }>();
      let body = create.body as string;
      let status = 'new';
      let labels = new Set<string>();
      const add = (kind: string, time: number, by: ReturnType<typeof who>, rest: Record<string, unknown>) => {
        const e = { v: FORMAT_VERSION, kind, ticket, clock: ++clock, time: iso(time), ...by, ...rest };
        out.push(e);
        return e;
      };
      for (const pack of ordered) {
        const author = who(pack.author);
        for (const { id, op } of pack.ops) {
          if (id === first.id) continue;
          const where = `bug ${bugId.slice(0, 7)}, operation ${id.slice(0, 7)}`;
          switch (op.type) {
            case OP.create:
              warn(where, 'a second create operation is ignored (as git-bug does)');
              break;
            case OP.setTitle:
              add('set', op.timestamp, author, { fields: { title: title(op.title) } });
              stats.titles++;
              break;
            case OP.addComment: {
              if (op.files?.length) {
                stats.files += op.files.length;
                warn(where, 'files attached to a comment are not imported');
              }
              if (!op.message.trim()) break;
              const e = add('comment', op.timestamp, author, { body: text(op.message) });
              comments.set(id, { entry: entryIdOf(e), body: op.message });
              stats.comments++;
              break;
            }
            case OP.editComment: {
              const m = text(op.message);
              if (op.target === first.id) {
                if (m !== body) {
                  add('set', op.timestamp, author, { fields: { body: m } });
                  body = m;
                  stats.edits++;
                }
                break;
              }
              const target = comments.get(op.target);
              if (!target) {
                warn(
                  where,
                  `it edits ${op.target.slice(0, 7)}, which is no comment of this bug (git-bug ignores it too)`,
                );
                break;
              }
              if (m.trim() && m !== target.body) {
                add('edit-comment', op.timestamp, author, { comment: target.entry, body: m });
                target.body = m;
                stats.edits++;
              }
              break;
            }
            case OP.setStatus: {
              const to = op.status === 2 ? 'closed' : 'open';
              if (op.status !== 1 && op.status !== 2)
                throw new SourceProblem(where, `status ${op.status} is neither 1 (open) nor 2 (closed)`);
              if (to !== status) {
                add('status', op.timestamp, author, { status: to });
                status = to;
                stats.statuses++;
              }
              break;
            }
            case OP.labelChange: {
              const plus = (op.added ?? []).map(label).filter((l) => l && !labels.has(l));
              const minus = (op.removed ?? []).map(label).filter((l) => labels.has(l));
              if (!plus.length && !minus.length) break;
              labels = new Set([...labels, ...plus].filter((l) => !minus.includes(l)));
              add('label', op.timestamp, author, { add: plus, remove: minus });
              stats.labels++;
              break;
            }
            case OP.noop:
              break;
            case OP.setMetadata:
              stats.metadata++;
              break;
          }
        }
      }
      return out;
    },
  };
}

const entryIdOf = (e: object): string => entryId(serialize(e));

/** An identity version (refs/identities/<id>, blob `version`): who an author is. */
export function identityAuthor(versionJson: string | null, id: string): Author {
  if (versionJson) {
    try {
      const v2 = JSON.parse(versionJson) as { name?: unknown; email?: unknown; login?: unknown };
      const name = typeof v2.name === 'string' && v2.name ? v2.name : typeof v2.login === 'string' ? v2.login : '';
      if (name || typeof v2.email === 'string')
        return { name: name || id.slice(0, 7), email: typeof v2.email === 'string' ? v2.email : '' };
    } catch {
      /* fall through to the bare id */
    }
  }
  return { name: `git-bug identity ${id.slice(0, 7)}`, email: '' };
}
