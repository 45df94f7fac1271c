// The search index: one SQLite file under .git/dit/ with an FTS5 table, shared by every view.
// Documents are keyed by what their fold depends on, so branches share them and an unchanged ticket
// is never indexed twice; each view keeps only its membership (ticket id -> document).
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** One ticket as the index stores it: list fields, people, and text. */
export interface IndexDoc {
  key: string;
  id: string;
  title: string;
  body: string;
  comments: string;
  type: string;
  status: string;
  priority: string;
  severity: string;
  labels: string[];
  milestone: string | null;
  topic: string | null;
  authorName: string;
  authorEmail: string;
  responsible: string | null;
  mentions: string[];
  watchers: string[];
  participants: string[];
  created: string;
  updated: string;
  commentCount: number;
  votes: number;
}

const SCHEMA_VERSION = 1;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
  rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, id TEXT NOT NULL, title TEXT NOT NULL,
  type TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, severity TEXT NOT NULL,
  labels TEXT NOT NULL, milestone TEXT, topic TEXT, author_name TEXT NOT NULL, author_email TEXT NOT NULL,
  responsible TEXT, mentions TEXT NOT NULL, watchers TEXT NOT NULL, participants TEXT NOT NULL,
  created TEXT NOT NULL, updated TEXT NOT NULL, comments INTEGER NOT NULL, votes INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(title, body, comments, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(text, 'row');
CREATE TABLE IF NOT EXISTS views (name TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (view TEXT NOT NULL, ticket TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (view, ticket)) WITHOUT ROWID;
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

  /** Which of these document keys the index lacks. */
  missing(keys: readonly string[]): Set<string> {
    const have = new Set<string>();
    const stmt = this.db.prepare('SELECT key FROM docs WHERE key = ?').pluck();
    for (const k of keys) if (stmt.get(k) !== undefined) have.add(k);
    return new Set(keys.filter((k) => !have.has(k)));
  }

  /**
   * Makes `view` hold exactly `members` (ticket id -> document key), adding the documents it lacks,
   * in one transaction; rows of other views are untouched, documents no view uses are dropped.
   */
  update(view: string, viewKey: string, members: ReadonlyMap<string, string>, docs: readonly IndexDoc[]): void {
    const db = this.db;
    const insertDoc = db.prepare(`INSERT OR IGNORE INTO docs (key, id, title, type, status, priority, severity, labels, milestone, topic,
      author_name, author_email, responsible, mentions, watchers, participants, created, updated, comments, votes)
      VALUES (@key, @id, @title, @type, @status, @priority, @severity, @labels, @milestone, @topic, @authorName, @authorEmail,
      @responsible, @mentions, @watchers, @participants, @created, @updated, @commentCount, @votes)`);
    const insertText = db.prepare('INSERT INTO text (rowid, title, body, comments) VALUES (?, ?, ?, ?)');
    const rowOf = db.prepare('SELECT rowid FROM docs WHERE key = ?').pluck();
    const current = new Map((db.prepare('SELECT ticket, doc FROM members WHERE view = ?').raw().all(view) as [string, number][]));
    const upsert = db.prepare('INSERT OR REPLACE INTO members (view, ticket, doc) VALUES (?, ?, ?)');
    const remove = db.prepare('DELETE FROM members WHERE view = ? AND ticket = ?');
    db.transaction(() => {
      for (const d of docs) {
        const r = insertDoc.run({ ...d, labels: JSON.stringify(d.labels), mentions: JSON.stringify(d.mentions), watchers: JSON.stringify(d.watchers), participants: JSON.stringify(d.participants) });
        if (r.changes) insertText.run(r.lastInsertRowid, d.title, d.body, d.comments);
      }
      for (const [ticket, key] of members) {
        const row = rowOf.get(key) as number | undefined;
        if (row === undefined) throw new Error(`document ${key} missing from the index`);
        if (current.get(ticket) !== row) upsert.run(view, ticket, row);
        current.delete(ticket);
      }
      for (const ticket of current.keys()) remove.run(view, ticket);
      db.prepare('INSERT OR REPLACE INTO views (name, key) VALUES (?, ?)').run(view, viewKey);
      // documents that no view holds any more
      const orphans = db.prepare('SELECT rowid FROM docs WHERE rowid NOT IN (SELECT doc FROM members)').pluck().all() as number[];
      const dropDoc = db.prepare('DELETE FROM docs WHERE rowid = ?');
      const dropText = db.prepare('DELETE FROM text WHERE rowid = ?');
      for (const row of orphans) { dropDoc.run(row); dropText.run(row); }
    })();
  }

  /**
   * Rows of `view` where `where` holds, in `order`. A `match` (an FTS5 expression) restricts to text
   * matches and makes `rank` (BM25, title weighted over description over comments) available to order by.
   */
  select(view: string, where: Compiled, order: string, match: string | null): IndexRow[] {
    const sql = match
      ? `SELECT d.*, r.rank AS rank FROM members m JOIN docs d ON d.rowid = m.doc
         JOIN (SELECT rowid, bm25(text, 4.0, 2.0, 1.0) AS rank FROM text WHERE text MATCH ?) r ON r.rowid = d.rowid
         WHERE m.view = ? AND (${where.sql}) ORDER BY ${order}`
      : `SELECT d.*, 0 AS rank FROM members m JOIN docs d ON d.rowid = m.doc WHERE m.view = ? AND (${where.sql}) ORDER BY ${order}`;
    const params = match ? [match, view, ...where.params] : [view, ...where.params];
    return this.db.prepare(sql).all(...params) as IndexRow[];
  }

  /** Indexed words within one edit of `word` (for typo tolerance), most frequent first. */
  nearWords(word: string, near: (a: string, b: string) => boolean): string[] {
    const rows = this.db.prepare('SELECT term FROM vocab WHERE length(term) BETWEEN ? AND ? ORDER BY cnt DESC').pluck().all(word.length - 1, word.length + 1) as string[];
    return rows.filter((t) => t !== word && near(t, word));
  }
}

/** Errors that mean the file is damaged (truncated, overwritten), not that the query is wrong. */
export function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN)/.test(code);
}

/** A compiled condition: SQL over the `docs` row `d`, with its parameters. */
export interface Compiled { sql: string; params: unknown[] }

export interface IndexRow {
  id: string; title: string; type: string; status: string; priority: string; severity: string; labels: string;
  milestone: string | null; topic: string | null; author_name: string; author_email: string; responsible: string | null;
  mentions: string; watchers: string; participants: string; created: string; updated: string; comments: number; votes: number; rank: number;
}
