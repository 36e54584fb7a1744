/** The one place where domain errors become HTTP responses. No stack trace ever leaves. */
import { ConflictError, NotFoundError, ValidationError } from '../core';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

export function toHttpError(err: unknown): { status: 400 | 404 | 409 | 500; body: ErrorBody } {
  if (err instanceof ValidationError) {
    return { status: 400, body: { error: { code: 'BadRequest', message: err.message, ...(err.field ? { field: err.field } : {}) } } };
  }
  if (err instanceof NotFoundError) return { status: 404, body: { error: { code: 'NotFound', message: err.message } } };
  if (err instanceof ConflictError) return { status: 409, body: { error: { code: 'Conflict', message: err.message } } };
  return { status: 500, body: { error: { code: 'InternalError', message: 'Internal error' } } };
}
