// Fuzz of the entry parser (and the fold over what it accepts) and of the query parser: never a throw
// other than a clear DitError, whatever the bytes.
import { DitError } from '../src/errors.js';
import { ticketEntrySchema, type TicketEntry } from '../src/model/entries/index.js';
import { entryId, parseEntry, serialize, type Loaded } from '../src/model/entry-file.js';
import { fold } from '../src/model/fold.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_NESTING, MAX_TERMS, parseQuery } from '../src/query/parse.js';
import type { Expr, Query } from '../src/query/types.js';
import type { QueryDoc } from '../src/query/doc.js';
import { SearchIndex } from '../src/query/sqlite-index.js';
import { compileExpr, compileOrder, indexDoc, rankExpression } from '../src/query/sql.js';
import { withinOneEdit } from '../src/query/text.js';
import { newTicket, tempRepo } from '../test/support/helpers.js';
import { ditAsync, http, rng, row, serveOf, timed, type Row } from './harness.js';

const ann = { name: 'Ann', email: 'ann@example.com' };
const create = { v: 1, kind: 'create', clock: 1, time: '2024-05-01T10:00:00Z', author: ann, title: 'Crash', body: 'b', type: 'bug', labels: ['ui'] };
const ticket = entryId(serialize(create));
const SEEDS: object[] = [
  create,
  { v: 1, kind: 'comment', ticket, clock: 2, time: '2024-05-01T11:00:00Z', author: ann, body: 'hello' },
  { v: 1, kind: 'set', ticket, clock: 3, time: '2024-05-01T12:00:00Z', author: ann, fields: { title: 'New', priority: 'high' } },
  { v: 1, kind: 'label', ticket, clock: 4, time: '2024-05-01T13:00:00Z', author: ann, add: ['a'], remove: ['ui'] },
  { v: 1, kind: 'status', ticket, clock: 5, time: '2024-05-01T14:00:00Z', author: ann, status: 'fixed', comment: 'done' },
];

const ODD: unknown[] = [
  null, true, 0, -1, 1.5, 2 ** 53, 2 ** 64, Number.MAX_VALUE, '', 'x'.repeat(70_000), '\u0000', '\ud800', '<script>', [], {}, [[[[]]]],
  '1969-12-31T23:59:59Z', '9999-12-31T23:59:59Z', '2024-13-01T00:00:00Z', 'a'.repeat(40), { __proto__: { polluted: true } }, 'constructor',
];

