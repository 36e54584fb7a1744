import { describe, expect, it } from 'vitest';
import { RevisionCache } from '../../src/api/cache';

describe('RevisionCache', () => {
  it('keeps a value while the revision holds, reads again when it moves, when it is old, and when it failed', async () => {
    let revision = 1;
    let reads = 0;
    let t = 0;
    const cache = new RevisionCache({ revision: async () => (reads++, revision), now: () => t, checkEveryMs: 10, maxAgeMs: 100, maxEntries: 2 });
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    expect(reads).toBe(1); // the revision is read at most every 10 ms
    revision = 2;
    expect(await cache.get('a', compute)).toBe(1); // not yet read again
    t = 10;
    expect(await cache.get('a', compute)).toBe(2);
    t = 200; // older than maxAgeMs, same revision
    expect(await cache.get('a', compute)).toBe(3);
    await expect(cache.get('b', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('b', compute)).toBe(4);
    // Bounded: the least recently used entry leaves.
    await cache.get('c', compute);
    expect(cache.size).toBe(2);
  });
});
