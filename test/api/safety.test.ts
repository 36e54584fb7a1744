/**
 * The API under hostile input: strict times and bounded windows, forged page tokens, bounded
 * cost estimates, prototype keys, array and body size limits, and work that ends when the
 * client leaves. Every case here answered 500, hung or did unbounded work before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, createApi } from '../../src/api';
import { parseTime } from '../../src/api/time';
import type { Insight, InsightQuery, InsightStore, Page } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { T0, insight, seedHistory } from './fixtures';

const DAY = 86_400_000;
const NOW = T0 + 7 * DAY;
type ErrorBody = { error: { code: string; message: string; field?: string } };

describe('API input safety', () => {
  let emb: EmbeddedStore;
  let errors: unknown[];
  let app: ReturnType<typeof createApi>;

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    await seedHistory(emb.store);
    errors = [];
    app = createApi({ store: emb.store, clock: { now: () => NOW }, onError: (e) => errors.push(e) });
  });
  afterAll(async () => {
    await emb.close();
    expect(errors).toEqual([]);
  });

  const expect400 = async (r: Response | Promise<Response>, field: string) => {
    const res = await r;
    const b = (await res.json()) as ErrorBody;
    expect({ status: res.status, code: b.error.code, field: b.error.field }).toEqual({ status: 400, code: 'BadRequest', field });
    expect(b.error.message).not.toContain('\n');
    return b.error.message;
  };

  describe('times', () => {
    it('accepts epoch ms and ISO-8601 with a zone only, within 1970–2200', () => {
      expect(parseTime('0')).toBe(0);
      expect(parseTime(String(T0))).toBe(T0);
      expect(parseTime('2026-01-01')).toBe(T0);
      expect(parseTime('2026-01-01T00:00:00Z')).toBe(T0);
      expect(parseTime('2026-01-01T01:00:00+01:00')).toBe(T0);
      expect(parseTime('2026-01-01T00:00:00.250Z')).toBe(T0 + 250);
      for (const bad of ['-1', '1.5', 'hello world 12', '12 hello', '1e3', '0x10', ' 5', '2026-02-30', '2026-13-01', '2026-01-01T00:00:00', '2026-01-01T24:00:00Z', '8640000000000000', '99999999999999999999', '+275760-09-13T00:00:00Z', 'Infinity', 'NaN', '']) {
        expect(parseTime(bad), bad).toBeUndefined();
      }
    });

    it('answers lenient or out-of-range times with 400 naming the field, on every route that takes one', async () => {
      for (const bad of ['-1', 'hello%20world%2012', '1.5', '8640000000000000', '99999999999999999999', '2026-02-30']) {
        await expect400(app.request(`/insights?from=${bad}`), 'from');
        await expect400(app.request(`/overview?to=${bad}`), 'to');
        await expect400(app.request(`/dora?from=${bad}`), 'from');
        await expect400(app.request(`/events?from=${bad}&to=${NOW}`), 'from');
        await expect400(app.request(`/insights/r1/anomalies/a1/series?to=${bad}`), 'to');
      }
    });

    it('caps the windows of /dora and /overview at 366 days', async () => {
      await expect400(app.request('/dora?from=0&to=7258118400000'), 'from');
      await expect400(app.request(`/dora?from=${NOW - 367 * DAY}&to=${NOW}`), 'from');
      await expect400(app.request(`/overview?from=${NOW - 367 * DAY}`), 'from');
      expect((await app.request(`/dora?from=${NOW - 366 * DAY}&to=${NOW}`)).status).toBe(200);
      expect((await app.request(`/overview?from=${NOW - 366 * DAY}&to=${NOW}`)).status).toBe(200);
      // A default window starting before 1970 starts at 0.
      expect(((await (await app.request('/overview?to=5')).json()) as { from: number }).from).toBe(0);
    });
  });

  describe('page tokens', () => {
    it('refuses forged tokens with 400, never reaching the store with them', async () => {
      const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
      const forged = [
        'e30', // {}
        b64([]),
        b64('x'),
        b64({ pk: 'INSIGHT#r1' }),
        b64({ pk: 'CONFIG', sk: 'coverage', gsi1pk: 'INSIGHTS', gsi1sk: '0000000000000#x' }),
        b64({ pk: 'INSIGHT#r1', sk: 'INSIGHT', gsi1pk: 'INSIGHTS', gsi1sk: 5 }),
        b64({ pk: 'INSIGHT#r1', sk: 'INSIGHT', gsi1pk: 'INSIGHTS', gsi1sk: 'x'.repeat(1100) }),
        // A key of the other index: valid for status-filtered pages only.
        b64({ pk: 'INSIGHT#r1', sk: 'INSIGHT', gsi2pk: 'STATUS#CLOSED', gsi2sk: `${String(T0).padStart(13, '0')}#r1` }),
      ];
      for (const token of forged) await expect400(app.request(`/insights?nextToken=${token}`), 'nextToken');
      // The same key with a different status than the one it was issued for.
      const page = (await (await app.request('/insights?status=CLOSED&limit=1')).json()) as { nextToken: string };
      expect(page.nextToken).toBeDefined();
      expect((await app.request(`/insights?status=CLOSED&limit=1&nextToken=${page.nextToken}`)).status).toBe(200);
      await expect400(app.request(`/insights?status=ONGOING&limit=1&nextToken=${page.nextToken}`), 'nextToken');
      // A token with anything around it (padding, whitespace) is not one the API issued.
      await expect400(app.request(`/insights?status=CLOSED&limit=1&nextToken=${page.nextToken}%3D`), 'nextToken');
      const key = JSON.parse(Buffer.from(page.nextToken, 'base64url').toString('utf8')) as Record<string, string>;
      await expect400(app.request(`/insights?status=CLOSED&limit=1&nextToken=${Buffer.from(` ${JSON.stringify(key)}`).toString('base64url')}`), 'nextToken');
    });

    it('refuses forged anomaly page tokens in the store', async () => {
      await expect(emb.store.listAnomaliesForInsight('r1', { nextToken: 'e30' })).rejects.toThrow(/nextToken/);
      const first = await emb.store.listAnomaliesForInsight('r1', { limit: 1 });
      expect(first.nextToken).toBeDefined();
      expect((await emb.store.listAnomaliesForInsight('r1', { limit: 1, nextToken: first.nextToken })).items).toHaveLength(1);
      await expect(emb.store.listAnomaliesForInsight('r2', { limit: 1, nextToken: first.nextToken })).rejects.toThrow(/nextToken/);
    });
  });

  describe('/cost', () => {
    it('caps the resources priced in one request', async () => {
      const msg = await expect400(app.request('/cost?resources=lambda=99999'), 'resources');
      expect(msg).toContain('at most 1000');
      await expect400(app.request('/cost?resources=lambda=600,dynamodb=401'), 'resources');
      await expect400(app.request('/cost?resources=lambda=1000,lambda=1'), 'resources');
      expect((await app.request('/cost?resources=lambda=600,dynamodb=400')).status).toBe(200);
    });

    it('never reads the object prototype for a resource kind', async () => {
      for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
        await expect400(app.request(`/cost?resources=${kind}=1`), 'resources');
      }
    });

    it('takes KIND=COUNT pairs exactly, and whole numbers only for the cadences', async () => {
      await expect400(app.request('/cost?resources=lambda=1,,ec2=1'), 'resources');
      await expect400(app.request('/cost?resources=lambda=1%20'), 'resources');
      await expect400(app.request('/cost?resources=lambda=1&goldenMinutes=1e1'), 'goldenMinutes');
      await expect400(app.request('/cost?resources=lambda=1&capacityMinutes=0x10'), 'capacityMinutes');
      await expect400(app.request('/insights?limit=%205'), 'limit');
    });
  });

  describe('sizes', () => {
    const put = (body: BodyInit, headers: Record<string, string> = {}) =>
      app.request('/coverage', { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body });

    it('refuses a coverage of 70,000 stacks with 400 naming stacks, and keeps the stored one', async () => {
      const ok = await put(JSON.stringify({ mode: 'stacks', stacks: ['shop'] }));
      expect(ok.status).toBe(200);
      const stacks = Array.from({ length: 70_000 }, (_, i) => `s${i.toString(36)}`);
      const msg = await expect400(put(JSON.stringify({ mode: 'stacks', stacks })), 'stacks');
      expect(msg).toContain('at most 1000');
      await expect400(put(JSON.stringify({ mode: 'tags', tagKey: 'opsight-team', tagValues: stacks.slice(0, 1001) })), 'tagValues');
      expect(((await (await app.request('/coverage')).json()) as { coverage: unknown }).coverage).toEqual({ mode: 'stacks', stacks: ['shop'] });
      // The largest coverage allowed is stored.
      const most = Array.from({ length: 1000 }, (_, i) => `S${i}`.padEnd(128, 'x'));
      expect((await put(JSON.stringify({ mode: 'stacks', stacks: most }))).status).toBe(200);
    });

    it('refuses a body over the limit with 413 before parsing it, streamed or not', async () => {
      const big = 'x'.repeat(MAX_BODY_BYTES + 1); // not even JSON: it is never parsed
      const r = await put(big);
      expect(r.status).toBe(413);
      expect(((await r.json()) as ErrorBody).error).toMatchObject({ code: 'PayloadTooLarge', field: 'body' });
      let pulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(120);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.byteLength;
          if (pulled > 20 * 1024 * 1024) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const s = await app.request('/coverage', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
      expect(s.status).toBe(413);
      // Reading stopped shortly after the limit, far from the 20 MB offered.
      expect(pulled).toBeLessThan(MAX_BODY_BYTES + 4 * chunk.byteLength);
    });
  });

  describe('a client that leaves', () => {
    it('stops a request’s store reads at the next page', async () => {
      // A store whose insight listing never ends: every page has a next one.
      let calls = 0;
      let leave = () => {};
      const endless: InsightStore = {
        ...emb.store,
        listCollections: async () => [],
        listEvents: async () => [],
        listInsights: async (q: InsightQuery): Promise<Page<Insight>> => {
          calls++;
          if (calls === 3) leave();
          await new Promise((r) => setImmediate(r));
          return { items: [insight(`i${calls}`, { timeRange: { start: T0 } })], nextToken: `t${q.nextToken ?? ''}x` };
        },
      } as unknown as InsightStore;
      const api = createApi({ store: endless, clock: { now: () => NOW } });
      for (const path of ['/health', '/overview', '/dora', '/collections']) {
        calls = 0;
        const left = new Promise<void>((resolve) => (leave = resolve));
        const client = new AbortController();
        const answered = api.request(path, { signal: client.signal });
        await left;
        client.abort();
        const r = await answered;
        expect(r.status, path).toBe(499);
        const after = calls;
        await new Promise((r2) => setTimeout(r2, 20));
        expect(calls, path).toBe(after);
        expect(calls, path).toBeLessThanOrEqual(4);
      }
    });
  });
});
