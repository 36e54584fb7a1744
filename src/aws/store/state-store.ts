/** StateStore on DynamoDB: one item per series (pk STATE#<seriesKey>), its state deflated. */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ValidationError, type StateStore } from '../../core';
import type { Item, StoreContext } from './shared';

/** JSON replacer: fractions to seven significant digits, integers as they are. */
function sevenDigits(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(7)) : v;
}

/** DynamoDB's item limit is 400 KB; refuse well before it. */
export const MAX_STATE_BYTES = 350_000;

export class DynamoStateStore implements StateStore {
  constructor(private readonly ctx: StoreContext) {}

  // ---- detector state (one item per series, each a few KB) ----------------------------------

  /**
   * A state as stored: its JSON with fractions to seven significant digits (a state holds
   * running statistics: single precision is plenty, and full-precision digits do not compress),
   * deflated. DynamoDB bills writes per KB, and a detector state (about 2 KB of JSON) deflates to
   * about 0.8 KB, so each series' write costs one unit, not two.
   */
  stateData(key: string, value: unknown): Uint8Array {
    const data = Buffer.from(JSON.stringify(value, sevenDigits), 'utf8');
    const packed = deflateRawSync(data);
    if (packed.byteLength > MAX_STATE_BYTES) {
      throw new ValidationError(`State of ${key} is ${packed.byteLength} bytes deflated, above the ${MAX_STATE_BYTES}-byte limit`, 'state');
    }
    return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
  }

  /** Reads a stored state: deflated JSON (`z`), or plain JSON (`data`) as written before. */
  stateValue(item: Item): unknown {
    const z = item.z;
    if (z instanceof Uint8Array) return JSON.parse(inflateRawSync(z).toString('utf8'));
    return JSON.parse(String(item.data));
  }

  async getStates(keys: readonly string[]): Promise<Map<string, unknown>> {
    const items = await this.ctx.batchGet([...new Set(keys)].map((k) => ({ pk: `STATE#${k}`, sk: 'STATE' })));
    const out = new Map<string, unknown>();
    for (const it of items) out.set(String(it.pk).slice('STATE#'.length), this.stateValue(it));
    return out;
  }

  async putStates(entries: ReadonlyMap<string, unknown>): Promise<void> {
    await this.ctx.batchPut([...entries].map(([k, v]) => ({ pk: `STATE#${k}`, sk: 'STATE', z: this.stateData(k, v) })));
  }
}
