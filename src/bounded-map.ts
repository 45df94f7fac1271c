// A map that forgets its least recently used entries beyond a count and a byte bound.

/** Rough size in bytes of a JSON-like value (strings at two bytes a character), for cache bounds. */
export function sizeOf(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8;
  switch (typeof value) {
    case 'string':
      return 16 + value.length * 2;
    case 'number':
    case 'boolean':
      return 8;
    case 'object': {
      if (depth > 16) return 64;
      if (Buffer.isBuffer(value)) return 64 + value.length;
      let n = 32;
      if (value instanceof Map) {
        for (const [k, v] of value) n += sizeOf(k, depth + 1) + sizeOf(v, depth + 1);
      } else if (Array.isArray(value) || value instanceof Set) {
        for (const v of value) n += 8 + sizeOf(v, depth + 1);
      } else {
        for (const [k, v] of Object.entries(value)) n += k.length * 2 + 16 + sizeOf(v, depth + 1);
      }
      return n;
    }
    default:
      return 16;
  }
}

export interface Bounds {
  /** At most this many entries. */
  entries: number;
  /** At most about this many bytes, as `sizeOf` (or the caller) measures them. */
  bytes: number;
}

/**
 * Least recently used entries go first when either bound is passed. An entry larger than the byte
 * bound on its own is not kept at all. A value may be a promise: its size is taken when it settles.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly bounds: Bounds,
    private readonly measure: (value: V) => number = sizeOf,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Bytes held, as measured. */
  get bytes(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key); // most recently used last
    this.map.set(key, hit);
    return hit.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V, bytes = this.measure(value)): this {
    this.delete(key);
    if (bytes > this.bounds.bytes) return this;
    this.map.set(key, { value, bytes });
    this.total += bytes;
    this.trim();
    return this;
  }

  /** Keeps a promise now and measures what it resolves to; a rejected promise is dropped. */
  setPromise<T>(key: K, value: V & Promise<T>, measure: (settled: T) => number = sizeOf): this {
    this.set(key, value, 64);
    value.then(
      (settled) => {
        const hit = this.map.get(key);
        if (hit?.value !== value) return;
        const bytes = measure(settled);
        this.total += bytes - hit.bytes;
        hit.bytes = bytes;
        if (bytes > this.bounds.bytes) this.delete(key);
        else this.trim();
      },
      () => {
        if (this.map.get(key)?.value === value) this.delete(key);
      },
    );
    return this;
  }

  delete(key: K): boolean {
    const hit = this.map.get(key);
    if (!hit) return false;
    this.map.delete(key);
    this.total -= hit.bytes;
    return true;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  private trim(): void {
    while (this.map.size > this.bounds.entries || this.total > this.bounds.bytes) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }
}
