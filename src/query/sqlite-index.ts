// The search index: one SQLite file under .git/dit/ with an FTS5 table, shared by every view.
// Documents are keyed by what their fold depends on, so branches share them and an unchanged ticket
// is never indexed twice; each view keeps only its membership (ticket id -> document).
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Compiled, IndexDoc, PersonField } from './sql.js';
import { FUZZY_MIN, tokenize } from './text.js';
import type { Summary } from '../model/ticket.js';
import { SUMMARY_COLUMNS, unpackSummary } from '../model/summary-fields.js';

export type { Compiled, IndexDoc, PersonField };

const SCHEMA_VERSION = 8;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
  rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, id TEXT NOT NULL, title TEXT NOT NULL,
  type TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, severity TEXT NOT NULL,
  labels TEXT NOT NULL, milestone TEXT, topic TEXT, origin TEXT, author_name TEXT NOT NULL, author_email TEXT NOT NULL,
  responsible TEXT, author_p TEXT NOT NULL, responsible_p TEXT NOT NULL, mentions_p TEXT NOT NULL,
  watchers_p TEXT NOT NULL, participants_p TEXT NOT NULL,
  created TEXT NOT NULL, updated TEXT NOT NULL, comments INTEGER NOT NULL, votes INTEGER NOT NULL,
  tip TEXT, target TEXT, review TEXT NOT NULL, evidence TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(title, body, comments, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS text_vocab USING fts5vocab(text, 'row');
CREATE TABLE IF NOT EXISTS words (term TEXT PRIMARY KEY, len INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS words_len ON words(len, term);
CREATE TABLE IF NOT EXISTS views (name TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (view TEXT NOT NULL, ticket TEXT NOT NULL, doc INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (view, ticket)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_doc ON members(doc);
`;

type Db = BetterSqlite3.Database;

export class SearchIndex {
  private constructor(readonly db: Db) {}

  /**
   * Opens (or creates) the index; a file of another schema version, or one SQLite cannot open, is
   * deleted and rebuilt. Damage found later surfaces as an error `isDamage` recognises (see search).
   */
  static open(path: string): SearchIndex {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    mkdirSync(dirname(path), { recursive: true }); // .git/dit/ may have been deleted, or never made
    for (let attempt = 0; ; attempt++) {
      let db: Db | null = null;
      try {
        db = new Database(path);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
        const version = db.prepare("SELECT v FROM meta WHERE k = 'schema'").pluck().get() as string | undefined;
        if (version !== undefined && version !== String(SCHEMA_VERSION)) throw new Error('index schema changed');
        db.exec(SCHEMA);
        db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('schema', ?)").run(String(SCHEMA_VERSION));
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
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }

  viewKey(view: string): string | null {
    return (this.db.prepare('SELECT key FROM views WHERE name = ?').pluck().get(view) as string | undefined) ?? null;
  }

  /** Which of these document keys the index lacks (one lookup each, or one pass when there are many). */
  missing(keys: readonly string[]): Set<string> {
    if (keys.length > 500) {
      const have = new Set(this.db.prepare('SELECT key FROM docs').pluck().all() as string[]);
      return new Set(keys.filter((k) => !have.has(k)));
    }
    const stmt = this.db.prepare('SELECT 1 FROM docs WHERE key = ?').pluck();
    return new Set(keys.filter((k) => stmt.get(k) === undefined));
  }

  /** A view's tickets and the keys of their documents. */
  members(view: string): Map<string, string> {
    // the key is kept beside the row: reading it from docs costs a wide-row lookup per ticket
    return new Map(
      this.db.prepare('SELECT ticket, key FROM members WHERE view = ?').raw().all(view) as [string, string][],
    );
  }

  /**
   * Changes `view`'s membership: `changed` tickets now hold these documents (added from `docs` when
   * the index lacks them), `removed` ones leave; the view's key is recorded; all in one transaction.
   * Rows of other views are untouched; documents no view holds any more are dropped.
   */
  update(
    view: string,
    viewKey: string,
    changed: ReadonlyMap<string, string>,
    removed: readonly string[],
    docs: readonly IndexDoc[],
  ): void {
    const db = this.db;
    const insertDoc =
      db.prepare(`INSERT OR IGNORE INTO docs (key, id, title, type, status, priority, severity, labels, milestone, topic, origin,
      author_name, author_email, responsible, author_p, responsible_p, mentions_p, watchers_p, participants_p, created, updated, comments, votes,
      tip, target, review, evidence)
      VALUES (@key, @id, @title, @type, @status, @priority, @severity, @labels, @milestone, @topic, @origin, @authorName, @authorEmail,
      @responsible, @author_p, @responsible_p, @mentions_p, @watchers_p, @participants_p, @created, @updated, @commentCount, @votes,
      @tip, @target, @review, @evidence)`);
    const insertText = db.prepare('INSERT INTO text (rowid, title, body, comments) VALUES (?, ?, ?, ?)');
    const insertWord = db.prepare('INSERT OR IGNORE INTO words (term, len) VALUES (?, ?)');
    const bulk = docs.length > 200;
    const rowOf = db.prepare('SELECT rowid FROM docs WHERE key = ?').pluck();
    const held = db.prepare('SELECT doc FROM members WHERE view = ? AND ticket = ?').pluck();
    const upsert = db.prepare('INSERT OR REPLACE INTO members (view, ticket, doc, key) VALUES (?, ?, ?, ?)');
    const remove = db.prepare('DELETE FROM members WHERE view = ? AND ticket = ?');
    db.transaction(() => {
      for (const d of docs) {
        const { people, ...rest } = d;
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
        insertText.run(r.lastInsertRowid, d.title, d.body, d.comments);
        // the words typo tolerance picks from; kept when documents go (an extra spelling matches nothing)
        if (!bulk)
          for (const w of new Set(tokenize(`${d.title} ${d.body} ${d.comments}`)))
            if (w.length >= FUZZY_MIN - 1) insertWord.run(w, Array.from(w).length);
      }
      // many documents at once: FTS5's own vocabulary, in one statement, instead of a row per word per document
      if (bulk)
        db.prepare(
          'INSERT OR IGNORE INTO words (term, len) SELECT term, length(term) FROM text_vocab WHERE length(term) >= ?',
        ).run(FUZZY_MIN - 1);
      const left: number[] = []; // documents this view stops holding: orphans if no other view holds them
      for (const [ticket, key] of changed) {
        const row = rowOf.get(key) as number | undefined;
        if (row === undefined) throw new Error(`document ${key} missing from the index`);
        const old = held.get(view, ticket) as number | undefined;
        if (old === row) continue;
        if (old !== undefined) left.push(old);
        upsert.run(view, ticket, row, key);
      }
      for (const ticket of removed) {
        const old = held.get(view, ticket) as number | undefined;
        if (old !== undefined) {
          left.push(old);
          remove.run(view, ticket);
        }
      }
      db.prepare('INSERT OR REPLACE INTO views (name, key) VALUES (?, ?)').run(view, viewKey);
      const stillHeld = db.prepare('SELECT 1 FROM members WHERE doc = ? LIMIT 1').pluck();
      const dropDoc = db.prepare('DELETE FROM docs WHERE rowid = ?');
      const dropText = db.prepare('DELETE FROM text WHERE rowid = ?');
      for (const row of new Set(left))
        if (stillHeld.get(row) === undefined) {
          dropDoc.run(row);
          dropText.run(row);
        }
    })();
  }

  /**
   * Summaries of `view` where `where` holds, in `order`. A `match` (an FTS5 expression) makes `rank`
   * (BM25, title weighted over description over comments) available to order by. Rows come back as
   * arrays of just the list's columns: building objects for thousands of rows costs more than the query.
   */
  select(view: string, where: Compiled, order: string, match: string | null): Summary[] {
    // the ranks are computed once (MATERIALIZED: flattened into the join, SQLite would run the text
    // search again for every row); a LEFT join, as a row may pass the filter through a qualifier alone
    const sql = match
      ? `WITH r AS MATERIALIZED (SELECT rowid, bm25(text, 4.0, 2.0, 1.0) AS rank FROM text WHERE text MATCH ?)
         SELECT ${COLUMNS} FROM members m JOIN docs d ON d.rowid = m.doc LEFT JOIN r ON r.rowid = d.rowid
         WHERE m.view = ? AND (${where.sql}) ORDER BY ${order}`
      : `SELECT ${COLUMNS} FROM members m JOIN docs d ON d.rowid = m.doc, (SELECT NULL AS rank) r WHERE m.view = ? AND (${where.sql}) ORDER BY ${order}`;
    const params = match ? [match, view, ...where.params] : [view, ...where.params];
    return (
      this.db
        .prepare(sql)
        .raw()
        .all(...params) as Row[]
    ).map(toSummary);
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

/** Errors that mean the file is damaged (truncated, overwritten), not that the query is wrong. */
export function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN)/.test(code);
}

/** The list's columns, in the order of the summary's field table (model/summary-fields.ts). */
const COLUMNS = SUMMARY_COLUMNS.map((c) => `d.${c.column}`).join(', ');
type Row = unknown[];

const toSummary = (r: Row): Summary => unpackSummary(r, (c, v) => (c.json ? JSON.parse(v as string) : v));
