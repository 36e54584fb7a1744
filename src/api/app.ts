/**
 * The REST API: one Hono router with zod-validated input and a generated OpenAPI 3.1
 * document, served by API Gateway's Lambda (see lambda.ts) and by the local server.
 */
import { OpenAPIHono, createRoute, type z } from '@hono/zod-openapi';
import {
  ACCOUNT_STATUS_DOCUMENT,
  CoverageSchema,
  NotFoundError,
  doraMetrics,
  ValidationError,
  parseOrThrow,
  type Clock,
  type ConfigStore,
  type Coverage as CoverageT,
  type InsightStore,
  type InsightSummaries,
  type CollectionSummary,
  type Insight,
  type MetricSource,
  type OpsEvent,
  type Resource,
  type ResourceCatalog,
  type StateStore,
  loadEventBacklog,
} from '../core';
import { RESOURCE_ALIASES, estimateMonthlyCost, syntheticCoverage } from '../aws/cost';
import { DEFAULT_CADENCE, coverageByStack } from '../aws/coverage';
import { ClientGoneError, untilAborted } from './abort';
import { limitBody } from './body-limit';
import { RevisionCache } from './cache';
import { toHttpError, validationHook } from './errors';
import { accountQuery, inAccount, memberAccounts, summariesOf, type PlacedInsight } from './accounts';
import { accountHealth, accountHealthFromSummaries, accountOverview, collectionHealth, collectionHealthFromSummaries, loadAllInsights } from './health';
import {
  AccountQuery,
  AnomalyIdParams,
  AnomalySeriesQuery,
  AnomalySeriesSchema,
  CollectionHealthSchema,
  CollectionParams,
  CollectionsResponseSchema,
  CostQuery,
  CostResponseSchema,
  Coverage,
  CoverageResourcesSchema,
  CoverageResponseSchema,
  DoraQuery,
  DoraResponseSchema,
  ErrorSchema,
  EventsQuery,
  EventsResponseSchema,
  FeedbackBody,
  FeedbackResponseSchema,
  HealthResponseSchema,
  InsightDetailSchema,
  InsightIdParams,
  InsightListSchema,
  ListInsightsQuery,
  OverviewSchema,
  RangeQuery,
} from './schemas';

export interface ApiDeps {
  readonly store: InsightStore;
  /** Where the coverage document lives. @default `store` when it implements ConfigStore, else memory */
  readonly config?: ConfigStore;
  /** The covered resources, for cost defaults. Optional: without it `/cost` needs `resources`. */
  readonly catalog?: ResourceCatalog;
  /** Coverage reported until one is stored. @default `{ mode: 'account' }` */
  readonly defaultCoverage?: CoverageT;
  /**
   * Reads an anomaly's metric around it (`/insights/{id}/anomalies/{anomalyId}/series`).
   * Optional: without it that route answers 404.
   */
  readonly metrics?: MetricSource;
  /** @default the wall clock */
  readonly clock?: Clock;
  /**
   * How often the store's revision is read, at most, to tell whether cached aggregates still
   * hold; an answer may be this much older than the latest write. @default 1000
   */
  readonly revisionCheckMs?: number;
  /**
   * Id of the AWS account Opsight runs in: its records carry no account id, and `account=` this
   * id selects them. Optional: without it only member accounts can be asked for.
   */
  readonly centralAccountId?: string;
  /** Called with unexpected errors (the response itself never carries details). */
  readonly onError?: (err: unknown) => void;
}

const DAY = 86_400_000;
/** The largest request body read (a coverage of 1,000 stacks or tag values fits). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** The longest window `/events` answers in one request. */
export const MAX_EVENT_WINDOW_MS = 31 * DAY;
/** How far before an insight's onset its relevant events are looked up. */
const EVENT_LOOKUP_MS = DAY;
/** The longest window `/insights/{id}/anomalies/{anomalyId}/series` answers in one request. */
export const MAX_SERIES_WINDOW_MS = 2 * DAY;
/** Default window of an anomaly's series: from this long before its onset… */
const SERIES_BEFORE_MS = 3 * 3_600_000;
/** …to this long after its end (or its latest anomalous point). */
const SERIES_AFTER_MS = 3_600_000;
/** DEPLOYMENT records this close together count as one deployment (src/core/dora's default). */
const DORA_MERGE_MS = 15 * 60_000;

