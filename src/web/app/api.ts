/** The dashboard's API client: same-origin relative URLs, so a proxy can sit in front. */
import type { AccountStatus, Anomaly, Coverage, FeedbackValue, Insight, OpsEvent, Recommendation, ResourceCollection, Series } from '../../core';

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const msg = (body as ApiErrorBody | undefined)?.error?.message ?? `HTTP ${res.status}`;
    throw new ApiError(res.status, msg);
  }
  return body as T;
}

export interface CollectionHealth {
  collection: ResourceCollection;
  openReactive: number;
  openProactive: number;
  closedReactive: number;
  mttrMinutes: number | null;
  lastInsightAt: number | null;
}

/** A member account on `/health`: its last collection and its insights. */
export interface AccountHealth extends AccountStatus {
  openReactive: number;
  openProactive: number;
  mttrMinutes: number | null;
}

export interface Health {
  openReactive: number;
  openProactive: number;
  mttrMinutes: number | null;
  collections: CollectionHealth[];
  /** Member accounts; absent when Opsight covers its own account only. */
  accounts?: AccountHealth[];
}

export interface Overview {
  from: number;
  to: number;
  reactiveInsights: number;
  proactiveInsights: number;
  mttrMinutes: number | null;
  bySeverity: Record<'LOW' | 'MEDIUM' | 'HIGH', number>;
}

export interface DoraRow {
  stack: string;
  accountId?: string;
  deployments: number;
  deploymentsPerDay: number;
  failedDeployments: number;
  changeFailureRate: number | null;
  mttrMinutes: number | null;
}

export interface Dora {
  from: number;
  to: number;
  days: number;
  total: DoraRow;
  stacks: DoraRow[];
  accounts?: DoraRow[];
}

export interface InsightDetail {
  insight: Insight;
  anomalies: Anomaly[];
  events: OpsEvent[];
  recommendations: Recommendation[];
}

/** The metric of an anomaly around it (`GET /insights/{id}/anomalies/{anomalyId}/series`). */
export interface AnomalySeries {
  series: Series;
  from: number;
  to: number;
  points: Array<{ t: number; v: number }>;
}

export interface InsightFilter {
  status?: string;
  type?: string;
  severity?: string;
  stack?: string;
  /** A member account's 12-digit id. */
  account?: string;
  /** Epoch ms: insights open at or after `from`, starting at or before `to`. */
  from?: number;
  to?: number;
}

export interface StackCoverage {
  stack: string | null;
  resources: number;
  types: Record<string, number>;
  series: { golden: number; capacity: number };
}

export interface CoverageResources {
  cadence: { goldenSignalsMinutes: number; capacityMinutes: number };
  stacks: StackCoverage[];
}

export interface CoverageBoundary {
  coverage: Coverage;
  updatedAt: number | null;
}

export interface CostEstimate {
  resources: number;
  cadence: { goldenSignalsMinutes: number; capacityMinutes: number };
  mode: 'single' | 'distributed';
  series: { golden: number; capacity: number };
  lines: Array<{ service: string; quantity: number; unit: string; usd: number }>;
  totalUsd: number;
  devOpsGuru: { groupA: number; groupB: number; unpriced: number; usd: number };
  ratio: number;
}

export interface CostQuery {
  goldenMinutes?: number;
  capacityMinutes?: number;
  mode?: string;
}

function qs(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const api = {
  health: () => call<Health>('health'),
  overview: () => call<Overview>('overview'),
  dora: () => call<Dora>('dora'),
  insights: (f: InsightFilter, limit: number, nextToken?: string) =>
    call<{ insights: Insight[]; nextToken?: string }>(`insights${qs({ ...f, limit, nextToken })}`),
  insight: (id: string) => call<InsightDetail>(`insights/${encodeURIComponent(id)}`),
  anomalySeries: (id: string, anomalyId: string, window: { from?: number; to?: number } = {}) =>
    call<AnomalySeries>(`insights/${encodeURIComponent(id)}/anomalies/${encodeURIComponent(anomalyId)}/series${qs(window)}`),
  events: (from: number, to: number, stack?: string) => call<{ events: OpsEvent[] }>(`events${qs({ from, to, stack })}`),
  coverage: () => call<CoverageBoundary>('coverage'),
  coverageResources: () => call<CoverageResources>('coverage/resources'),
  cost: (q: CostQuery) => call<CostEstimate>(`cost${qs({ ...q })}`),
  feedback: (id: string, value: FeedbackValue) =>
    call<{ feedback: { value: FeedbackValue; at: number } }>(`insights/${encodeURIComponent(id)}/feedback`, { method: 'PUT', body: JSON.stringify({ value }) }),
};
