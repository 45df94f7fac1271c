// Small persistent caches of facts about immutable git objects (a tree's entry, a tree's names).
import { isRecord, readCache, writeCache } from './json-file.js';

/** A bounded string-keyed map stored as one JSON file under .git/dit/, read once, written if changed. */
export class JsonMapCache<T> {
  private loading: Promise<Map<string, T>> | null = null;
  private dirty = false;
  constructor(
    private readonly dir: string,
    private readonly file: string,
    private readonly max: number,
  ) {}

  private load(): Promise<Map<string, T>> {
    this.loading ??= readCache(this.dir, this.file, (d): d is Record<string, T> => isRecord(d)).then(
      (d) => new Map(Object.entries(d ?? {})),
    );
    return this.loading;
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.load()).get(key);
  }

  async set(key: string, value: T): Promise<void> {
    const map = await this.load();
    map.delete(key); // re-insert so the newest stay when the bound trims the oldest
    map.set(key, value);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.loading) return;
    const entries = [...(await this.loading)];
    await writeCache(this.dir, this.file, Object.fromEntries(entries.slice(Math.max(0, entries.length - this.max))));
    this.dirty = false;
  }
}
