/**
 * Property-based fuzzing of every route of the OpenAPI document: values drawn from each
 * parameter's schema, near misses and plain garbage, bodies valid or not. Whatever arrives,
 * the API never answers 5xx, and it never answers 2xx to input its own document rules out
 * (judged by Ajv against the published schemas, independent of the server's zod code).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { seedHistory, T0 } from './fixtures';

const DAY = 86_400_000;
const NOW = T0 + 7 * DAY;
/** Latest time the API documents (2200-01-01). */
const LATEST = Date.UTC(2200, 0, 1);
const KINDS = ['lambda', 'dynamodb', 'ec2', 'sqs', 'sns', 'kinesis', 'rds', 'aurora', 'apigateway', 'httpapi', 'ecs', 'alb', 'nlb', 'stepfunctions'];

type Schema = Record<string, unknown>;
type Param = { name: string; in: 'query' | 'path'; required?: boolean; schema: Schema };
type Operation = { parameters?: Param[]; requestBody?: { content: { 'application/json': { schema: Schema } } } };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** Values no parameter should trust. */
const GARBAGE = [
  '-1',
  '1.5',
  'hello world 12',
  '8640000000000000',
  '99999999999999999999',
  '1e308',
  '0x10',
  'NaN',
  'Infinity',
  '',
  ' ',
  'constructor',
  '__proto__',
  'toString',
  'e30',
  'W10',
  '%',
  '\u0000',
  '2026-02-30',
  '2026-01-01T00:00:00',
  '+275760-09-13T00:00:00Z',
  'lambda=99999',
  'constructor=1',
  '__proto__=1',
  'lambda=1,,ec2=1',
  'x'.repeat(3000),
];

const garbage = fc.oneof(fc.constantFrom(...GARBAGE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.stringMatching(/^-?\d{1,22}(\.\d{1,3})?$/));

const isoOf = (ms: number) => new Date(ms).toISOString();
const anyTime = fc.oneof(
  fc.integer({ min: 0, max: LATEST }).map(String),
  fc.integer({ min: 0, max: LATEST }).map(isoOf),
  fc.integer({ min: T0 - 40 * DAY, max: NOW + DAY }).map(String),
  fc.integer({ min: T0 - 40 * DAY, max: NOW + DAY }).map(isoOf),
);

/** Plausible values for one parameter, from its schema. */
function valuesFor(p: Param): fc.Arbitrary<string> {
  const s = p.schema;
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as string[]));
  if (s.type === 'integer') return fc.integer({ min: Number(s.minimum ?? 0) - 2, max: Number(s.maximum ?? 100) + 2 }).map(String);
  if (p.name === 'from' || p.name === 'to') return anyTime;
  if (p.name === 'resources') {
    return fc.array(fc.tuple(fc.constantFrom(...KINDS), fc.integer({ min: 0, max: 700 })), { minLength: 1, maxLength: 4 }).map((xs) => xs.map(([k, n]) => `${k}=${n}`).join(','));
  }
  if (p.name === 'nextToken') {
    return fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')), fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/));
  }
  if (p.name === 'id') return fc.constantFrom('r1', 'r2', 'r3', 'p1', 'nope', 'ins-x');
  if (p.name === 'anomalyId') return fc.constantFrom('a1', 'a2', 'a9');
  return fc.oneof(fc.constantFrom('shop', 'payments', 'team-a', 'nowhere'), fc.string({ minLength: 1, maxLength: 30 }));
}

/** A value the document allows but the API must still refuse (beyond what JSON Schema can say). */
function refusedAnyway(p: Param, value: string): boolean {
  if ((p.name === 'from' || p.name === 'to') && /^\d+$/.test(value)) return Number(value) > LATEST;
  if (p.name === 'nextToken') return true; // every token here is forged
  if (p.name === 'resources') {
    const counts = value.split(',').map((part) => part.split(/[=:]/));
    const total = counts.reduce((sum, [, n]) => sum + Number(n), 0);
    return total === 0 || total > 1000 || counts.some(([k]) => !KINDS.includes(k!));
  }
  return false;
}

