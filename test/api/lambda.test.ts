import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../../src/api';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { insight } from './fixtures';

/** A REST API (v1) proxy event as API Gateway sends it. */
function restEvent(method: string, path: string, query: Record<string, string> | null = null, body: string | null = null) {
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { Host: 'abc.execute-api.eu-west-1.amazonaws.com', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    multiValueHeaders: {},
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      httpMethod: method,
      path: `/prod${path}`,
      stage: 'prod',
      requestId: 'r-1',
      resourcePath: '/{proxy+}',
      identity: { sourceIp: '10.0.0.1' },
    },
    body,
    isBase64Encoded: false,
  };
}

describe('createLambdaHandler', () => {
  let emb: EmbeddedStore;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
    await emb.store.saveInsight(insight('x1'));
  });
  afterAll(async () => emb.close());

  it('serves the router to API Gateway proxy events', async () => {
    const lambda = createLambdaHandler({ store: emb.store });
    const handler = (event: object) => lambda(event as Parameters<typeof lambda>[0]) as Promise<{ statusCode: number; body: string }>;
    const list = await handler(restEvent('GET', '/insights', { limit: '5' }));
    expect(list.statusCode).toBe(200);
    expect((JSON.parse(list.body) as { insights: Array<{ id: string }> }).insights.map((i) => i.id)).toEqual(['x1']);

    const bad = await handler(restEvent('GET', '/insights', { severity: 'NOPE' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { field: 'severity' } });

    const fb = await handler(restEvent('PUT', '/insights/x1/feedback', null, JSON.stringify({ value: 'VALID_COLLECTION' })));
    expect(fb.statusCode).toBe(200);
    expect((await emb.store.getInsight('x1'))?.feedback).toBe('VALID_COLLECTION');

    const missing = await handler(restEvent('GET', '/insights/none'));
    expect(missing.statusCode).toBe(404);
  });
});
