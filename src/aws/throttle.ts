/**
 * Client-side pacing for AWS APIs: a token bucket (calls per second) and a semaphore (calls in
 * flight). Time is injected through `Timer` so tests can run on virtual time and assert the
 * recorded call times.
 *
 * Pacing only: nothing here retries. Retrying is the SDK client's job (`SDK_RETRY`, its
 * standard retry strategy), so one logical call is sent at most `maxAttempts` times. The
 * buckets keep a process under its share of the account quotas (GetMetricData 50 TPS,
 * CloudTrail LookupEvents 2 TPS) in the first place.
 */

/** A source of time that can also wait. */
export interface Timer {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * Virtual time for tests: `sleep` advances the clock at once. Concurrent sleepers are woken
 * in order of their wake-up time, so interleavings are deterministic.
 */
export class VirtualTimer implements Timer {
  private t: number;
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.t += ms;
    await Promise.resolve();
  }
}

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained call rate). */
  readonly ratePerSecond: number;
  /** Bucket size: calls allowed back to back after a quiet period. @default 1 */
  readonly burst?: number;
  /** @default realTimer */
  readonly timer?: Timer;
}

/**
 * A token bucket. `take()` resolves when a token is available; callers are served in the
 * order they asked. Over any window of `w` seconds at most `burst + rate * w` calls pass.
 */
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly timer: Timer;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
    this.ratePerSecond = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? 1);
    this.timer = options.timer ?? realTimer;
    this.tokens = this.burst;
    this.last = this.timer.now();
  }

  /** Waits for one token. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.timer.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  private async acquire(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      const waitMs = Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
      await this.timer.sleep(waitMs);
      this.refill();
    }
    this.tokens -= 1;
  }
}

/** At most `max` holders at once; others wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(readonly max: number) {
    if (!(max >= 1)) throw new RangeError(`max must be >= 1, got ${max}`);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const sem = new Semaphore(limit);
  return Promise.all(items.map((item, i) => sem.run(() => fn(item, i))));
}

/** Documented account quotas that one Opsight process must stay under. */
export const AWS_QUOTAS = {
  /** CloudWatch GetMetricData transactions per second. */
  getMetricDataTps: 50,
  /** CloudTrail LookupEvents transactions per second (per account and region). */
  lookupEventsTps: 2,
  /** GetMetricData datapoints per second (data from the last 3 hours). */
  getMetricDataDatapointsPerSecond: 180_000,
  /** Writes per second a newly created on-demand DynamoDB table serves without throttling. */
  onDemandInitialWritesPerSecond: 4_000,
} as const;

/**
 * The one retry layer: the SDK's standard retry strategy (exponential back-off with full
 * jitter, throttling and transient errors retried, a client-wide retry quota that stops
 * retrying during an outage), at most 5 attempts per logical call. Every SDK client Opsight
 * builds takes these options and no adapter retries on top of them. Pacing is the token
 * buckets' job, so the SDK's adaptive mode (a second, hidden rate limiter) is not used.
 */
export const SDK_RETRY = { retryMode: 'standard', maxAttempts: 5 } as const;