function validCoverage(): fc.Arbitrary<unknown> {
  const stack = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
  return fc.oneof(
    fc.constant({ mode: 'account' }),
    fc.array(stack, { minLength: 1, maxLength: 5 }).map((stacks) => ({ mode: 'stacks', stacks })),
    fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }).map((tagValues) => ({ mode: 'tags', tagKey: 'opsight-team', tagValues })),
  );
}

function bodies(path: string): fc.Arbitrary<string> {
  const valid = path.endsWith('/feedback') ? fc.constantFrom('VALID_COLLECTION', 'DATA_INCORRECT').map((value) => ({ value })) : validCoverage();
  return fc.oneof(
    valid.map((v) => JSON.stringify(v)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc.tuple(valid, fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })).map(([v, k, x]) => JSON.stringify({ ...(v as object), [k]: x })),
    fc.constantFrom('', '{', 'null', '[]', '{"mode":"stacks","stacks":[]}', '{"__proto__":{"mode":"account"}}', '{"constructor":{"prototype":{}}}'),
    fc.integer({ min: 1001, max: 3000 }).map((n) => JSON.stringify({ mode: 'stacks', stacks: Array.from({ length: n }, (_, i) => `s${i}`) })),
    fc.string({ maxLength: 60 }),
  );
}

describe('fuzzing every route', () => {
  let emb: EmbeddedStore;
  let errors: unknown[];
  let app: ReturnType<typeof createApi>;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, coerceTypes: true, allErrors: false });

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    await seedHistory(emb.store);
    errors = [];
    app = createApi({ store: emb.store, clock: { now: () => NOW }, onError: (e) => errors.push(e) });
    doc = (await (await app.request('/openapi.json')).json()) as Doc;
    ajv.addSchema({ $id: 'https://opsight.local/doc', components: doc.components });
  });
  afterAll(async () => {
    await emb.close();
  });

  it('answers 2,000+ generated requests without a 5xx, and garbage never with a 2xx', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
    expect(operations.length).toBe(14);
    const validators = new Map<Schema, ValidateFunction>();
    const validate = (schema: Schema, value: unknown): boolean => {
      let v = validators.get(schema);
      if (!v) {
        const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://opsight.local/doc#/components/')) as Schema;
        v = ajv.compile(resolved);
        validators.set(schema, v);
      }
      return v(structuredClone(value)) as boolean;
    };

    let sent = 0;
    const statuses = new Map<number, number>();
    const requests = fc.oneof(
      ...operations.map(({ path, method, op }) => {
        const params = op.parameters ?? [];
        const values = params.map((p) => {
          const chosen = fc.oneof({ arbitrary: valuesFor(p), weight: 3 }, { arbitrary: garbage, weight: 1 });
          return p.required ? chosen.map((v): string | undefined => v) : fc.option(chosen, { nil: undefined, freq: 3 });
        });
        const body = op.requestBody ? bodies(path).map((b): string | undefined => b) : fc.constant<string | undefined>(undefined);
        return fc.record({ values: fc.tuple(...values), body }).map(({ values: vs, body: b }) => ({ path, method, op, params, values: vs, body: b }));
      }),
    );

    await fc.assert(
      fc.asyncProperty(requests, async ({ path, method, op, params, values, body }) => {
        let url = path;
        const query = new URLSearchParams();
        let isGarbage = false;
        params.forEach((p, i) => {
          const v = values[i];
          if (v === undefined) {
            if (p.required) isGarbage = true;
            return;
          }
          if (!validate(p.schema, v) || refusedAnyway(p, v)) isGarbage = true;
          if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v));
          else query.set(p.name, v);
        });
        if (op.requestBody) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(body!);
          } catch {
            isGarbage = true;
          }
          if (!isGarbage && !validate(op.requestBody.content['application/json'].schema, parsed)) isGarbage = true;
        }
        const qs = query.toString();
        const res = await app.request(`${url}${qs ? `?${qs}` : ''}`, {
          method,
          ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
        });
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        const what = `${method} ${url}?${qs} ${body?.slice(0, 200) ?? ''} → ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (isGarbage) expect(res.status, what).toBeGreaterThanOrEqual(400);
        if (res.status >= 400) expect(JSON.parse(text), what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }),
      { numRuns: 2100 },
    );
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(errors).toEqual([]);
    // The run exercised both sides: answers and refusals.
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(100);
  }, 300_000);
});
