// The search index: one SQLite file under .git/dit/ with an FTS5 table, shared by every view.
// Documents are keyed by what their fold depends on, so branches share them and an unchanged ticket
// is never indexed twice; each view keeps only its membership (ticket id -> document).
// Over 300 lines: the SQL of the derived store stays in one file, so every statement and the schema it assumes are
// read together.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DISK } from '../caches.js';
import { OPEN_STATUSES } from '../model/fields.js';
import { SUMMARY_COLUMNS, unpackSummary } from '../model/summary-fields.js';
import type { Summary } from '../model/ticket.js';
import type { Compiled, IndexDoc, PersonField, Problem } from './sql.js';
import { FUZZY_MIN, tokenize } from './text.js';

export type { Compiled, IndexDoc, PersonField, Problem };

/** A fold that shows no ticket (entries but no creating one in the view): only its problems are kept. */
export interface NullDoc {
  key: string;
  warnings: Problem[];
}

const SCHEMA_VERSION = 13;

/** Verdicts by key set id and verdict key, and which key set git's config (by its stamp) gave last. */
const VERDICT_TABLES = `
CREATE TABLE IF NOT EXISTS verdicts (rowid INTEGER PRIMARY KEY, keyset TEXT NOT NULL, entry TEXT NOT NULL, verdict TEXT NOT NULL,
  UNIQUE (keyset, entry));
CREATE TABLE IF NOT EXISTS keysets (config TEXT PRIMARY KEY, signers TEXT, program TEXT NOT NULL);
`;

/** The verdicts kept (the newest ones). */
const MAX_VERDICTS = DISK.verdicts.entries;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
  rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, id TEXT NOT NULL, title TEXT NOT NULL,
  type TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, severity TEXT NOT NULL,
  labels TEXT NOT NULL, milestone TEXT, topic TEXT, origin TEXT, author_name TEXT NOT NULL, author_email TEXT NOT NULL,
  responsible TEXT, author_p TEXT NOT NULL, responsible_p TEXT NOT NULL, mentions_p TEXT NOT NULL,
  watchers_p TEXT NOT NULL, participants_p TEXT NOT NULL,
  created TEXT NOT NULL, updated TEXT NOT NULL, comments INTEGER NOT NULL, votes INTEGER NOT NULL,
  tip TEXT, target TEXT, review TEXT NOT NULL, evidence TEXT NOT NULL, checks TEXT);
