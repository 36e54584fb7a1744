/**
 * How collection went in each member scope during one cycle, and the AccountStatus[] document
 * it becomes: an account is OK when every region collected, DEGRADED when some failed, FAILED
 * when none did. `failingSince` and `lastSuccessAt` carry over from the previous document.
 */
import type { AccountStatus } from '../../core';
import { oneLine } from './credentials';
import type { MemberAccountScope } from './listing';
import type { Scope } from './clients';

/** What the cycle saw in one scope. */
interface ScopeOutcome {
  resources: number;
  /** The first failure of the cycle in the scope, in one line. */
  error?: string;
}

export interface ScopeFailure extends Scope {
  /** What failed: listing the coverage, reading metrics, change events or log groups. */
  readonly step: 'coverage' | 'metrics' | 'events' | 'logs';
  /** One line, e.g. `AccessDenied assuming role OpsightMemberRead in 111122223333`. */
  readonly reason: string;
}

export class CollectionHealth {
  private readonly outcomes = new Map<string, ScopeOutcome>();
  private accounts: MemberAccountScope[] = [];
  /** Whether `begin` started a cycle (outside one, e.g. in the API, every failure is reported). */
  private inCycle = false;

  constructor(private readonly onFailure: (failure: ScopeFailure) => void = () => undefined) {}

  /**
   * Starts a cycle over these accounts (outcomes of the previous cycle are forgotten). Functions
   * that only read (analyzers, log evidence) start one per invocation with no accounts.
   */
  begin(accounts: readonly MemberAccountScope[]): void {
    this.accounts = [...accounts];
    this.outcomes.clear();
    this.inCycle = true;
  }

  /** The scope listed `resources` covered resources. */
  listed(scope: Scope, resources: number): void {
    this.outcome(scope).resources = resources;
  }

  /**
   * A step failed in the scope. The first failure of a scope in a cycle is reported (one log
   * line, one count) and kept for the status; later steps failing in the same scope and cycle
   * mostly repeat its cause (a refused role fails every step) and are not reported again.
   * Outside a cycle every failure is reported.
   */
  failed(scope: Scope, step: ScopeFailure['step'], error: unknown): void {
    const outcome = this.outcome(scope);
    if (this.inCycle && outcome.error) return;
    const reason = oneLine(error);
    outcome.error ??= `${scope.region}: ${reason}`;
    this.onFailure({ ...scope, step, reason });
  }

  /** The statuses after this cycle, given the previous document. */
  statuses(previous: readonly AccountStatus[], now: number): AccountStatus[] {
    const before = new Map(previous.map((s) => [s.accountId, s]));
    return this.accounts.map((a) => {
      const outcomes = a.regions.map((region) => this.outcomes.get(`${a.accountId}/${region}`));
      const failed = outcomes.filter((o) => o?.error);
      const state = failed.length === 0 ? 'OK' : failed.length === outcomes.length ? 'FAILED' : 'DEGRADED';
      const prev = before.get(a.accountId);
      const lastSuccessAt = state === 'OK' ? now : prev?.lastSuccessAt;
      const failingSince = state === 'OK' ? undefined : (prev?.failingSince ?? now);
      const lastError = failed[0]?.error;
      return {
        accountId: a.accountId,
        ...(a.alias ? { alias: a.alias } : {}),
        ...(a.organizationalUnitId ? { organizationalUnitId: a.organizationalUnitId } : {}),
        regions: [...a.regions],
        state,
        resources: outcomes.reduce((n, o) => n + (o?.resources ?? 0), 0),
        ...(lastSuccessAt !== undefined ? { lastSuccessAt } : {}),
        ...(failingSince !== undefined ? { failingSince } : {}),
        ...(lastError ? { lastError } : {}),
      };
    });
  }

  private outcome(scope: Scope): ScopeOutcome {
    const key = `${scope.accountId}/${scope.region}`;
    let o = this.outcomes.get(key);
    if (!o) {
      o = { resources: 0 };
      this.outcomes.set(key, o);
    }
    return o;
  }
}
