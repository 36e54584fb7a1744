/**
 * The REST API: one Hono router, served by API Gateway's Lambda and by the local server.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, SeveritySchema, StatusSchema, parseOrThrow, type InsightStore } from '../core';
import { toHttpError } from './errors';

export interface ApiDeps {
  readonly store: InsightStore;
  /** Called with unexpected errors (the response itself never carries details). */
  readonly onError?: (err: unknown) => void;
}

const ListQuerySchema = z.object({
  status: StatusSchema.optional(),
  type: z.enum(['REACTIVE', 'PROACTIVE']).optional(),
  severity: SeveritySchema.optional(),
  stack: z.string().min(1).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  nextToken: z.string().min(1).optional(),
});

export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    const { status, body } = toHttpError(err);
    if (status === 500) deps.onError?.(err);
    return c.json(body, status);
  });
  app.notFound((c) => c.json({ error: { code: 'NotFound', message: `No route ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/insights', async (c) => {
    const q = parseOrThrow(ListQuerySchema, c.req.query(), 'query');
    const page = await deps.store.listInsights({ ...q, collection: q.stack });
    return c.json({ insights: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
  });

  app.get('/insights/:id', async (c) => {
    const id = c.req.param('id');
    const insight = await deps.store.getInsight(id);
    if (!insight) throw new NotFoundError(`No insight with id ${id}`);
    const anomalies = await deps.store.getAnomalies(insight.anomalyIds);
    return c.json({ insight, anomalies });
  });

  return app;
}