/** The most resources `/cost` prices in one request (the CLI prices any number). */
export const MAX_COST_RESOURCES = 1_000;

/** `lambda=2,dynamodb=1` → counts per resource kind of the cost model; at most MAX_COST_RESOURCES in all. */
function parseResourceCounts(text: string): Record<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const part of text.split(',')) {
    const m = /^([a-z0-9]+)[=:](\d{1,5})$/.exec(part);
    // Own keys only: `constructor`, `__proto__` and the like are not resource kinds.
    if (!m || !Object.hasOwn(RESOURCE_ALIASES, m[1]!)) {
      throw new ValidationError(
        `Invalid query: resources: expected KIND=COUNT pairs separated by commas with KIND one of ${Object.keys(RESOURCE_ALIASES).join(', ')}; got "${part.slice(0, 40)}"`,
        'resources',
      );
    }
    const n = Number(m[2]);
    total += n;
    if (total > MAX_COST_RESOURCES) {
      throw new ValidationError(`Invalid query: resources: at most ${MAX_COST_RESOURCES} resources per request (opsight cost prices more)`, 'resources');
    }
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + n);
  }
  if (total === 0) throw new ValidationError('Invalid query: resources: give at least one resource', 'resources');
  return Object.fromEntries(counts);
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = {
  400: json(ErrorSchema, 'Invalid input; `error.field` names the offending field.'),
  500: json(ErrorSchema, 'Internal error (details are logged, never returned).'),
};
const notFound = { 404: json(ErrorSchema, 'No such entity.') };

function isSummarised(x: InsightStore): x is InsightStore & InsightSummaries {
  return typeof (x as Partial<InsightSummaries>).listCollectionSummaries === 'function' && typeof (x as Partial<InsightSummaries>).revision === 'function';
}

function isConfigStore(x: unknown): x is ConfigStore {
  return typeof (x as ConfigStore).getConfig === 'function' && typeof (x as ConfigStore).putConfig === 'function';
}

function memoryConfig(): ConfigStore {
  const docs = new Map<string, { value: unknown; updatedAt: number }>();
  return {
    getConfig: async (name) => docs.get(name),
    putConfig: async (name, value, updatedAt) => void docs.set(name, { value, updatedAt }),
  };
}

/** The longest window `/overview` and `/dora` answer in one request. */
export const MAX_REPORT_WINDOW_MS = 366 * DAY;

/** Default window: the 30 days up to `to` (default now), at most MAX_REPORT_WINDOW_MS long. */
function window(q: { from?: number; to?: number }, now: number): { from: number; to: number } {
  const to = q.to ?? now;
  const from = q.from ?? Math.max(0, to - 30 * DAY);
  if (from > to) throw new ValidationError('Invalid query: from: must not be after to', 'from');
  if (to - from > MAX_REPORT_WINDOW_MS) throw new ValidationError(`Invalid query: ${q.from === undefined ? 'to' : 'from'}: the window may span at most 366 days`, q.from === undefined ? 'to' : 'from');
  return { from, to };
}

/**
 * The window of an anomaly's series: the query's bounds, else onset − 3 h to (end or the latest
 * anomalous point) + 1 h, the default clamped to MAX_SERIES_WINDOW_MS. Explicit bounds that
 * are reversed or too far apart are a 400 naming the bound the caller gave.
 */
function seriesWindow(q: { from?: number; to?: number }, a: { timeRange: { start: number; end?: number }; lastAnomalousAt: number }): { from: number; to: number } {
  const defaultFrom = a.timeRange.start - SERIES_BEFORE_MS;
  const defaultTo = Math.max(a.timeRange.end ?? a.lastAnomalousAt, a.lastAnomalousAt) + SERIES_AFTER_MS;
  if (q.from === undefined && q.to === undefined) return { from: defaultFrom, to: Math.min(defaultTo, defaultFrom + MAX_SERIES_WINDOW_MS) };
  const from = q.from ?? defaultFrom;
  const to = q.to ?? defaultTo;
  const field = q.to !== undefined ? 'to' : 'from';
  if (to <= from) throw new ValidationError(`Invalid query: ${field}: to must be after from (from ${new Date(from).toISOString()}, to ${new Date(to).toISOString()})`, field);
  if (to - from > MAX_SERIES_WINDOW_MS) throw new ValidationError(`Invalid query: ${field}: the window may span at most 2 days`, field);
  return { from, to };
}

