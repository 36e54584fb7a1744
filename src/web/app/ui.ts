/** Small building blocks the views share: badges, labelled fields, responsive tables, time ranges. */
import type { Insight } from '../../core';
import { h } from './dom';
import { fmtDuration, fmtLocal } from './format';

export interface ViewContext {
  readonly main: HTMLElement;
  /** Announces a message to assistive technology (and shows it). */
  announce(message: string): void;
  /** Runs `fn` every `ms` while the view stays on screen (cleared on the next navigation). */
  every(ms: number, fn: () => void): void;
}

export function badge(kind: string, text: string): HTMLElement {
  return h('span', { class: `badge badge-${kind.toLowerCase()}` }, text);
}

export function insightLink(i: Insight): HTMLElement {
  return h('a', { href: `#/insights/${encodeURIComponent(i.id)}` }, i.name);
}

export function duration(i: Insight): string {
  return i.timeRange.end !== undefined ? fmtDuration(i.timeRange.end - i.timeRange.start) : 'ongoing';
}

export type Cell = Node | string;

/**
 * A table whose cells carry their column name (`data-label`), so on a narrow screen each row
 * is shown as a card of label: value lines instead of scrolling sideways. The first cell is
 * the row's header.
 */
export function gridTable(columns: readonly string[], rows: ReadonlyArray<{ cells: readonly Cell[]; attrs?: Record<string, string> }>, attrs: Record<string, string> = {}): HTMLElement {
  return h(
    'table',
    { class: 'grid', ...attrs },
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h('tr', r.attrs ?? {}, ...r.cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row', 'data-label': columns[i] }, cell) : h('td', { 'data-label': columns[i] }, cell)))),
      ),
    ),
  );
}

export function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export function selectOf(name: string, options: ReadonlyArray<readonly [string, string]>, value: string | undefined): HTMLSelectElement {
  return h('select', { name }, ...options.map(([v, text]) => h('option', { value: v, selected: v === (value ?? '') }, text)));
}

// ---- time ranges --------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Presets, relative to the server's clock (a replayed demo lives in its own time). */
export const RANGE_PRESETS: ReadonlyArray<readonly [string, string, number]> = [
  ['24h', 'Last 24 hours', DAY],
  ['7d', 'Last 7 days', 7 * DAY],
  ['14d', 'Last 14 days', 14 * DAY],
  ['30d', 'Last 30 days', 30 * DAY],
];

export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

/** `2026-11-19T15:06` in the viewer's zone, for a datetime-local input. */
function toInput(ms: number): string {
  return fmtLocal(ms).replace(' ', 'T');
}

/** A datetime-local value (the viewer's zone) as epoch ms, or undefined. */
function fromInput(text: string | null): number | undefined {
  if (!text) return undefined;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** The range a URL's `range`, `from` and `to` select, with `now` the server's clock. */
export function rangeOf(params: URLSearchParams, now: number, fallback: string): TimeRange {
  const range = params.get('range') ?? fallback;
  if (range === 'custom') return { from: fromInput(params.get('from')), to: fromInput(params.get('to')) };
  const preset = RANGE_PRESETS.find(([key]) => key === range);
  return preset ? { from: now - preset[2], to: now } : {};
}

/** The range controls: a preset select and, for a custom range, two datetime inputs. */
export function rangeFields(params: URLSearchParams, fallback: string, allowAll: boolean): HTMLElement[] {
  const range = params.get('range') ?? fallback;
  const options: Array<readonly [string, string]> = [...RANGE_PRESETS.map(([k, label]) => [k, label] as const), ...(allowAll ? [['all', 'Any time'] as const] : []), ['custom', 'Custom…']];
  const preset = selectOf('range', options, range);
  const from = h('input', { type: 'datetime-local', name: 'from', value: params.get('from') ?? '' });
  const to = h('input', { type: 'datetime-local', name: 'to', value: params.get('to') ?? '' });
  const custom = [field('f-from', 'From', from), field('f-to', 'To', to)];
  const sync = () => {
    for (const c of custom) c.hidden = preset.value !== 'custom';
  };
  preset.addEventListener('change', sync);
  sync();
  return [field('f-range', 'Time range', preset), ...custom];
}

/** Fills empty custom inputs with the current range, so choosing "Custom…" starts from it. */
export function seedCustom(form: HTMLFormElement, r: TimeRange): void {
  for (const [name, v] of [
    ['from', r.from],
    ['to', r.to],
  ] as const) {
    const input = form.elements.namedItem(name) as HTMLInputElement | null;
    if (input && !input.value && v !== undefined) input.value = toInput(v);
  }
}

/** The form's non-empty values as a query string (custom bounds only with a custom range). */
export function formQuery(form: HTMLFormElement, names: readonly string[]): string {
  const data = new FormData(form);
  const q = new URLSearchParams();
  const custom = data.get('range') === 'custom';
  for (const k of names) {
    if ((k === 'from' || k === 'to') && !custom) continue;
    const v = data.get(k);
    if (typeof v === 'string' && v.trim()) q.set(k, v.trim());
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
