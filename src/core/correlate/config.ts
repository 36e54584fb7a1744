/**
 * Correlator settings. The three original fields are required (the cycle reads
 * `eventLookbackMs` to know how far back to load events); the rest default.
 */
import type { Severity } from '../model';
import { NO_ACCOUNT_LINKS, type AccountLinks } from '../accounts/scope';
import type { Organization } from '../accounts/config';

export interface CorrelatorConfig {
  /** An anomaly joins an insight of its collection if it is active within this long of the insight's activity. */
  readonly groupWindowMs: number;
  /** An insight closes when all its anomalies are closed and none was anomalous for this long. */
  readonly quietMs: number;
  /** How far before onset a change event may be to count as relevant. */
  readonly eventLookbackMs: number;
  /**
   * Deviating periods an anomaly needs before it may open an insight, by the criticality of
   * its metric (see significance.ts). @default HIGH 2, MEDIUM 3, LOW 3
   */
  readonly minPeriods?: Readonly<Record<Severity, number>>;
  /**
   * A HIGH-criticality anomaly whose peak lies this many expected-band widths outside the
   * expected value opens an insight at once, even from a single period. @default 4
   */
  readonly strongExcess?: number;
  /** Peak excess, in band widths, each of two simultaneous anomalies needs to corroborate the other. @default 2 */
  readonly corroborateExcess?: number;
  /** Anomalies starting within this many periods of the earliest are simultaneous when choosing the cause. @default 2 */
  readonly onsetSlackPeriods?: number;
  /** Distinct resources with notable anomalies from which an insight's severity is raised one step. @default 3 */
  readonly breadthResources?: number;
  /**
   * Which member accounts call each other (`organization.dependencies`): anomalies of two
   * accounts join one insight, and a change in one account is ranked for an insight of another,
   * only where a dependency names the pair. @default none (accounts stay apart)
   */
  readonly accounts?: AccountLinks;
}

export const DEFAULT_CORRELATOR_CONFIG: CorrelatorConfig = {
  groupWindowMs: 30 * 60_000,
  quietMs: 30 * 60_000,
  eventLookbackMs: 2 * 3_600_000,
  minPeriods: { HIGH: 2, MEDIUM: 3, LOW: 3 },
  strongExcess: 4,
  corroborateExcess: 2,
  onsetSlackPeriods: 2,
  breadthResources: 3,
};

/** The config with every optional field filled from the defaults. */
export type ResolvedCorrelatorConfig = Required<CorrelatorConfig>;

export function resolveConfig(cfg: CorrelatorConfig | undefined): ResolvedCorrelatorConfig {
  const d = DEFAULT_CORRELATOR_CONFIG as ResolvedCorrelatorConfig;
  const c = cfg ?? d;
  return {
    groupWindowMs: c.groupWindowMs,
    quietMs: c.quietMs,
    eventLookbackMs: c.eventLookbackMs,
    minPeriods: c.minPeriods ?? d.minPeriods,
    strongExcess: c.strongExcess ?? d.strongExcess,
    corroborateExcess: c.corroborateExcess ?? d.corroborateExcess,
    onsetSlackPeriods: c.onsetSlackPeriods ?? d.onsetSlackPeriods,
    breadthResources: c.breadthResources ?? d.breadthResources,
    accounts: c.accounts ?? NO_ACCOUNT_LINKS,
  };
}

/**
 * The correlator settings of an organisation: the defaults with its account dependencies, or
 * undefined without dependencies (every account then stays apart, as in a single account).
 */
export function correlatorForOrganization(organization: Pick<Organization, 'dependencies'> | undefined, centralAccountId?: string): CorrelatorConfig | undefined {
  if (!organization?.dependencies.length) return undefined;
  return { ...DEFAULT_CORRELATOR_CONFIG, accounts: { dependencies: organization.dependencies, ...(centralAccountId ? { centralAccountId } : {}) } };
}