-- the folded ticket that dit show prints, beside its row: inside it, a row filled a page and a list read them all
-- signed: the verdict keys of its signed entries (JSON), whose verdicts dit show prints beside them
CREATE TABLE IF NOT EXISTS folded (rowid INTEGER PRIMARY KEY, ticket BLOB NOT NULL, signed TEXT);
CREATE TABLE IF NOT EXISTS problems (key TEXT PRIMARY KEY, warnings TEXT NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(title, body, comments, content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS text_vocab USING fts5vocab(text, 'row');
CREATE TABLE IF NOT EXISTS words (term TEXT PRIMARY KEY, len INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS words_len ON words(len, term);
CREATE TABLE IF NOT EXISTS views (name TEXT PRIMARY KEY, key TEXT NOT NULL, state TEXT, open INTEGER, closed INTEGER);
CREATE TABLE IF NOT EXISTS members (view TEXT NOT NULL, ticket TEXT NOT NULL, doc INTEGER, key TEXT NOT NULL, PRIMARY KEY (view, ticket)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_key ON members(key);
CREATE TABLE IF NOT EXISTS stamps (name TEXT PRIMARY KEY, stamp TEXT NOT NULL, key TEXT NOT NULL);
${VERDICT_TABLES}`;

type Db = BetterSqlite3.Database;

export class SearchIndex {
  private constructor(readonly db: Db) {}

  /**
   * Opens (or creates) the index; a file of another schema version, or one SQLite cannot open, is
   * deleted and rebuilt. Damage found later surfaces as an error `isDamage` recognises (see search).
   */
  static open(path: string): SearchIndex {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true }); // .git/dit/ may have been deleted, or never made
    for (let attempt = 0; ; attempt++) {
      let db: Db | null = null;
      try {
        db = new Database(path);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
        const version = db.prepare("SELECT v FROM meta WHERE k = 'schema'").pluck().get() as string | undefined;
        if (version === '11') migrate11(db);
        if (version === '11' || version === '12') migrate12(db);
        else if (version !== undefined && version !== String(SCHEMA_VERSION)) throw new Error('index schema changed');
        if (version === undefined) {
          // a new file: a reader of an index made before need not write to open it
          db.exec(SCHEMA);
          db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('schema', ?)").run(String(SCHEMA_VERSION));
        }
        return new SearchIndex(db);
      } catch (err) {
        db?.close();
        if (attempt > 0) throw err;
        SearchIndex.remove(path);
      }
    }
  }

  close(): void {
    this.db.close();
  }

  /** Deletes the index files (after damage): the next open rebuilds from the journals. */
  static remove(path: string): void {
    if (path === ':memory:') return;
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }

  /** What the index holds for a view: the key it was brought up to date with, and what that key was made of. */
  viewRow(view: string): { key: string; state: string | null } | null {
    return (
      (this.db.prepare('SELECT key, state FROM views WHERE name = ?').get(view) as
        | { key: string; state: string | null }
        | undefined) ?? null
    );
  }

  /** Every view's stored state (what its key was made of), the working tree's first. */
  states(): [string, string | null][] {
    return this.db.prepare("SELECT name, state FROM views ORDER BY name = 'worktree' DESC, name").raw().all() as [
      string,
      string | null,
    ][];
  }

  /**
   * Per ticket of a view with evidence or a patchset tip: its evidence commits (comma-separated), the tip,
   * and whether its status before any merge is open (a row merged on the branch was open: its key says
   * so). For states written before they recorded these (view/view-index.ts); one pass over the view.
   */
  facts(view: string): Record<string, [string, string | null, 0 | 1]> {
    const rows = this.db
      .prepare(
        `SELECT m.ticket, d.evidence, d.tip, d.status, m.key FROM members m JOIN docs d ON d.rowid = m.doc
         WHERE m.view = ? AND (d.evidence <> '[]' OR d.tip IS NOT NULL)`,
      )
      .raw()
      .all(view) as [string, string, string | null, string, string][];
    const open = new Set<string>(OPEN_STATUSES);
    const out: Record<string, [string, string | null, 0 | 1]> = {};
    for (const [id, evidence, tip, status, key] of rows)
      out[id] = [
        (JSON.parse(evidence) as string[]).join(','),
        tip,
        key.endsWith('|merged') || open.has(status) ? 1 : 0,
      ];
    return out;
  }

  /** Which of these fold keys the index has no result for (one lookup each, or one pass when there are many). */
  missing(keys: readonly string[]): Set<string> {
    if (keys.length > 500) {
      const have = new Set(
        this.db.prepare('SELECT key FROM docs UNION ALL SELECT key FROM problems').pluck().all() as string[],
      );
      return new Set(keys.filter((k) => !have.has(k)));
    }
    // a fold that shows no ticket has a problem saying so: either table holds every fold the index has
    const doc = this.db.prepare('SELECT 1 FROM docs WHERE key = ?').pluck();
    const problem = this.db.prepare('SELECT 1 FROM problems WHERE key = ?').pluck();
    return new Set(keys.filter((k) => doc.get(k) === undefined && problem.get(k) === undefined));
  }

  /** A view's tickets and the keys of their folds. */
  members(view: string): Map<string, string> {
    // the key is kept beside the row: reading it from docs costs a wide-row lookup per ticket
    return new Map(
      this.db.prepare('SELECT ticket, key FROM members WHERE view = ?').raw().all(view) as [string, string][],
    );
  }

  /** The fold keys some of a view's tickets hold (null: not a member). */
  memberKeys(view: string, tickets: readonly string[]): Map<string, string | null> {
    const stmt = this.db.prepare('SELECT key FROM members WHERE view = ? AND ticket = ?').pluck();
    return new Map(tickets.map((t) => [t, (stmt.get(view, t) as string | undefined) ?? null]));
  }

  /**
   * Changes `view`'s membership: `changed` tickets now hold the folds of these keys (added from `docs`,
   * or only their problems for folds that show no ticket, when the index lacks them), `removed` ones leave; the view's
   * key and what it was made of (`state`) are recorded; all in one transaction. Rows of other views are
   * untouched; documents no view holds any more are dropped.
   */
  update(
    view: string,
    viewKey: string,
    changed: ReadonlyMap<string, string>,
    removed: readonly string[],
    docs: readonly IndexDoc[],
    nulls: readonly NullDoc[] = [],
    state: string | null = null,
  ): void {
    const db = this.db;
    const insertDoc =
      db.prepare(`INSERT OR IGNORE INTO docs (key, id, title, type, status, priority, severity, labels, milestone, topic, origin,
      author_name, author_email, responsible, author_p, responsible_p, mentions_p, watchers_p, participants_p, created, updated, comments, votes,
      tip, target, review, evidence, checks)
      VALUES (@key, @id, @title, @type, @status, @priority, @severity, @labels, @milestone, @topic, @origin, @authorName, @authorEmail,
      @responsible, @author_p, @responsible_p, @mentions_p, @watchers_p, @participants_p, @created, @updated, @commentCount, @votes,
      @tip, @target, @review, @evidence, @checks)`);
    const insertFolded = db.prepare('INSERT OR REPLACE INTO folded (rowid, ticket, signed) VALUES (?, ?, ?)');
    const dropFoldedRow = db.prepare('DELETE FROM folded WHERE rowid = ?');
    const insertText = db.prepare('INSERT INTO text (rowid, title, body, comments) VALUES (?, ?, ?, ?)');
    const insertWord = db.prepare('INSERT OR IGNORE INTO words (term, len) VALUES (?, ?)');
    const insertProblem = db.prepare('INSERT OR IGNORE INTO problems (key, warnings) VALUES (?, ?)');
    const bulk = docs.length > 200;
    const rowOf = db.prepare('SELECT rowid FROM docs WHERE key = ?').pluck();
    const held = db.prepare('SELECT key FROM members WHERE view = ? AND ticket = ?').pluck();
    const upsert = db.prepare('INSERT OR REPLACE INTO members (view, ticket, doc, key) VALUES (?, ?, ?, ?)');
    const remove = db.prepare('DELETE FROM members WHERE view = ? AND ticket = ?');
    db.transaction(() => {
      for (const d of docs) {
        const { people, warnings, ticket, signed, ...rest } = d;
        if (warnings.length) insertProblem.run(d.key, JSON.stringify(warnings));
        const r = insertDoc.run({
          ...rest,
          labels: JSON.stringify(d.labels),
          evidence: JSON.stringify(d.evidence),
          author_p: JSON.stringify(people.author),
          responsible_p: JSON.stringify(people.responsible),
          mentions_p: JSON.stringify(people.mentions),
          watchers_p: JSON.stringify(people.watchers),
          participants_p: JSON.stringify(people.participants),
        });
        if (!r.changes) continue;
        if (ticket) insertFolded.run(r.lastInsertRowid, ticket, signed?.length ? JSON.stringify(signed) : null);
        else dropFoldedRow.run(r.lastInsertRowid);
        insertText.run(r.lastInsertRowid, d.title, d.body, d.comments);
        // the words typo tolerance picks from; kept when documents go (an extra spelling matches nothing)
        if (!bulk)
          for (const w of new Set(tokenize(`${d.title} ${d.body} ${d.comments}`)))
            if (w.length >= FUZZY_MIN - 1) insertWord.run(w, Array.from(w).length);
      }
      for (const n of nulls) insertProblem.run(n.key, JSON.stringify(n.warnings));
      // many documents at once: FTS5's own vocabulary, in one statement, instead of a row per word per document
      if (bulk)
        db.prepare(
          'INSERT OR IGNORE INTO words (term, len) SELECT term, length(term) FROM text_vocab WHERE length(term) >= ?',
        ).run(FUZZY_MIN - 1);
      // the view's open and closed counts (what a list without terms shows on its tabs) move by the rows
      // that change; a view without counts yet is counted once
      const known = db.prepare('SELECT open, closed FROM views WHERE name = ?').raw().get(view) as
        | [number | null, number | null]
        | undefined;
      let counts: [number, number] | null =
        known && known[0] !== null && known[1] !== null ? [known[0], known[1]] : null;
      const statusOf = db.prepare('SELECT d.status FROM docs d WHERE d.rowid = ?').pluck();
      const heldRow = db.prepare('SELECT doc FROM members WHERE view = ? AND ticket = ?').pluck();
      const isOpenStatus = new Set<string>(OPEN_STATUSES);
      const count = (doc: number | null | undefined, by: 1 | -1) => {
        if (!counts || doc === null || doc === undefined) return;
        const status = statusOf.get(doc) as string | undefined;
        if (status !== undefined) counts[isOpenStatus.has(status) ? 0 : 1] += by;
      };
      const left = new Set<string>(); // folds this view stops holding: orphans if no other view holds them
      for (const [ticket, key] of changed) {
        const row = (rowOf.get(key) as number | undefined) ?? null;
        const old = held.get(view, ticket) as string | undefined;
        if (old === key) continue;
        if (old !== undefined) {
          left.add(old);
          count(heldRow.get(view, ticket) as number | null, -1);
        }
        upsert.run(view, ticket, row, key);
        count(row, 1);
      }
      for (const ticket of removed) {
        const old = held.get(view, ticket) as string | undefined;
        if (old !== undefined) {
          left.add(old);
          count(heldRow.get(view, ticket) as number | null, -1);
          remove.run(view, ticket);
        }
      }
      const stillHeld = db.prepare('SELECT 1 FROM members WHERE key = ? LIMIT 1').pluck();
      const docOf = db.prepare('SELECT rowid FROM docs WHERE key = ?').pluck();
      const dropDoc = db.prepare('DELETE FROM docs WHERE rowid = ?');
      const dropText = db.prepare('DELETE FROM text WHERE rowid = ?');
      const dropFolded = db.prepare('DELETE FROM folded WHERE rowid = ?');
      const dropProblem = db.prepare('DELETE FROM problems WHERE key = ?');
      for (const key of left) {
        if (stillHeld.get(key) !== undefined) continue;
        const row = docOf.get(key) as number | undefined;
        if (row !== undefined) {
          dropDoc.run(row);
          dropText.run(row);
          dropFolded.run(row);
        }
        dropProblem.run(key);
      }
      counts ??= (() => {
        const r = db
          .prepare(
            `SELECT coalesce(sum(d.status IN (${OPEN_STATUSES.map(() => '?').join(', ')})), 0), count(*) FROM members m
             JOIN docs d ON d.rowid = m.doc WHERE m.view = ?`,
          )
          .raw()
          .get(...OPEN_STATUSES, view) as [number, number];
        return [r[0], r[1] - r[0]];
      })();
      db.prepare('INSERT OR REPLACE INTO views (name, key, state, open, closed) VALUES (?, ?, ?, ?, ?)').run(
        view,
        viewKey,
        state,
        counts[0],
        counts[1],
      );
    })();
  }

  /** Every ticket of a view, newest first (as lists show them by default). */
  summaries(view: string): Summary[] {
    return (
      this.db
        .prepare(
          `SELECT ${COLUMNS} FROM members m JOIN docs d ON d.rowid = m.doc WHERE m.view = ? ORDER BY d.created DESC, d.id ASC`,
        )
        .raw()
        .all(view) as Row[]
    ).map(toSummary);
  }

  /** The problems the folds of a view's tickets met, shown or not. */
  warnings(view: string): Problem[] {
    const rows = this.db
      .prepare('SELECT p.warnings FROM members m JOIN problems p ON p.key = m.key WHERE m.view = ?')
      .pluck()
      .all(view) as string[];
    return rows.flatMap((w) => JSON.parse(w) as Problem[]);
  }

  /** How many of a view's tickets are open and closed (kept with the view: no counting). */
  counts(view: string): { open: number; closed: number } | null {
    const r = this.db.prepare('SELECT open, closed FROM views WHERE name = ?').raw().get(view) as
      | [number | null, number | null]
      | undefined;
    return r && r[0] !== null && r[1] !== null ? { open: r[0], closed: r[1] } : null;
  }

  /**
   * The git state (Store.stamp) at which a view was last answered with nothing to warn about, and the
   * view key it had then: while git's state is that one, the view's rows are its answer (cli/quick.ts).
   */
  stamp(view: string): { stamp: string; key: string } | null {
    return (
      (this.db
        .prepare(
          'SELECT s.stamp, s.key FROM stamps s JOIN views v ON v.name = s.name AND v.key = s.key WHERE s.name = ?',
        )
        .get(view) as { stamp: string; key: string } | undefined) ?? null
    );
  }

  setStamp(view: string, stamp: string, key: string): void {
    const known = this.stamp(view);
    if (known?.stamp === stamp && known.key === key) return; // a warm read writes nothing
    this.db.prepare('INSERT OR REPLACE INTO stamps (name, stamp, key) VALUES (?, ?, ?)').run(view, stamp, key);
  }

  /**
   * The tickets of a view whose id starts with `prefix` (lower-case hex), at most two: with the stored
   * fold of each, and whether its fold met problems.
   */
  byPrefix(view: string, prefix: string): { id: string; ticket: Buffer | null; signed: string[]; problems: boolean }[] {
    const high = `${prefix}\uffff`;
    return this.db
      .prepare(
        `SELECT m.ticket AS id, f.ticket AS ticket, f.signed AS signed,
           EXISTS (SELECT 1 FROM problems p WHERE p.key = m.key) AS problems
         FROM members m LEFT JOIN folded f ON f.rowid = m.doc WHERE m.view = ? AND m.ticket >= ? AND m.ticket < ? LIMIT 2`,
      )
      .all(view, prefix, high)
      .map((r) => {
        const row = r as { id: string; ticket: Buffer | null; signed: string | null; problems: number };
        return {
          id: row.id,
          ticket: row.ticket,
          signed: row.signed ? (JSON.parse(row.signed) as string[]) : [],
          problems: row.problems === 1,
        };
      });
  }

  /** The verdicts (JSON) kept for key set `keySet` under these verdict keys; keys without one are absent. */
  verdicts(keySet: string, keys: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const one = this.db.prepare('SELECT verdict FROM verdicts WHERE keyset = ? AND entry = ?').pluck();
    for (const k of keys) {
      const v = one.get(keySet, k) as string | undefined;
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  /** Keeps verdicts (JSON) for key set `keySet`; past MAX_VERDICTS the oldest go. */
  keepVerdicts(keySet: string, found: readonly (readonly [string, string])[]): void {
    if (!found.length) return;
    const db = this.db;
    const put = db.prepare('INSERT OR REPLACE INTO verdicts (keyset, entry, verdict) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const [k, v] of found) put.run(keySet, k, v);
      const last = db.prepare('SELECT max(rowid) FROM verdicts').pluck().get() as number;
      if (last > MAX_VERDICTS) db.prepare('DELETE FROM verdicts WHERE rowid <= ?').run(last - MAX_VERDICTS);
    })();
  }

  /** The allowed-signers file and program git's config gave when its files had `config` as their stamp. */
  keySetOf(config: string): { signers: string | null; program: string } | null {
    return (
      (this.db.prepare('SELECT signers, program FROM keysets WHERE config = ?').get(config) as
        | { signers: string | null; program: string }
        | undefined) ?? null
    );
  }

  /** Notes what git's config with stamp `config` gives (one row: an older config's is dropped). */
  noteKeySet(config: string, signers: string | null, program: string): void {
    const known = this.keySetOf(config);
    if (known && known.signers === signers && known.program === program) return; // a warm read writes nothing
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM keysets').run();
      this.db.prepare('INSERT INTO keysets (config, signers, program) VALUES (?, ?, ?)').run(config, signers, program);
    })();
  }

  /** How many of a view's tickets match `where`, and how many of those are in `statuses`. */
  count(view: string, where: Compiled, statuses: readonly string[]): { all: number; in: number } {
    const r = this.db
      .prepare(
        `SELECT count(*), coalesce(sum(d.status IN (${statuses.map(() => '?').join(', ')})), 0) FROM members m
         JOIN docs d ON d.rowid = m.doc WHERE m.view = ? AND (${where.sql})`,
      )
      .raw()
      .get(...statuses, view, ...where.params) as [number, number];
    return { all: r[0], in: r[1] };
  }

  /**
   * Summaries of `view` where `where` holds, in `order`. A `match` (an FTS5 expression) makes `rank`
   * (BM25, title weighted over description over comments) available to order by. Rows come back as
   * arrays of just the list's columns: building objects for thousands of rows costs more than the query.
   */
  select(view: string, where: Compiled, order: string, match: string | null): Summary[] {
    return (this.rows(COLUMNS, view, where, order, match, null) as Row[]).map(toSummary);
  }

  /**
   * The lines `dit ls` prints for the same rows, made by SQLite: for a list of thousands, building a
   * summary object per row cost more than the query. Must equal cli/format.ts' renderList (plain), which
   * a test checks on random tickets; a line holding a control character is for the caller to clean.
   */
  lines(view: string, where: Compiled, order: string, match: string | null, limit: number | null): string[] {
    const rows = this.rows(LINE, view, where, order, match, limit) as [string, string, string, string][];
    // status and type are padded to the widest among the lines printed (after the limit), as renderList does
    let statusW = 0;
    let typeW = 0;
    for (const r of rows) {
      if (r[1].length > statusW) statusW = r[1].length;
      if (r[2].length > typeW) typeW = r[2].length;
    }
    return rows.map((r) => `${r[0]}  ${r[1].padEnd(statusW)}  ${r[2].padEnd(typeW)}  ${r[3]}`);
  }

  private rows(
    columns: string,
    view: string,
    where: Compiled,
    order: string,
    match: string | null,
    limit: number | null,
  ): unknown[] {
    // the ranks are computed once (MATERIALIZED: flattened into the join, SQLite would run the text
    // search again for every row); a LEFT join, as a row may pass the filter through a qualifier alone
    const tail = `WHERE m.view = ? AND (${where.sql}) ORDER BY ${order}${limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(limit))}`}`;
    const sql = match
      ? `WITH r AS MATERIALIZED (SELECT rowid, bm25(text, 4.0, 2.0, 1.0) AS rank FROM text WHERE text MATCH ?)
         SELECT ${columns} FROM members m JOIN docs d ON d.rowid = m.doc LEFT JOIN r ON r.rowid = d.rowid ${tail}`
      : `SELECT ${columns} FROM members m JOIN docs d ON d.rowid = m.doc, (SELECT NULL AS rank) r ${tail}`;
    const params = match ? [match, view, ...where.params] : [view, ...where.params];
    return this.db
      .prepare(sql)
      .raw()
      .all(...params);
  }

  /** Indexed words within one edit of `word` (for typo tolerance). */
  nearWords(word: string, near: (a: string, b: string) => boolean): string[] {
    const n = Array.from(word).length;
    const rows = this.db
      .prepare('SELECT term FROM words WHERE len BETWEEN ? AND ?')
      .pluck()
      .all(n - 1, n + 1) as string[];
    return rows.filter((t) => t !== word && near(t, word));
  }
}

/**
 * Schema 11 kept the folded ticket in its docs row: moved beside it, so a list reads small rows. One
 * transaction; answers are unchanged, so nothing is folded again.
 */
function migrate11(db: Db): void {
  db.transaction(() => {
    db.exec('CREATE TABLE folded (rowid INTEGER PRIMARY KEY, ticket BLOB NOT NULL)');
    db.exec('INSERT INTO folded (rowid, ticket) SELECT rowid, ticket FROM docs WHERE ticket IS NOT NULL');
    db.exec('ALTER TABLE docs DROP COLUMN ticket');
    db.prepare("UPDATE meta SET v = ? WHERE k = 'schema'").run(String(SCHEMA_VERSION));
  })();
}

/** Schema 12 had no verdicts: their tables, and the signed entries of each folded ticket (none before: not kept). */
function migrate12(db: Db): void {
  db.transaction(() => {
    db.exec('ALTER TABLE folded ADD COLUMN signed TEXT');
    db.exec(VERDICT_TABLES);
    db.prepare("UPDATE meta SET v = ? WHERE k = 'schema'").run(String(SCHEMA_VERSION));
  })();
}

/** Errors that mean the file is damaged (truncated, overwritten), not that the query is wrong. */
export function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN)/.test(code);
}

/**
 * One line of `dit ls` in four parts, as cli/format.ts' renderList writes it without colour: short id,
 * status, type (padded by lines() to the widest printed), then the title with labels, milestone and
 * comments when there are any.
 */
const LINE = `substr(d.id, 1, 7), d.status, d.type, d.title ||
  CASE WHEN d.labels = '[]' THEN '' ELSE '  [' || (SELECT group_concat(value, ', ') FROM json_each(d.labels)) || ']' END ||
  CASE WHEN coalesce(d.milestone, '') = '' THEN '' ELSE '  @' || d.milestone END ||
  CASE d.comments WHEN 0 THEN '' WHEN 1 THEN '  1 comment' ELSE '  ' || d.comments || ' comments' END`;

/** The list's columns, in the order of the summary's field table (model/summary-fields.ts). */
const COLUMNS = SUMMARY_COLUMNS.map((c) => `d.${c.column}`).join(', ');
type Row = unknown[];

const toSummary = (r: Row): Summary => unpackSummary(r, (c, v) => (c.json ? JSON.parse(v as string) : v));
