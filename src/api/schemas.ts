/**
 * Request and response schemas of the REST API. They validate input and generate the
 * OpenAPI 3.1 document (`/openapi.json`); the domain schemas come from src/core unchanged.
 */
import { z } from '@hono/zod-openapi';
import {
  AccountStatusSchema,
  AnomalySchema,
  CoverageSchema,
  EventSchema,
  FeedbackValueSchema,
  InsightSchema,
  RecommendationSchema,
  ResourceCollectionSchema,
  SeriesSchema,
  SeveritySchema,
  StatusSchema,
} from '../core';
import { TIME_FORMAT, TIME_PATTERN, parseTime } from './time';

// Domain schemas may be created before @hono/zod-openapi extends zod, so they are named with
// zod's own `.meta({ id })`, which the OpenAPI generator reads as the component name.

/** Epoch milliseconds, or an ISO-8601 date-time, in a query string (strictly: see time.ts). */
export const TimeParam = z
  .string()
  .min(1)
  .max(40)
  .transform((s, ctx) => {
    const n = parseTime(s);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be ${TIME_FORMAT}` });
      return z.NEVER;
    }
    return n;
  })
  .openapi({ type: 'string', pattern: TIME_PATTERN, example: '2026-11-19T14:00:00Z', description: 'Epoch milliseconds or ISO-8601 date-time with zone, from 1970 to 2200.' });

/** A whole number from `min` to `max` in a query string: digits only (no `1e1`, `0x10`, ` 5`). */
function intParam(min: number, max: number, description?: string) {
  return z
    .string()
    .regex(/^\d{1,6}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max, ...(description ? { description } : {}) });
}

/** A member account's 12-digit id in a query string: only records of that account (the id of the account Opsight runs in: its own records). */
export const AccountParam = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
  .openapi({ example: '111122223333', description: 'Only records of this AWS account (12 digits).' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'BadRequest' }),
      message: z.string(),
      field: z.string().optional().openapi({ description: 'The offending field, for 400 responses.', example: 'severity' }),
    }),
  })
  .openapi('Error');

export const Insight = InsightSchema.meta({ id: 'Insight' });
export const Anomaly = AnomalySchema.meta({ id: 'Anomaly' });
export const Event = EventSchema.meta({ id: 'Event' });
export const Recommendation = RecommendationSchema.meta({ id: 'Recommendation' });
export const Collection = ResourceCollectionSchema.meta({ id: 'ResourceCollection' });
export const Coverage = CoverageSchema.meta({ id: 'Coverage' });

export const InsightIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ins-3f2a9c' }),
});

export const AnomalyIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ins-3f2a9c' }),
  anomalyId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'anomalyId', in: 'path' }, example: 'anm-9c1d2e' }),
});

export const AnomalySeriesQuery = z.object({
  from: TimeParam.optional().openapi({ description: "Start of the window; default 3 hours before the anomaly's onset." }),
  to: TimeParam.optional().openapi({
    description: 'End of the window (exclusive); default 1 hour after the anomaly ended (or its latest anomalous point). The window spans at most 2 days.',
  }),
});

export const AnomalySeriesSchema = z
  .object({
    series: SeriesSchema.meta({ id: 'Series' }),
    from: z.number().int().openapi({ description: 'Start of the window read (epoch ms).' }),
    to: z.number().int().openapi({ description: 'End of the window read, exclusive (epoch ms).' }),
    points: z
      .array(z.object({ t: z.number().int(), v: z.number() }))
      .openapi({ description: 'The metric in the window, oldest first; missing periods are absent.' }),
  })
  .openapi('AnomalySeries');

export const ListInsightsQuery = z.object({
  status: StatusSchema.optional(),
  type: z.enum(['REACTIVE', 'PROACTIVE']).optional(),
  severity: SeveritySchema.optional(),
  stack: z.string().min(1).max(256).optional().openapi({ description: 'Resource collection name: stack, tag value or account.' }),
  account: AccountParam.optional(),
  from: TimeParam.optional().openapi({ description: 'Only insights still open at or ending after this time.' }),
  to: TimeParam.optional().openapi({ description: 'Only insights starting at or before this time.' }),
  limit: intParam(1, 100).optional().openapi({ example: 25 }),
  nextToken: z.string().min(1).max(2048).regex(/^[A-Za-z0-9_-]+$/, 'must be the nextToken of a previous page').optional().openapi({ description: 'The nextToken of the previous page.' }),
});

export const InsightListSchema = z
  .object({
    insights: z.array(Insight),
    nextToken: z.string().optional().openapi({ description: 'Present when more insights follow.' }),
  })
  .openapi('InsightList');

export const InsightDetailSchema = z
  .object({
    insight: Insight,
    anomalies: z.array(Anomaly),
    events: z.array(Event).openapi({ description: 'The relevant events, in the order the correlator ranked them.' }),
    recommendations: z.array(Recommendation),
  })
  .openapi('InsightDetail');

export const FeedbackBody = z
  .object({ value: FeedbackValueSchema })
  .strict()
  .openapi('FeedbackRequest', { example: { value: 'RECOMMENDATION_USEFUL' } });

export const FeedbackResponseSchema = z
  .object({ feedback: z.object({ insightId: z.string(), value: FeedbackValueSchema, at: z.number().int() }) })
  .openapi('FeedbackResponse');

const CollectionHealth = z
  .object({
    collection: Collection,
    openReactive: z.number().int().nonnegative(),
    openProactive: z.number().int().nonnegative(),
    closedReactive: z.number().int().nonnegative(),
    mttrMinutes: z.number().nonnegative().nullable(),
    lastInsightAt: z.number().int().nullable(),
  })
  .openapi('CollectionHealth');
export type CollectionHealthT = z.infer<typeof CollectionHealth>;

const MemberAccountHealth = z
  .object({
    ...AccountStatusSchema.shape,
    openReactive: z.number().int().nonnegative(),
    openProactive: z.number().int().nonnegative(),
    mttrMinutes: z.number().nonnegative().nullable().openapi({ description: 'Mean time to recovery over the closed reactive insights of the account, minutes.' }),
  })
  .openapi('MemberAccountHealth', { description: 'A member account: how its last collection went (state, regions, last error) and its insights.' });
export type MemberAccountHealthT = z.infer<typeof MemberAccountHealth>;

export const HealthResponseSchema = z
  .object({
    openReactive: z.number().int().nonnegative(),
    openProactive: z.number().int().nonnegative(),
    mttrMinutes: z.number().nonnegative().nullable().openapi({ description: 'Mean time to recovery over closed reactive insights, minutes.' }),
    collections: z.array(CollectionHealth),
    changeEvents: z
      .object({
        unreadWindows: z.number().int().nonnegative().openapi({ description: 'Change-event windows not read yet (read in later cycles).' }),
        unreadSince: z.number().int().nullable().openapi({ description: 'Start of the oldest unread window, epoch ms.' }),
        droppedWindows: z.number().int().nonnegative().openapi({ description: 'Windows given up in all (older than CloudTrail keeps, or beyond the backlog).' }),
        droppedMs: z.number().int().nonnegative().openapi({ description: 'Time those windows covered, ms.' }),
        lastDroppedAt: z.number().int().nullable().openapi({ description: 'Cycle time of the last window given up, epoch ms.' }),
      })
      .openapi({ description: 'Change events (CloudTrail, CodeDeploy) left unread or given up.' }),
    accounts: z
      .array(MemberAccountHealth)
      .optional()
      .openapi({ description: 'Member accounts analysed from this account, with their collection state and open insights; absent when Opsight covers its own account only.' }),
  })
  .openapi('AccountHealth');

export const AccountQuery = z.object({ account: AccountParam.optional() });

export const CollectionsResponseSchema = z.object({ collections: z.array(CollectionHealth) }).openapi('CollectionHealthList');
export const CollectionHealthSchema = CollectionHealth;

export const CollectionParams = z.object({
  name: z
    .string()
    .min(1)
    .max(256)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'checkout-service' }),
});

export const RangeQuery = z.object({
  from: TimeParam.optional().openapi({ description: 'Start of the window; default 30 days before `to`.' }),
  to: TimeParam.optional().openapi({ description: 'End of the window; default now.' }),
  account: AccountParam.optional(),
});

export const OverviewSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    reactiveInsights: z.number().int().nonnegative().openapi({ description: 'Reactive insights created in the window.' }),
    proactiveInsights: z.number().int().nonnegative(),
    mttrMinutes: z.number().nonnegative().nullable().openapi({ description: 'MTTR of the reactive insights of the window that closed.' }),
    bySeverity: z.object({ LOW: z.number().int(), MEDIUM: z.number().int(), HIGH: z.number().int() }),
    openReactive: z.number().int().nonnegative(),
    openProactive: z.number().int().nonnegative(),
  })
  .openapi('AccountOverview');

export const DoraQuery = RangeQuery.extend({
  stack: z.string().min(1).max(256).optional().openapi({ description: 'Only this stack.' }),
});

const DoraRow = z
  .object({
    stack: z.string(),
    accountId: z.string().optional().openapi({ description: 'The member account of the row; absent for the account Opsight runs in.' }),
    deployments: z.number().int().nonnegative(),
    deploymentsPerDay: z.number().nonnegative(),
    failedDeployments: z.number().int().nonnegative().openapi({ description: 'Deployments named as a relevant event of a reactive insight.' }),
    changeFailureRate: z.number().min(0).max(1).nullable(),
    mttrMinutes: z.number().nonnegative().nullable(),
  })
  .openapi('DoraMetrics');
export type DoraRowT = z.infer<typeof DoraRow>;

export const DoraResponseSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    days: z.number(),
    total: DoraRow,
    stacks: z.array(DoraRow),
    accounts: z.array(DoraRow).optional().openapi({ description: 'One row per account (stack `all`), present when member accounts have deployments or insights.' }),
  })
  .openapi('DoraReport');

export const CoverageResponseSchema = z
  .object({ coverage: Coverage, updatedAt: z.number().int().nullable().openapi({ description: 'null while the default applies.' }) })
  .openapi('CoverageResponse');

export const CoverageResourcesSchema = z
  .object({
    cadence: z.object({ goldenSignalsMinutes: z.number().int(), capacityMinutes: z.number().int() }).openapi({ description: 'The default cadence of the tiers, minutes.' }),
    stacks: z.array(
      z.object({
        stack: z.string().nullable().openapi({ description: 'null: resources outside any stack.' }),
        resources: z.number().int().nonnegative(),
        types: z.record(z.string(), z.number().int().nonnegative()).openapi({ description: 'Resources per CloudFormation type.' }),
        series: z.object({ golden: z.number().int().nonnegative(), capacity: z.number().int().nonnegative() }).openapi({ description: 'Series per cadence tier.' }),
      }),
    ),
  })
  .openapi('CoverageResources');

export const EventsQuery = z.object({
  from: TimeParam,
  to: TimeParam,
  stack: z.string().min(1).max(256).optional(),
  account: AccountParam.optional(),
});
export const EventsResponseSchema = z.object({ events: z.array(Event) }).openapi('EventList');

export const CostQuery = z.object({
  resources: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .openapi({
      example: 'lambda=2,dynamodb=1,ec2=1',
      pattern: '^[a-z0-9]+[=:][0-9]{1,5}(,[a-z0-9]+[=:][0-9]{1,5})*$',
      description: 'Resources to price as KIND=COUNT pairs, at most 1,000 in all; default: the covered resources.',
    }),
  goldenMinutes: intParam(1, 60, 'Minutes between cycles (golden signals); default 5.').optional(),
  capacityMinutes: intParam(5, 1440, 'Minutes between fetches of capacity metrics; default 60.').optional(),
  mode: z.enum(['single', 'distributed']).optional().openapi({ description: 'Pipeline shape; default single.' }),
});

export const CostResponseSchema = z
  .object({
    resources: z.number().int(),
    cadence: z.object({ goldenSignalsMinutes: z.number().int(), capacityMinutes: z.number().int(), quietGoldenMinutes: z.number().int().optional() }),
    mode: z.enum(['single', 'distributed']),
    series: z.object({ golden: z.number().int(), capacity: z.number().int() }),
    lines: z.array(
      z.object({
        service: z.string(),
        quantity: z.number(),
        unit: z.string(),
        unitUsd: z.number().nonnegative().openapi({ description: 'Price of one unit (USD).' }),
        usd: z.number().nonnegative(),
        kind: z.enum(['fixed', 'usage']).openapi({ description: 'fixed: the same whatever is covered; usage: grows with the coverage.' }),
      }),
    ),
    fixedUsd: z.number().nonnegative().openapi({ description: 'The fixed lines: what Opsight costs with nothing covered.' }),
    totalUsd: z.number().nonnegative().openapi({ description: "Opsight's modelled monthly AWS bill (us-east-1 list prices)." }),
    devOpsGuru: z.object({ groupA: z.number().int(), groupB: z.number().int(), unpriced: z.number().int(), resourceHours: z.number().nonnegative(), usd: z.number().nonnegative() }),
    ratio: z.number().nonnegative().openapi({ description: "Opsight's bill divided by DevOps Guru's." }),
  })
  .openapi('CostEstimate');
