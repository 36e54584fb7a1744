/**
 * Reads the aggregate routes repeat, kept in memory while the store's revision (bumped by every
 * write that can change them) stays the same. The revision is read at most once per
 * `checkEveryMs`, and an entry older than `maxAgeMs` is read again whatever the revision says,
 * so a write whose bump was lost is seen within that time. Bounded: at most `maxEntries`
 * entries, least recently used first out.
 */
export interface RevisionCacheOptions {
  /** Reads the store's revision. */
  readonly revision: () => Promise<number>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default 1000 */
  readonly checkEveryMs?: number;
  /** @default 60000 */
  readonly maxAgeMs?: number;
  /** @default 512 */
  readonly maxEntries?: number;
}

export class RevisionCache {
  private readonly entries = new Map<string, { revision: number; at: number; value: Promise<unknown> }>();
  private current: { revision: Promise<number>; at: number } | undefined;
  private readonly now: () => number;
  private readonly checkEveryMs: number;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: RevisionCacheOptions) {
    this.now = options.now ?? Date.now;
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 512;
  }

  private revision(): Promise<number> {
    const t = this.now();
    if (!this.current || t - this.current.at >= this.checkEveryMs) {
      const revision = this.options.revision();
      this.current = { revision, at: t };
      // A failed read is not kept: the next call reads again.
      revision.catch(() => {
        if (this.current?.revision === revision) this.current = undefined;
      });
    }
    return this.current.revision;
  }

  /** The value of `key` at the store's current revision: cached, or computed once and kept. */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const revision = await this.revision();
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.revision === revision && t - hit.at < this.maxAgeMs) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    const entry = { revision, at: t, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A failed read is not kept.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
