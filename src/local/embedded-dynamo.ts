/**
 * The embedded default: the real DynamoDB engine `dynalite` (LevelDB on disk) started
 * in-process on a loopback port, so the same DynamoStore code runs locally and in AWS.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { UpstreamError } from '../core';
import { DynamoStore } from '../aws/store/dynamo-store';
import { DEFAULT_TABLE_NAME, createTableInput } from '../aws/store/table';

type IteratorClass = { prototype: { return?: () => Promise<unknown>; close(): Promise<void> } };

/**
 * dynalite reads LevelDB through streams that end by calling the iterator's `return()`, which
 * abstract-level's iterators do not have (they have `close()`): every query (index queries
 * most) left an iterator and its LevelDB snapshot open until the database closed, so a server
 * answering requests grew by tens of KB per query. Giving the iterators `return()` closes each
 * one when its stream ends or is destroyed. Applied once, to the abstract-level that dynalite
 * itself loads; returns the classes patched (for tests).
 */
export function closeLevelIteratorsOnReturn(): IteratorClass[] {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const level = fromDynalite('abstract-level') as Record<string, IteratorClass | undefined>;
  const classes = [level.AbstractIterator, level.AbstractKeyIterator, level.AbstractValueIterator].filter((c): c is IteratorClass => c !== undefined);
  for (const c of classes) {
    if (typeof c.prototype.return === 'function') continue;
    c.prototype.return = async function (this: { close(): Promise<void> }) {
      await this.close();
      return { done: true, value: undefined };
    };
  }
  return classes;
}

export interface EmbeddedStoreOptions {
  /** Folder for the LevelDB files; omitted = in memory (tests). */
  readonly path?: string;
  readonly tableName?: string;
  /** @default 90 */
  readonly retentionDays?: number;
}

export interface EmbeddedStore {
  readonly store: DynamoStore;
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly tableName: string;
  close(): Promise<void>;
}

/** Creates the table if it does not exist yet and waits until it is ACTIVE. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  }
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * LevelDB allows one process per folder: claim it with a pid file created atomically
 * (exclusive create, so two processes starting together cannot both win) and fail clearly
 * if it is taken. A pid file left by a process that no longer runs is replaced.
 */
function claimFolder(path: string): () => void {
  const lock = join(path, 'opsight.pid');
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lock, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    let owner: number | undefined;
    try {
      owner = Number(readFileSync(lock, 'utf8').trim());
    } catch {
      owner = undefined;
    }
    if (owner && Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new UpstreamError(`The data folder ${path} is in use by another Opsight process (pid ${owner}); stop it or choose another folder with OPSIGHT_DATA_DIR.`);
    }
    // Stale (its process is gone) or unreadable: remove it and try once more.
    rmSync(lock, { force: true });
  }
}

export async function startEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  closeLevelIteratorsOnReturn();
  let release = () => {};
  if (options.path) {
    mkdirSync(options.path, { recursive: true });
    release = claimFolder(options.path);
  }
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  try {
    await ensureTable(client, tableName);
  } catch (err) {
    server.close();
    release();
    throw err;
  }
  const store = new DynamoStore({ client, tableName, retentionDays: options.retentionDays });
  return {
    store,
    client,
    endpoint,
    tableName,
    close: async () => {
      try {
        client.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } finally {
        release();
      }
    },
  };
}
