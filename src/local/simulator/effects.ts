/**
 * Incident effects on the simulated shop, as per-period channels. An incident writes into a
 * few channels over its window (multiply traffic, add an error rate, override a limit…); the
 * world model reads them while it computes every series, so effects propagate to callers and
 * dependencies through the model itself rather than being painted on each series.
 */

/** The channels the world model reads. `target` is a function, table or instance name. */
export type MulChannel = 'traffic' | 'route' | 'latency' | 'dbLatency' | 'workerCapacity' | 'cpu';
export type AddChannel = 'errors' | 'sendFailures' | 'extraWrites' | 'dbCpu' | 'dbUsedBytes' | 'memory' | 'disk' | 'botRequests' | 'noRotation' | 'batchMessages' | 'diskCleanup';
export type SetChannel = 'concurrencyLimit' | 'provisionedWcu';

export class Effects {
  private readonly mul = new Map<string, Float64Array>();
  private readonly add = new Map<string, Float64Array>();
  private readonly set = new Map<string, Float64Array>();

  constructor(
    /** Number of periods in the scenario. */
    readonly n: number,
  ) {}

  private array(map: Map<string, Float64Array>, key: string, neutral: number): Float64Array {
    let a = map.get(key);
    if (!a) {
      a = new Float64Array(this.n).fill(neutral);
      map.set(key, a);
    }
    return a;
  }

  private range(i0: number, i1: number): [number, number] {
    return [Math.max(0, Math.floor(i0)), Math.min(this.n, Math.ceil(i1))];
  }

  /** Multiplies `channel[target]` by `f(i)` for periods i in [i0, i1). */
  multiply(channel: MulChannel, target: string, i0: number, i1: number, f: (i: number) => number): void {
    const a = this.array(this.mul, `${channel}:${target}`, 1);
    const [from, to] = this.range(i0, i1);
    for (let i = from; i < to; i++) a[i] = a[i]! * f(i);
  }

  /** Adds `f(i)` to `channel[target]` for periods i in [i0, i1). */
  plus(channel: AddChannel, target: string, i0: number, i1: number, f: (i: number) => number): void {
    const a = this.array(this.add, `${channel}:${target}`, 0);
    const [from, to] = this.range(i0, i1);
    for (let i = from; i < to; i++) a[i] = a[i]! + f(i);
  }

  /** Overrides `channel[target]` with `f(i)` for periods i in [i0, i1). */
  override(channel: SetChannel, target: string, i0: number, i1: number, f: (i: number) => number): void {
    const a = this.array(this.set, `${channel}:${target}`, Number.NaN);
    const [from, to] = this.range(i0, i1);
    for (let i = from; i < to; i++) a[i] = f(i);
  }

  /** Multiplier at period i (1 when untouched). */
  m(channel: MulChannel, target: string, i: number): number {
    return this.mul.get(`${channel}:${target}`)?.[i] ?? 1;
  }

  /** Addend at period i (0 when untouched). */
  a(channel: AddChannel, target: string, i: number): number {
    return this.add.get(`${channel}:${target}`)?.[i] ?? 0;
  }

  /** Override at period i, or `fallback` when none. */
  s(channel: SetChannel, target: string, i: number, fallback: number): number {
    const v = this.set.get(`${channel}:${target}`)?.[i];
    return v === undefined || Number.isNaN(v) ? fallback : v;
  }
}
