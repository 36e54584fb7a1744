/**
 * Turns one log message into the tokens the template miner clusters: the message's first line
 * (a stack trace's header names the error; its frames would only multiply templates), split on
 * white space, with variable tokens (ids, numbers, IP addresses, durations, hex) masked as `<*>`.
 * Also reads what the reports need from the raw line: error keywords and an HTTP status.
 */

/** The mask that stands for a variable token. */
export const WILDCARD = '<*>';

/** At most this many tokens of a line are clustered (long lines keep their head). */
export const MAX_TOKENS = 48;

/** Words that mark a line as an error report (matched case-insensitively on the raw line). */
export const ERROR_KEYWORDS = /\b(error|exception|fail(?:ed|ure)?|fatal|panic|timed? ?out|timeout|denied|unauthori[sz]ed|forbidden|refused|throttl\w*|out of memory|outofmemory|killed|unreachable|traceback)\b|exceeded/i;

/** An HTTP request or access-log line: a method or protocol marker. */
const HTTP_MARKER = /\b(?:HTTP\/\d|GET |POST |PUT |DELETE |PATCH |HEAD |status[=:]\s?\d)/;
const STATUS_TOKEN = /^[1-5]\d\d$/;
/** A status followed by punctuation (`429.`, `503,`). */
const STATUS_PUNCT = /^([1-5]\d\d)[.,;:)]$/;
/** Hex strings without digits that still look like ids (e.g. `deadbeefcafe`). */
const LONG_HEX = /^[0-9a-f]{12,}$/i;

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** The first line of a message, without trailing white space. */
export function headLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl < 0 ? message : message.slice(0, nl)).trimEnd();
}

/**
 * Masks one token: anything carrying a digit (numbers, ids, IPs, durations such as `12ms`,
 * versions, hex) or a long hex string becomes `<*>`; `key=value` keeps its key. HTTP status
 * codes stay when `http` is set, so `200` and `503` lines form different templates.
 */
export function maskToken(token: string, http: boolean): string {
  if (!hasDigit(token)) return LONG_HEX.test(token) ? WILDCARD : token;
  if (http && STATUS_TOKEN.test(token)) return token;
  if (http && STATUS_PUNCT.test(token)) return token.slice(0, 3);
  const eq = token.indexOf('=');
  if (eq > 0 && !hasDigit(token.slice(0, eq))) return `${token.slice(0, eq + 1)}${WILDCARD}`;
  return WILDCARD;
}

/** What the miner needs of one line. */
export interface LineShape {
  readonly tokens: string[];
  /** An HTTP status code found on an HTTP-looking line. */
  readonly status?: number;
}

/** Tokenises and masks the head line of a message. O(length). */
export function shapeOf(message: string): LineShape {
  const head = headLine(message);
  const http = HTTP_MARKER.test(head);
  const raw = head.split(/\s+/);
  const tokens: string[] = [];
  let status: number | undefined;
  for (const t of raw) {
    if (t === '') continue;
    if (tokens.length >= MAX_TOKENS) break;
    const m = maskToken(t, http);
    if (http && status === undefined && m !== WILDCARD && STATUS_TOKEN.test(m)) status = Number(m);
    tokens.push(m);
  }
  return status === undefined ? { tokens } : { tokens, status };
}

/** Whether a template or line reads as an error report. */
export function hasErrorKeyword(text: string): boolean {
  return ERROR_KEYWORDS.test(text);
}
