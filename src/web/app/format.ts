/**
 * Display formatting shared by the views. Every time is shown one way, `2026-11-19 15:06`, in
 * the viewer's time zone, with the zone's abbreviation where a time stands alone; numbers and
 * durations go through src/core/units.ts so they read the same as in notifications.
 */
import { formatDurationSeconds, formatNumber } from '../../core/units';

const parts = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

function pieces(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** The viewer's time zone, e.g. `Europe/Berlin (GMT+1)` or `UTC`. */
export function viewerZone(at: number = Date.now()): string {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const abbr = pieces(at).timeZoneName ?? '';
  return abbr && abbr !== name ? `${name} (${abbr})` : name;
}

/** `2026-11-19 15:06 GMT+1` in the viewer's zone; `—` for no time. */
export function fmtTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const p = pieces(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName ?? ''}`.trimEnd();
}

/** `2026-11-19 15:06`: the same format without the zone, where the page states the zone once. */
export function fmtLocal(ms: number): string {
  const p = pieces(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Axis labels: `11-19 15:06`, or `11-19` at midnight. */
export function fmtShortTime(ms: number): string {
  const p = pieces(ms);
  return p.hour === '00' && p.minute === '00' ? `${p.month}-${p.day}` : `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `45 min`, `3.5 h`, `2.1 days`. */
export function fmtDuration(ms: number): string {
  return formatDurationSeconds(Math.round(ms / 60_000) * 60);
}

export function fmtMinutes(min: number | null | undefined): string {
  if (min === null || min === undefined) return '—';
  return fmtDuration(min * 60_000);
}

/** `3,400`, `12.3`, `0.55`. */
export function fmtNumber(v: number): string {
  return formatNumber(v);
}

/** `3.4 %`, `—` for none. */
export function fmtPercent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${formatNumber(Math.round(x * 1000) / 10)} %`;
}

/** `$12.40`. */
export function fmtUsd(v: number): string {
  return `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export const FEEDBACK_LABELS: Record<string, string> = {
  VALID_COLLECTION: 'Useful insight',
  RECOMMENDATION_USEFUL: 'Recommendation helped',
  ALERT_TOO_SENSITIVE: 'Too sensitive',
  DATA_NOISY_ANOMALY: 'Noisy anomaly',
  DATA_INCORRECT: 'Data incorrect',
};
