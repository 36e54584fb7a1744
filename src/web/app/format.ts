/** Display formatting shared by the views. Times are shown in UTC, stated as such. */

export function fmtTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function fmtShortTime(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}

export function fmtDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function fmtMinutes(min: number | null | undefined): string {
  if (min === null || min === undefined) return '—';
  return fmtDuration(min * 60_000);
}

/** A compact number for axes and values: 1234 → "1.23k", 0.000123 → "1.23e-4". */
export function fmtNumber(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(3)}k`;
  if (a >= 1) return String(Math.round(v * 100) / 100);
  if (a >= 0.01) return v.toPrecision(2);
  return v.toExponential(1);
}

export function fmtPercent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`;
}

export const FEEDBACK_LABELS: Record<string, string> = {
  VALID_COLLECTION: 'Useful insight',
  RECOMMENDATION_USEFUL: 'Recommendation helped',
  ALERT_TOO_SENSITIVE: 'Too sensitive',
  DATA_NOISY_ANOMALY: 'Noisy anomaly',
  DATA_INCORRECT: 'Data incorrect',
};
