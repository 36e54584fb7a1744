/**
 * Strict parsing of the times the API accepts in query strings: epoch milliseconds (digits
 * only) or an ISO-8601 date (`2026-11-19`) or date-time with a zone (`2026-11-19T14:00:00Z`,
 * `…+01:00`), between 1970 and MAX_TIME_MS. Anything `Date.parse` would merely guess at
 * (`-1`, `1.5`, `hello world 12`, `2026-02-30`, a date-time without zone) is refused.
 */

/** The latest time the API accepts (2200-01-01T00:00:00Z): far beyond any data, and inside the 13-digit sort keys of the store. */
export const MAX_TIME_MS = Date.UTC(2200, 0, 1);

const EPOCH_MS = /^\d{1,15}$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** What a time must look like, for error messages and the OpenAPI document. */
export const TIME_FORMAT = 'epoch milliseconds or an ISO-8601 date-time with zone (2026-11-19T14:00:00Z), from 1970 to 2200';

/** The OpenAPI `pattern` of a time parameter (the range check is left to the server). */
export const TIME_PATTERN = '^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?)$';

/** Epoch ms of `text`, or undefined when it is not a time the API accepts. */
export function parseTime(text: string): number | undefined {
  let ms: number;
  if (EPOCH_MS.test(text)) {
    ms = Number(text);
  } else {
    const m = ISO.exec(text);
    if (!m) return undefined;
    const [, y, mo, d, h = '00', mi = '00', s = '00', , zone] = m;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    // Date.parse rolls 2026-02-30 over to March; a date that does not exist is refused instead.
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
    if (zone && zone !== 'Z') {
      const [zh, zm] = zone.slice(1).split(':').map(Number);
      if (zh! > 23 || zm! > 59) return undefined;
    }
    ms = Date.parse(text);
  }
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_TIME_MS) return undefined;
  return ms;
}
