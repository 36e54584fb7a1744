import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import type { Anomaly, Insight, OpsEvent, Resource } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { T0, history, insight, seedHistory } from './fixtures';

const DAY = 86_400_000;
/** The API's clock: one week after T0, i.e. the end of the fixture history. */
const NOW = T0 + 7 * DAY;

type ErrorBody = { error: { code: string; message: string; field?: string } };

async function body<T>(r: Response): Promise<T> {
  return (await r.json()) as T;
}

describe('REST API', () => {
  let emb: EmbeddedStore;
  let errors: unknown[];
  let app: ReturnType<typeof createApi>;
  const h = history();

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    await seedHistory(emb.store, h);
    errors = [];
    app = createApi({ store: emb.store, clock: { now: () => NOW }, onError: (e) => errors.push(e) });
  });
  afterAll(async () => {
    await emb.close();
  });

  const expect400 = async (r: Response | Promise<Response>, field: string) => {
    const res = await r;
    const b = await body<ErrorBody>(res);
    expect({ status: res.status, code: b.error.code, field: b.error.field }).toEqual({ status: 400, code: 'BadRequest', field });
    expect(b.error.message).toContain(field.split('.')[0]!);
  };

  describe('GET /insights', () => {
    it('pages through every insight, newest first, without duplicates', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const r = await app.request(`/insights?limit=3${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
        expect(r.status).toBe(200);
        const page = await body<{ insights: Insight[]; nextToken?: string }>(r);
        expect(page.insights.length).toBeLessThanOrEqual(3);
        seen.push(...page.insights.map((i) => i.id));
        token = page.nextToken;
        pages++;
      } while (token && pages < 10);
      expect(pages).toBeGreaterThanOrEqual(3);
      const byStart = [...h.insights].sort((a, b) => b.timeRange.start - a.timeRange.start).map((i) => i.id);
      expect(seen).toEqual(byStart);
    });

    it('filters by status, type, severity, stack and time range', async () => {
      const ids = async (q: string) => (await body<{ insights: Insight[] }>(await app.request(`/insights?${q}`))).insights.map((i) => i.id).sort();
      expect(await ids('status=ONGOING')).toEqual(['p1', 'r3', 'r5']);
      expect(await ids('type=PROACTIVE')).toEqual(['p1']);
      expect(await ids('severity=HIGH')).toEqual(['r1', 'r3']);
      expect(await ids('stack=payments')).toEqual(['r4', 'r5']);
      expect(await ids('status=CLOSED&stack=shop')).toEqual(['r1', 'r2']);
      // Overlapping [day 2, day 3 12:00]: r4 (day 2) and r6 (day 3); the open ones start later.
      expect(await ids(`from=${T0 + 2 * DAY}&to=${T0 + 3 * DAY + DAY / 2}`)).toEqual(['r4', 'r6']);
      // ISO-8601 times are accepted too.
      expect(await ids(`from=${new Date(T0 + 2 * DAY).toISOString()}&to=${new Date(T0 + 3 * DAY + DAY / 2).toISOString()}`)).toEqual(['r4', 'r6']);
    });

    it('answers bad input with 400 naming the field', async () => {
      await expect400(app.request('/insights?severity=EXTREME'), 'severity');
      await expect400(app.request('/insights?status=OPEN'), 'status');
      await expect400(app.request('/insights?type=reactive'), 'type');
      await expect400(app.request('/insights?limit=0'), 'limit');
      await expect400(app.request('/insights?limit=101'), 'limit');
      await expect400(app.request('/insights?limit=ten'), 'limit');
      await expect400(app.request('/insights?from=yesterday'), 'from');
      await expect400(app.request(`/insights?from=${T0 + DAY}&to=${T0}`), 'from');
      await expect400(app.request('/insights?nextToken=not-a-token'), 'nextToken');
    });
  });

  describe('GET /insights/{id}', () => {
    it('describes an insight with its anomalies, ranked relevant events and recommendations', async () => {
      const r = await app.request('/insights/r1');
      expect(r.status).toBe(200);
      const d = await body<{ insight: Insight; anomalies: Anomaly[]; events: OpsEvent[]; recommendations: Insight['recommendations'] }>(r);
      expect(d.insight.id).toBe('r1');
      expect(d.anomalies.map((a) => a.id)).toEqual(['a1', 'a2']);
      expect(d.anomalies[0]!.evidence).toHaveLength(4);
      expect(d.events.map((e) => e.id)).toEqual(['d-1', 'c-1']);
      expect(d.recommendations.map((x) => x.name)).toEqual(['Roll back']);
    });

    it('404s an unknown id', async () => {
      const r = await app.request('/insights/nope');
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: { code: 'NotFound', message: 'No insight with id nope' } });
    });
  });

  describe('PUT /insights/{id}/feedback', () => {
    const put = (id: string, payload: string, type = 'application/json') =>
      app.request(`/insights/${id}/feedback`, { method: 'PUT', body: payload, headers: { 'content-type': type } });

    it('stores feedback on the insight and in its history', async () => {
      const r = await put('r2', JSON.stringify({ value: 'ALERT_TOO_SENSITIVE' }));
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ feedback: { insightId: 'r2', value: 'ALERT_TOO_SENSITIVE', at: NOW } });
      const after = await body<{ insight: Insight }>(await app.request('/insights/r2'));
      expect(after.insight.feedback).toBe('ALERT_TOO_SENSITIVE');
      expect((await emb.store.listFeedback('r2')).map((f) => f.value)).toEqual(['ALERT_TOO_SENSITIVE']);
    });

    it('404s an unknown insight and 400s bad bodies naming the field', async () => {
      expect((await put('nope', JSON.stringify({ value: 'VALID_COLLECTION' }))).status).toBe(404);
      await expect400(put('r2', JSON.stringify({ value: 'GREAT' })), 'value');
      await expect400(put('r2', JSON.stringify({})), 'value');
      await expect400(put('r2', JSON.stringify({ value: 'VALID_COLLECTION', extra: 1 })), 'extra');
      await expect400(put('r2', '{not json'), 'body');
      const form = await put('r2', 'value=VALID_COLLECTION', 'application/x-www-form-urlencoded');
      expect(form.status).toBe(415);
      expect(await body<ErrorBody>(form)).toEqual({ error: { code: 'UnsupportedMediaType', message: 'Unsupported media type: send application/json', field: 'body' } });
      // Nothing above changed the stored feedback.
      expect((await body<{ insight: Insight }>(await app.request('/insights/r2'))).insight.feedback).toBe('ALERT_TOO_SENSITIVE');
    });
  });

  describe('GET /events', () => {
    it('lists events of a window, oldest first, optionally by stack', async () => {
      const all = await body<{ events: OpsEvent[] }>(await app.request(`/events?from=${T0}&to=${NOW}`));
      expect(all.events.map((e) => e.id)).toEqual(['c-1', 'd-1', 'd-3', 'd-2']);
      const pay = await body<{ events: OpsEvent[] }>(await app.request(`/events?from=${T0}&to=${NOW}&stack=payments`));
      expect(pay.events.map((e) => e.id)).toEqual(['d-3']);
    });

    it('requires a window of at most 31 days', async () => {
      await expect400(app.request(`/events?to=${NOW}`), 'from');
      await expect400(app.request(`/events?from=${T0}&to=${T0 + 32 * DAY}`), 'to');
    });
  });

  describe('health and overview', () => {
    it('GET /health counts open insights and the MTTR of closed reactive ones, per collection', async () => {
      const r = await body<{
        openReactive: number;
        openProactive: number;
        mttrMinutes: number;
        collections: Array<{ collection: { name: string }; openReactive: number; openProactive: number; closedReactive: number; mttrMinutes: number | null }>;
      }>(await app.request('/health'));
      // Closed reactive: r1 30, r2 90, r4 60, r6 120 minutes → mean 75.
      expect(r).toMatchObject({ openReactive: 2, openProactive: 1, mttrMinutes: 75 });
      const shop = r.collections.find((c) => c.collection.name === 'shop');
      expect(shop).toMatchObject({ openReactive: 1, openProactive: 1, closedReactive: 2, mttrMinutes: 60 });
      expect(r.collections.map((c) => c.collection.name).sort()).toEqual(['payments', 'shop', 'team-a']);
    });

    it('GET /overview counts the insights of a window', async () => {
      const r = await body<Record<string, unknown>>(await app.request(`/overview?from=${T0 + 2 * DAY}&to=${T0 + 5 * DAY}`));
      // Starting in [day 2, day 5]: r4 (day 2), r6 (day 3), r5 (day 4), p1 (day 5).
      expect(r).toMatchObject({ reactiveInsights: 3, proactiveInsights: 1, mttrMinutes: 90, bySeverity: { LOW: 2, MEDIUM: 2, HIGH: 0 } });
      const def = await body<{ from: number; to: number; reactiveInsights: number }>(await app.request('/overview'));
      expect(def).toMatchObject({ to: NOW, from: NOW - 30 * DAY, reactiveInsights: 6 });
      await expect400(app.request('/overview?from=soon'), 'from');
    });

    it('GET /collections and /collections/{name} give per-stack health, 404 for unknown names', async () => {
      const list = await body<{ collections: Array<{ collection: { name: string; type: string } }> }>(await app.request('/collections'));
      expect(list.collections).toHaveLength(3);
      const pay = await app.request('/collections/payments');
      expect(pay.status).toBe(200);
      expect(await pay.json()).toMatchObject({ collection: { type: 'STACK', name: 'payments' }, openReactive: 1, closedReactive: 1, mttrMinutes: 60 });
      const tag = await body<{ collection: { type: string; tagKey?: string } }>(await app.request('/collections/team-a'));
      expect(tag.collection).toEqual({ type: 'TAG', name: 'team-a', tagKey: 'devops-guru-team' });
      expect((await app.request('/collections/nowhere')).status).toBe(404);
    });

    it('GET /dora reports deployment frequency, change-failure rate and MTTR per stack', async () => {
      const r = await body<{ days: number; total: Record<string, unknown>; stacks: Array<Record<string, unknown>> }>(
        await app.request(`/dora?from=${T0}&to=${NOW}`),
      );
      expect(r.days).toBe(7);
      // Deployments: d-1 (blamed by r1) and d-2 in shop, d-3 in payments.
      expect(r.total).toMatchObject({ stack: 'all', deployments: 3, failedDeployments: 1, changeFailureRate: 0.333 });
      expect(r.stacks.find((s) => s.stack === 'shop')).toMatchObject({ deployments: 2, deploymentsPerDay: 0.29, failedDeployments: 1, changeFailureRate: 0.5, mttrMinutes: 60 });
      expect(r.stacks.find((s) => s.stack === 'payments')).toMatchObject({ deployments: 1, changeFailureRate: 0 });
      const one = await body<{ stacks: Array<{ stack: string }> }>(await app.request(`/dora?from=${T0}&to=${NOW}&stack=payments`));
      expect(one.stacks.map((s) => s.stack)).toEqual(['payments']);
      await expect400(app.request(`/dora?from=${NOW}&to=${T0}`), 'from');
    });
  });

  describe('coverage and cost', () => {
    it('GET /coverage reports the default until PUT /coverage stores one', async () => {
      expect(await (await app.request('/coverage')).json()).toEqual({ coverage: { mode: 'account' }, updatedAt: null });
      const put = await app.request('/coverage', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'stacks', stacks: ['shop', 'payments'] }),
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ coverage: { mode: 'stacks', stacks: ['shop', 'payments'] }, updatedAt: NOW });
      // Stored in the table: a fresh router on the same store sees it.
      const other = createApi({ store: emb.store });
      expect(await (await other.request('/coverage')).json()).toEqual({ coverage: { mode: 'stacks', stacks: ['shop', 'payments'] }, updatedAt: NOW });
    });

    it('PUT /coverage rejects bad documents naming the field', async () => {
      const put = (doc: unknown) => app.request('/coverage', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      await expect400(put({ mode: 'everything' }), 'mode');
      await expect400(put({ mode: 'stacks', stacks: ['9-not-a-stack'] }), 'stacks.0');
      await expect400(put({ mode: 'tags', tagKey: 'team' }), 'tagKey');
      await expect400(put({ mode: 'account', stacks: [] }), 'stacks');
    });

    it('GET /cost prices resources with the cost model, beside DevOps Guru', async () => {
      const r = await app.request('/cost?resources=lambda=1,dynamodb=1,ec2=1');
      expect(r.status).toBe(200);
      const c = await body<{
        resources: number;
        cadence: { goldenSignalsMinutes: number; capacityMinutes: number };
        lines: Array<{ service: string; quantity: number; usd: number; unitUsd: number; kind: string }>;
        totalUsd: number;
        devOpsGuru: { groupA: number; groupB: number; usd: number };
        ratio: number;
      }>(r);
      expect(c.resources).toBe(3);
      expect(c.cadence).toEqual({ goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 15 });
      expect(c.totalUsd).toBeCloseTo(c.lines.reduce((s, l) => s + l.usd, 0), 6);
      expect(c.lines.find((l) => l.service === 'KMS key (SNS topics)')).toMatchObject({ quantity: 1, unitUsd: 1, kind: 'fixed' });
      expect(c.devOpsGuru.groupA + c.devOpsGuru.groupB).toBe(3);
      expect(c.ratio).toBeCloseTo(c.totalUsd / c.devOpsGuru.usd, 6);
      // Three resources barely pay for the stack's fixed costs; a mid-size account costs under 0.08 of DevOps Guru.
      expect(c.ratio).toBeLessThan(1);
      const mid = await body<{ ratio: number }>(await app.request('/cost?resources=lambda=200,dynamodb=50,ec2=40,rds=10,sqs=20,apigateway=10'));
      expect(mid.ratio).toBeLessThanOrEqual(0.08);
      // A slower cadence requests fewer metrics.
      const slow = await body<{ lines: Array<{ service: string; quantity: number }> }>(await app.request('/cost?resources=lambda=1,dynamodb=1,ec2=1&goldenMinutes=15'));
      const metrics = (x: { lines: Array<{ service: string; quantity: number }> }) => x.lines.find((l) => l.service === 'CloudWatch GetMetricData')!.quantity;
      expect(metrics(slow)).toBeLessThan(metrics(c));
    });

    it('GET /cost rejects bad input naming the field', async () => {
      await expect400(app.request('/cost'), 'resources');
      await expect400(app.request('/cost?resources=mainframe=2'), 'resources');
      await expect400(app.request('/cost?resources=lambda=0'), 'resources');
      await expect400(app.request('/cost?resources=lambda=1&goldenMinutes=0'), 'goldenMinutes');
      await expect400(app.request('/cost?resources=lambda=1&mode=huge'), 'mode');
    });

    it('GET /cost defaults to the covered resources when a catalog is given', async () => {
      const lambda: Resource = {
        id: 'f',
        type: 'AWS::Lambda::Function',
        name: 'f',
        tags: {},
        series: [{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, stat: 'Sum', periodSeconds: 300, kind: 'count' }],
      };
      const withCatalog = createApi({ store: emb.store, catalog: { list: async () => [lambda] } });
      const c = await body<{ resources: number; series: { golden: number; capacity: number } }>(await withCatalog.request('/cost'));
      expect(c.resources).toBe(1);
      expect(c.series.golden + c.series.capacity).toBe(1);
    });

    it('GET /coverage/resources counts resources by type and series by cadence tier, per stack', async () => {
      const fn = (name: string, stack?: string): Resource => ({
        id: name,
        type: 'AWS::Lambda::Function',
        name,
        ...(stack ? { stack } : {}),
        tags: {},
        series: ['Errors', 'Duration', 'Invocations'].map((metricName) => ({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: name }, stat: 'Sum', periodSeconds: 300, kind: 'count' as const })),
      });
      const queue: Resource = { id: 'q', type: 'AWS::SQS::Queue', name: 'q', stack: 'b', tags: {}, series: [] };
      const withCatalog = createApi({ store: emb.store, catalog: { list: async () => [fn('f1', 'b'), fn('f2', 'a'), queue, fn('loose')] } });
      const r = await withCatalog.request('/coverage/resources');
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({
        cadence: { goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 15 },
        stacks: [
          { stack: 'a', resources: 1, types: { 'AWS::Lambda::Function': 1 }, series: { golden: 2, capacity: 1 } },
          { stack: 'b', resources: 2, types: { 'AWS::Lambda::Function': 1, 'AWS::SQS::Queue': 1 }, series: { golden: 2, capacity: 1 } },
          { stack: null, resources: 1, types: { 'AWS::Lambda::Function': 1 }, series: { golden: 2, capacity: 1 } },
        ],
      });
      // Without a catalog the covered resources are unknown: a 404 that says so.
      const none = await app.request('/coverage/resources');
      expect(none.status).toBe(404);
      expect((await body<ErrorBody>(none)).error.message).toBe('the covered resources are not known here');
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const r = await app.request('/nothing/here');
    expect(r.status).toBe(404);
    expect(await body<ErrorBody>(r)).toEqual({ error: { code: 'NotFound', message: 'No route GET /nothing/here' } });
  });

  it('hides internal errors and reports them to onError', async () => {
    const seen: unknown[] = [];
    const broken = createApi({
      store: { ...emb.store, getInsight: async () => Promise.reject(new Error('secret detail at /srv/x.ts:1')) } as never,
      onError: (e) => seen.push(e),
    });
    const r = await broken.request('/insights/x');
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'InternalError', message: 'Internal error' } });
    expect(text).not.toContain('secret');
    expect(seen).toHaveLength(1);
    expect(errors).toHaveLength(0);
  });

  it('keeps insights written with the old shape readable', async () => {
    await emb.store.saveInsight(insight('old', { timeRange: { start: T0 - DAY, end: T0 - DAY + 60_000 } }));
    const r = await app.request('/insights/old');
    expect((await body<{ events: unknown[] }>(r)).events).toEqual([]);
  });
});
