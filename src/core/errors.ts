/**
 * Domain errors. One base class; a few named subclasses that keep `cause`. The API maps
 * them to HTTP status codes in one place (src/api/errors.ts).
 */
export class OpsightError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input or configuration is invalid; the message names what is wrong. */
export class ValidationError extends OpsightError {
  constructor(
    message: string,
    /** Dotted path of the offending field or key, when known. */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A requested entity does not exist. */
export class NotFoundError extends OpsightError {}

/** A conditional write lost a race; the caller may re-read and retry. */
export class ConflictError extends OpsightError {}

/** A dependency (AWS, the store) failed in a way the caller cannot fix. */
export class UpstreamError extends OpsightError {}

/** Formats zod issues as `path: message; path: message`. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Parses `data` with a zod-like schema, throwing a ValidationError naming the first bad field. */
export function parseOrThrow<T>(
  schema: { safeParse(d: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } },
  data: unknown,
  what: string,
): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const field = first ? first.path.map(String).join('.') : undefined;
  throw new ValidationError(`Invalid ${what}: ${describeIssues(r.error.issues)}`, field || undefined);
}