export function createApi(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const now = () => (deps.clock ? deps.clock.now() : Date.now());
  const config = deps.config ?? (isConfigStore(deps.store) ? deps.store : memoryConfig());
  const store = deps.store;
  /** The store, for one request: calls made after its client left throw ClientGoneError. */
  const storeOf = (c: { req: { raw: Request } }): InsightStore => untilAborted(store, c.req.raw.signal);
  // Stores that keep summaries and a revision: the aggregate routes read the summaries, and
  // repeated reads are served from memory while the revision stays the same.
  const summarised = isSummarised(store) ? store : undefined;
  const cache = summarised ? new RevisionCache({ revision: () => summarised.revision(), checkEveryMs: deps.revisionCheckMs ?? 1000, maxEntries: 1024 }) : undefined;
  const today = () => Math.floor(now() / DAY);
  /** The default end of report windows: now, to the minute (so repeated requests share an answer). */
  const thisMinute = () => Math.floor(now() / 60_000) * 60_000;
  /** Every collection's summary (cached per revision and day), or undefined when the store keeps none. */
  const readSummaries = (): Promise<CollectionSummary[]> | undefined => {
    if (!summarised || !cache) return undefined;
    const t = now();
    return cache.get(`summaries:${Math.floor(t / DAY)}`, () => summarised.listCollectionSummaries(t));
  };
  /** DORA's inputs for [from, to]: deployments from 15 min before, insights starting up to a day after; read per day, cached. */
  const doraInputs = async (from: number, to: number): Promise<{ events: OpsEvent[]; insights: Insight[] } | undefined> => {
    if (!cache) return undefined;
    const days: number[] = [];
    for (let d = Math.floor((from - DORA_MERGE_MS) / DAY) * DAY; d <= to + DAY; d += DAY) days.push(d);
    const events: OpsEvent[] = [];
    const insights: Insight[] = [];
    for (let i = 0; i < days.length; i += 8) {
      const chunk = await Promise.all(
        days.slice(i, i + 8).map((d) =>
          Promise.all([
            cache.get(`events:${d}`, () => store.listEvents(Math.max(0, d), d + DAY - 1)),
            cache.get(`insights:${d}`, () => loadAllInsights(store, { startFrom: Math.max(0, d), to: d + DAY - 1 })),
          ]),
        ),
      );
      for (const [e, ins] of chunk) {
        for (const x of e) if (x.time >= from - DORA_MERGE_MS && x.time <= to) events.push(x);
        for (const x of ins) if (x.timeRange.start >= from && x.timeRange.start <= to + DAY) insights.push(x);
      }
    }
    return { events, insights };
  };

  // Bodies are read only up to the limit: a larger one is refused before any parsing.
  app.use('*', limitBody(MAX_BODY_BYTES));

  app.onError((err, c) => {
    // Nobody is listening: stop quietly (the answer goes nowhere, and a read cut short by the
    // shutdown that closed the connection is no fault).
    if (err instanceof ClientGoneError || c.req.raw.signal?.aborted) return c.body(null, 499 as 400);
    const { status, body } = toHttpError(err);
    if (status === 500) deps.onError?.(err);
    return c.json(body, status);
  });
  app.notFound((c) => c.json({ error: { code: 'NotFound', message: `No route ${c.req.method} ${c.req.path}` } }, 404));

  // ---- insights -----------------------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/insights',
      tags: ['insights'],
      summary: 'List and search insights, newest first',
      request: { query: ListInsightsQuery },
      responses: { 200: json(InsightListSchema, 'A page of insights.'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new ValidationError('Invalid query: from: must not be after to', 'from');
      const { account, ...rest } = q;
      const accountId = accountQuery(account, deps.centralAccountId);
      const page = await storeOf(c).listInsights({ ...rest, collection: q.stack, ...(accountId !== undefined ? { accountId } : {}) });
      return c.json({ insights: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/insights/{id}',
      tags: ['insights'],
      summary: 'Describe an insight: its anomalies, relevant events and recommendations',
      request: { params: InsightIdParams },
      responses: { 200: json(InsightDetailSchema, 'The insight.'), ...notFound, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const insight = await storeOf(c).getInsight(id);
      if (!insight) throw new NotFoundError(`No insight with id ${id}`);
      const anomalies = await storeOf(c).getAnomalies(insight.anomalyIds);
      let events: OpsEvent[] = [];
      if (insight.relevantEventIds.length) {
        const end = insight.timeRange.end ?? Math.max(insight.timeRange.start, insight.updatedAt);
        const byId = new Map((await storeOf(c).listEvents(insight.timeRange.start - EVENT_LOOKUP_MS, end)).map((e) => [e.id, e]));
        events = insight.relevantEventIds.map((eid) => byId.get(eid)).filter((e): e is OpsEvent => e !== undefined);
      }
      return c.json({ insight, anomalies, events, recommendations: insight.recommendations }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/insights/{id}/feedback',
      tags: ['insights'],
      summary: 'Record feedback on an insight (the latest value is kept on the insight)',
      request: { params: InsightIdParams, body: { content: { 'application/json': { schema: FeedbackBody } }, required: true } },
      responses: { 200: json(FeedbackResponseSchema, 'Feedback stored.'), ...notFound, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { value } = c.req.valid('json');
      if (!(await storeOf(c).getInsight(id))) throw new NotFoundError(`No insight with id ${id}`);
      const feedback = { insightId: id, value, at: now() };
      await storeOf(c).putFeedback(feedback);
      return c.json({ feedback }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/insights/{id}/anomalies/{anomalyId}/series',
      tags: ['insights'],
      summary: "An anomaly's metric around it: by default from 3 h before onset to 1 h after its end, at most 2 days",
      request: { params: AnomalyIdParams, query: AnomalySeriesQuery },
      responses: {
        200: json(AnomalySeriesSchema, "The anomaly's series and its points in the window."),
        404: json(ErrorSchema, 'No such insight, no such anomaly on it, or no metric history in this deployment.'),
        ...errors,
      },
    }),
    async (c) => {
      const { id, anomalyId } = c.req.valid('param');
      const q = c.req.valid('query');
      const insight = await storeOf(c).getInsight(id);
      if (!insight) throw new NotFoundError(`No insight with id ${id}`);
      // An insight lists at most MAX_LISTED_ANOMALIES ids; every member carries the insight's id.
      const found = (await storeOf(c).getAnomalies([anomalyId])).find((a) => a.id === anomalyId);
      const anomaly = found && (insight.anomalyIds.includes(anomalyId) || found.insightId === id) ? found : undefined;
      if (!anomaly) throw new NotFoundError(`No anomaly with id ${anomalyId} on insight ${id}`);
      const { from, to } = seriesWindow(q, anomaly);
      if (!deps.metrics) throw new NotFoundError('metric history is not available here');
      const observations = await deps.metrics.fetch([{ series: anomaly.series, start: from }], to);
      const points = (observations.find((o) => o.seriesKey === anomaly.seriesKey) ?? observations[0])?.points ?? [];
      const inWindow = points
        .filter((p) => p.t >= from && p.t < to && Number.isFinite(p.v))
        .map((p) => ({ t: p.t, v: p.v }))
        .sort((x, y) => x.t - y.t);
      return c.json({ series: anomaly.series, from, to, points: inWindow }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      tags: ['insights'],
      summary: 'Change events (CloudTrail, CodeDeploy) in a window of at most 31 days',
      request: { query: EventsQuery },
      responses: { 200: json(EventsResponseSchema, 'Events, oldest first.'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (q.from > q.to) throw new ValidationError('Invalid query: from: must not be after to', 'from');
      if (q.to - q.from > MAX_EVENT_WINDOW_MS) throw new ValidationError('Invalid query: to: the window may span at most 31 days', 'to');
      const keep = inAccount(q.account, deps.centralAccountId);
      const events = (await storeOf(c).listEvents(q.from, q.to)).filter((e) => (!q.stack || e.stack === q.stack) && keep(e)).sort((a, b) => a.time - b.time);
      return c.json({ events }, 200);
    },
  );

  // ---- health -------------------------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['health'],
      summary: 'Account health: open reactive and proactive insights, MTTR, per collection',
      responses: { 200: json(HealthResponseSchema, 'Account health.'), ...errors },
    }),
    async (c) => {
      const state = 'getStates' in store ? (store as InsightStore & StateStore) : undefined;
      const backlog = state ? await loadEventBacklog(state) : undefined;
      // The event backlog does not move the store's revision: read it on every request.
      const changeEvents = {
        unreadWindows: backlog?.unread.length ?? 0,
        unreadSince: backlog?.unread[0]?.start ?? null,
        droppedWindows: backlog?.dropped.windows ?? 0,
        droppedMs: backlog?.dropped.ms ?? 0,
        lastDroppedAt: backlog?.dropped.lastAt ?? null,
      };
      // Member accounts' collection state is written each cycle beside the coverage: read it on every request.
      const statuses = (await config.getConfig(ACCOUNT_STATUS_DOCUMENT))?.value;
      const accounts = (placed: readonly PlacedInsight[]) => {
        const list = memberAccounts(statuses, placed);
        return list.length ? { accounts: list } : {};
      };
      if (cache) {
        const summaries = await readSummaries()!;
        const placed = summaries.flatMap((s) => s.insights.map((i) => ({ ...i, collection: s.collection })));
        return c.json({ ...(await cache.get(`health:${today()}`, async () => accountHealthFromSummaries(summaries))), changeEvents, ...accounts(placed) }, 200);
      }
      const [insights, known] = await Promise.all([loadAllInsights(storeOf(c)), storeOf(c).listCollections()]);
      return c.json({ ...accountHealth(insights, known), changeEvents, ...accounts(insights) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/overview',
      tags: ['health'],
      summary: 'Account overview of a window: insights created, by type and severity, and their MTTR',
      request: { query: RangeQuery },
      responses: { 200: json(OverviewSchema, 'Overview of the window.'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { from, to } = window(q, thisMinute());
      if (cache) {
        const key = `overview:${from}:${to}:${q.account ?? ''}`;
        return c.json(await cache.get(key, async () => accountOverview(summariesOf(await readSummaries()!, q.account, deps.centralAccountId).flatMap((s) => s.insights), from, to)), 200);
      }
      return c.json(accountOverview((await loadAllInsights(storeOf(c))).filter(inAccount(q.account, deps.centralAccountId)), from, to), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/collections',
      tags: ['health'],
      summary: 'Health of every resource collection (stack, tag value or account)',
      request: { query: AccountQuery },
      responses: { 200: json(CollectionsResponseSchema, 'Per-collection health.'), ...errors },
    }),
    async (c) => {
      const { account } = c.req.valid('query');
      if (cache) {
        const key = `collections:${today()}:${account ?? ''}`;
        return c.json(await cache.get(key, async () => ({ collections: collectionHealthFromSummaries(summariesOf(await readSummaries()!, account, deps.centralAccountId)) })), 200);
      }
      const keep = inAccount(account, deps.centralAccountId);
      const [insights, known] = await Promise.all([loadAllInsights(storeOf(c)), storeOf(c).listCollections()]);
      return c.json({ collections: collectionHealth(insights.filter((i) => keep(i.collection)), known.filter(keep)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/collections/{name}',
      tags: ['health'],
      summary: 'Health of one resource collection, e.g. a CloudFormation stack',
      request: { params: CollectionParams },
      responses: { 200: json(CollectionHealthSchema, 'The collection health.'), ...notFound, ...errors },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const summaries = readSummaries();
      let found;
      if (summaries) {
        found = collectionHealthFromSummaries((await summaries).filter((s) => s.collection.name === name));
      } else {
        const known = (await storeOf(c).listCollections()).filter((k) => k.name === name);
        found = collectionHealth(await loadAllInsights(storeOf(c), { collection: name }), known);
      }
      if (found.length === 0) throw new NotFoundError(`No resource collection named ${name}`);
      // A name shared by several collection types (a stack and a tag value): the busiest one.
      return c.json(found[0]!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/dora',
      tags: ['health'],
      summary: 'DORA metrics per stack: deployment frequency, change-failure rate, MTTR',
      request: { query: DoraQuery },
      responses: { 200: json(DoraResponseSchema, 'DORA metrics of the window.'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { from, to } = window(q, thisMinute());
      const keep = inAccount(q.account, deps.centralAccountId);
      const dora = (events: readonly OpsEvent[], insights: readonly Insight[]) => doraMetrics({ events: events.filter(keep), insights: insights.filter(keep), from, to, stack: q.stack });
      // Deployments a little before the window merge with those in it; insights up to a day
      // after it may still name a deployment of the window as their cause: only the insights
      // starting in [from, to + 1 day] are read (a key range of the index, not every insight).
      if (cache) {
        const report = await cache.get(`dora:${from}:${to}:${q.stack ?? ''}:${q.account ?? ''}`, async () => {
          const { events, insights } = (await doraInputs(from, to))!;
          return dora(events, insights);
        });
        return c.json(report, 200);
      }
      const [events, insights] = await Promise.all([storeOf(c).listEvents(from - DORA_MERGE_MS, to), loadAllInsights(storeOf(c), { startFrom: from, to: to + DAY })]);
      return c.json(dora(events, insights), 200);
    },
  );

  // ---- coverage and cost --------------------------------------------------------------------

  const readCoverage = async () => {
    const stored = await config.getConfig('coverage');
    if (stored) return { coverage: parseOrThrow(CoverageSchema, stored.value, 'stored coverage'), updatedAt: stored.updatedAt };
    return { coverage: deps.defaultCoverage ?? ({ mode: 'account' } as const), updatedAt: null };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/coverage',
      tags: ['coverage'],
      summary: 'The coverage boundary: the account, CloudFormation stacks, or a tag',
      responses: { 200: json(CoverageResponseSchema, 'The coverage.'), ...errors },
    }),
    async (c) => c.json(await readCoverage(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/coverage',
      tags: ['coverage'],
      summary: 'Replace the coverage boundary (read by the next analysis cycle)',
      request: { body: { content: { 'application/json': { schema: Coverage } }, required: true } },
      responses: { 200: json(CoverageResponseSchema, 'The stored coverage.'), ...errors },
    }),
    async (c) => {
      const coverage = c.req.valid('json');
      const updatedAt = now();
      await config.putConfig('coverage', coverage, updatedAt);
      return c.json({ coverage, updatedAt }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/coverage/resources',
      tags: ['coverage'],
      summary: 'The covered resources and their series, per stack and cadence tier',
      responses: {
        200: json(CoverageResourcesSchema, 'Counts per stack.'),
        404: json(ErrorSchema, 'The covered resources are not known in this deployment.'),
        ...errors,
      },
    }),
    async (c) => {
      if (!deps.catalog) throw new NotFoundError('the covered resources are not known here');
      return c.json({ cadence: { ...DEFAULT_CADENCE }, stacks: coverageByStack(await deps.catalog.list()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cost',
      tags: ['coverage'],
      summary: "Monthly cost estimate of running Opsight beside DevOps Guru's list price",
      request: { query: CostQuery },
      responses: { 200: json(CostResponseSchema, 'The estimate.'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      let resources: Resource[];
      if (q.resources) {
        resources = syntheticCoverage(parseResourceCounts(q.resources));
      } else {
        resources = deps.catalog ? await deps.catalog.list() : [];
        if (resources.length === 0) throw new ValidationError('Invalid query: resources: required when the covered resources are unknown', 'resources');
      }
      const cadence = { goldenSignalsMinutes: q.goldenMinutes ?? 5, capacityMinutes: q.capacityMinutes ?? 60, quietGoldenMinutes: 15 };
      const e = estimateMonthlyCost(resources, cadence, { shape: { mode: q.mode ?? 'single' } });
      return c.json(
        {
          resources: e.resources,
          cadence: e.cadence,
          mode: q.mode ?? 'single',
          series: e.series,
          lines: e.lines.map((l) => ({ ...l })),
          fixedUsd: e.fixedUsd,
          totalUsd: e.totalUsd,
          devOpsGuru: e.devOpsGuru,
          ratio: e.ratio,
        },
        200,
      );
    },
  );

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Opsight API',
      version: '1.0.0',
      description: 'Insights, anomalies, health, DORA metrics, coverage and cost of a self-hosted Opsight deployment.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    tags: [
      { name: 'insights', description: 'Reactive and proactive insights, their anomalies, events and feedback.' },
      { name: 'health', description: 'Account, collection and DORA views.' },
      { name: 'coverage', description: 'What Opsight analyses, and what it costs.' },
    ],
  });

  return app;
}