function mutate(value: unknown, random: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  if (depth > 3 || random() < 0.25) return pick(ODD);
  if (Array.isArray(value)) return value.map((v) => (random() < 0.3 ? mutate(v, random, depth + 1) : v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(out);
    const k = pick(keys);
    const r = random();
    if (r < 0.3) delete out[k];
    else if (r < 0.8) out[k] = mutate(out[k], random, depth + 1);
    else out[pick(['extra', '__proto__', 'kind', 'v', 'ticket', 'clock'])] = pick(ODD);
    return out;
  }
  return pick(ODD);
}

/** `n` mutated entries (and raw byte garbage) through the parser, then the fold of what parsed. */
export async function fuzzEntries(n: number, seed: number): Promise<Row> {
  const out = row(`fuzz entry parser x${n}`);
  const random = rng(seed);
  return timed(out, async () => {
    const accepted: Loaded<TicketEntry>[] = [];
    for (let i = 0; i < n; i++) {
      out.tried++;
      const base = SEEDS[Math.floor(random() * SEEDS.length)]!;
      let bytes: Buffer;
      if (random() < 0.1) {
        bytes = Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      } else {
        const text = JSON.stringify(mutate(base, random)) ?? 'undefined';
        bytes = Buffer.from(random() < 0.1 ? text.slice(0, Math.floor(random() * text.length)) : text);
      }
      try {
        const r = parseEntry(ticketEntrySchema, bytes);
        if (r.ok) accepted.push({ id: entryId(bytes), entry: r.entry as TicketEntry });
        out.kept++;
      } catch (err) {
        out.errors++;
        if (out.notes.length < 5) out.notes.push(`parseEntry threw ${(err as Error).message.slice(0, 120)} on ${bytes.toString('utf8').slice(0, 80)}`);
      }
    }
    try {
      const seeds = SEEDS.map((e) => ({ id: entryId(serialize(e)), entry: e as TicketEntry }));
      for (let i = 0; i < 20; i++) fold(ticket, [...seeds, ...accepted.filter(() => random() < 0.5)]);
    } catch (err) {
      out.errors++;
      out.notes.push(`the fold threw over accepted entries: ${(err as Error).message.slice(0, 200)}`);
    }
    out.notes.push(`${accepted.length} mutated entries passed validation and were folded`);
  });
}

const PIECES = [
  'crash', 'save', '"a phrase"', '"', '(', ')', '-', 'OR', 'AND', 'NOT', 'or', ' ', '  ', 'label:', 'label:ui', 'label:"a b"', 'is:open', 'is:',
  'priority:>=high', 'priority:>', 'created:2026-01-01..', 'created:..', 'comments:>5', 'comments:>-1', 'sort:updated-desc', 'sort:', 'branch:main',
  'branch:"a b"', 'me', 'author:me', 'no:label', 'no:', 'id:3f9', ':', '::', '\\', '\u0000', 'é', '😀', 'x'.repeat(300), 'fixed-in:', '-(', '((', '))',
];

/** A long query of one shape: a piece repeated hundreds of times, joined by spaces, OR or AND, maybe nested. */
function longQuery(random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const n = pick([MAX_TERMS - 1, MAX_TERMS, MAX_TERMS + 1, 200 + Math.floor(random() * 1300)]);
  const piece = pick(['x', 'crash', 'label:a', 'label:"a b"', '-label:a', 'author:me', '"a phrase"', 'is:open', '(x OR y)']);
  const numbered = random() < 0.5;
  const terms = Array.from({ length: n }, (_, i) => (numbered && piece.startsWith('label:a') ? `${piece}${i}` : piece));
  const q = terms.join(pick([' ', ' OR ', ' AND ', ' ']));
  const depth = random() < 0.3 ? Math.floor(random() * (MAX_NESTING + 2)) : 0;
  return `${'('.repeat(depth)}${q}${')'.repeat(depth)}`;
}

/** `fixed-in:` as the store leaves it (resolved), so a parsed query compiles alone. */
const resolved = (e: Expr): Expr =>
  e.op === 'and' || e.op === 'or'
    ? { op: e.op, of: e.of.map(resolved) }
    : e.op === 'not'
      ? { op: 'not', of: resolved(e.of) }
      : e.op === 'fixed-in'
        ? { ...e, ids: [] }
        : e;

/**
 * `n` random queries (a few deep ones, and long chains of every shape around and far past the bounds):
 * each parses or gives a DitError('usage'); what parses runs against a real search index without a
 * SQLite error; a sample goes to a real `dit serve` (`/api/tickets?q=`, `/?q=`: never 500) and `dit ls`
 * (never exit 1).
 */
export async function fuzzQueries(n: number, seed: number): Promise<Row> {
  const out = row(`fuzz query parser x${n}`);
  const random = rng(seed);
  const fail = (what: string, q: string) => {
    out.errors++;
    if (out.notes.length < 5) out.notes.push(`${what} on ${JSON.stringify(q.slice(0, 80))} (${q.length} characters)`);
  };
  const dir = mkdtempSync(join(tmpdir(), 'dit-fuzz-'));
  const index = SearchIndex.open(join(dir, 'search.sqlite'));
  const repo = tempRepo();
  for (const title of ['x marks the spot', 'crash on save', 'a phrase here']) newTicket(repo, title, '--commit');
  const server = await serveOf(repo);
  return timed(out, async () => {
    try {
      const docs: QueryDoc[] = [{
        id: '0'.repeat(40), title: 'x crash', body: 'a phrase', comments: ['y'], type: 'bug', status: 'open',
        priority: 'normal', severity: 'minor', labels: ['a', 'a b', 'a7'], milestone: null, topic: null, origin: null,
        author: ann, responsible: null, mentions: [], watchers: [], participants: [], created: '2024-05-01T10:00:00.000Z',
        updated: '2024-05-01T10:00:00.000Z', commentCount: 1, voteCount: 0, tip: null, target: null, review: 'none', evidence: [], checks: null,
      }];
      index.update('v', 'k', new Map(docs.map((d) => [d.id, d.id])), [], docs.map((d) => indexDoc(d.id, d)));
      const near = (w: string) => index.nearWords(w, withinOneEdit);
      for (let i = 0; i < n; i++) {
        out.tried++;
        let q: string;
        if (random() < 0.1) q = longQuery(random);
        else {
          const len = 1 + Math.floor(random() * 12);
          q = Array.from({ length: len }, () => PIECES[Math.floor(random() * PIECES.length)]).join(random() < 0.5 ? ' ' : '');
          if (random() < 0.02) q = '('.repeat(1 + Math.floor(random() * 5000)) + q;
          if (random() < 0.02) q = '-'.repeat(1 + Math.floor(random() * 20_000)) + q;
        }
        let parsed: Query | null = null;
        try {
          parsed = parseQuery(q);
        } catch (err) {
          if (!(err instanceof DitError && err.code === 'usage')) {
            fail(`parseQuery threw ${(err as Error).name}: ${(err as Error).message.slice(0, 100)}`, q);
            continue;
          }
        }
        if (parsed) {
          try {
            const filter = resolved(parsed.filter);
            index.select('v', compileExpr(filter, ann, near), compileOrder(parsed), rankExpression(parsed, near));
          } catch (err) {
            fail(`the index threw ${(err as Error).message.slice(0, 100)}`, q);
            continue;
          }
        }
        // through the real server and CLI: a sample, as each costs a request or a process
        if (i % 40 === 0 || (q.length > 1000 && i % 8 === 0)) {
          for (const path of [`/api/tickets?q=${encodeURIComponent(q)}`, `/?q=${encodeURIComponent(q)}`]) {
            const res = await http(server.url, 'GET', path, server.host);
            if (res.status >= 500) fail(`dit serve answered ${res.status} to ${path.slice(0, 20)}`, q);
          }
        }
        if (i % 200 === 0 && !q.includes('\u0000')) {
          const res = await ditAsync(repo, 'ls', '--', q);
          if (res.code !== 0 && res.code !== 2 && res.code !== 4) fail(`dit ls exited ${res.code}: ${res.stderr.slice(0, 100)}`, q);
        }
        out.kept++;
      }
    } finally {
      index.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
