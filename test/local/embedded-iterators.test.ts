/**
 * The embedded engine closes every LevelDB iterator a query opens. Before, each query left one
 * open (with its snapshot) until the database closed: memory grew with every request served.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeLevelIteratorsOnReturn, startEmbeddedStore } from '../../src/local/embedded-dynamo';
import { history } from '../api/fixtures';

type Iter = { close(): Promise<void>; next(...a: unknown[]): Promise<unknown> };

describe('embedded store iterators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-iter-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes the iterator of every query, index queries included, once the query has answered', async () => {
    // Watch the iterators of the abstract-level that dynalite uses: those read from, those closed.
    const [iterator] = closeLevelIteratorsOnReturn();
    const common = Object.getPrototypeOf(iterator!.prototype) as Iter;
    const read = new Set<Iter>();
    const closed = new Set<Iter>();
    const { next, close } = common;
    common.next = function (this: Iter, ...args: unknown[]) {
      read.add(this);
      return next.apply(this, args);
    };
    common.close = function (this: Iter) {
      closed.add(this);
      return close.apply(this);
    };
    const restore = [() => Object.assign(common, { next, close })];
    const emb = await startEmbeddedStore({ path: join(dir, 'data') });
    try {
      for (const i of history().insights) await emb.store.saveInsight(i);
      read.clear();
      closed.clear();
      for (let k = 0; k < 20; k++) {
        await emb.store.listInsights({ limit: 2 }); // gsi1, stops before the end
        await emb.store.listInsights({ status: 'ONGOING' }); // gsi2, to the end
        await emb.store.listCollections(); // the table itself
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(read.size).toBeGreaterThanOrEqual(60);
      expect([...read].filter((it) => !closed.has(it))).toHaveLength(0);
    } finally {
      await emb.close();
      for (const undo of restore) undo();
    }
  });
});
