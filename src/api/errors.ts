/** The one place where errors become HTTP responses. No stack trace ever leaves. */
import { HTTPException } from 'hono/http-exception';
import { ConflictError, NotFoundError, ValidationError, describeIssues } from '../core';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

export type ErrorStatus = 400 | 404 | 409 | 413 | 415 | 500;

export function toHttpError(err: unknown): { status: ErrorStatus; body: ErrorBody } {
  if (err instanceof ValidationError) {
    return { status: 400, body: { error: { code: 'BadRequest', message: err.message, ...(err.field ? { field: err.field } : {}) } } };
  }
  if (err instanceof NotFoundError) return { status: 404, body: { error: { code: 'NotFound', message: err.message } } };
  if (err instanceof ConflictError) return { status: 409, body: { error: { code: 'Conflict', message: err.message } } };
  // Hono's own request errors (malformed JSON body, oversized body): client errors, no details.
  if (err instanceof HTTPException && (err.status === 400 || err.status === 413 || err.status === 415)) {
    const code = err.status === 400 ? 'BadRequest' : err.status === 413 ? 'PayloadTooLarge' : 'UnsupportedMediaType';
    const message = err.status === 400 ? 'Invalid request body: not valid JSON' : err.status === 413 ? 'Request body too large' : 'Unsupported media type: send application/json';
    return { status: err.status, body: { error: { code, message, field: 'body' } } };
  }
  return { status: 500, body: { error: { code: 'InternalError', message: 'Internal error' } } };
}

type Issue = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: readonly string[] };

/**
 * The validation hook of every route: turns a failed zod parse of the path, query or body
 * into a ValidationError naming the first offending field (`body` when the body as a whole
 * is wrong), which `toHttpError` answers with 400.
 */
export function validationHook(result: { target: string; success: boolean; error?: { issues: readonly Issue[] } }): void {
  if (result.success || !result.error) return;
  const where = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : result.target;
  const issues = result.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys ? i.keys.map((k) => ({ path: [...i.path, k], message: 'unknown field' })) : [{ path: i.path, message: i.message }],
  );
  const first = issues[0];
  const field = first && first.path.length ? first.path.map(String).join('.') : where === 'body' ? 'body' : undefined;
  throw new ValidationError(`Invalid ${where}: ${describeIssues(issues)}`, field);
}
