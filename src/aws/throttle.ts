/**
 * Client-side rate limiting for AWS APIs: a token bucket (calls per second), a semaphore
 * (calls in flight) and a retry on throttling errors. Time is injected through `Timer` so
 * tests can run on virtual time and assert the recorded call times.
 *
 * The SDK clients are built with `retryMode: 'adaptive'` as well; these limits keep one
 * process under the account quotas in the first place (GetMetricData 50 TPS, CloudTrail
 * LookupEvents 2 TPS), and the retry covers throttles that reach us anyway.
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

const THROTTLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);

/** Whether an error is AWS telling us to slow down. */
export function isThrottle(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  return THROTTLE_NAMES.has(String(e.name)) || THROTTLE_NAMES.has(String(e.code)) || e.$metadata?.httpStatusCode === 429;
}

export interface RetryOptions {
  /** Attempts in all, including the first. @default 4 */
  readonly attempts?: number;
  /** First back-off; doubled each time. @default 500 */
  readonly baseMs?: number;
  /** @default realTimer */
  readonly timer?: Timer;
  /** Called before each retry (for logging and tests). */
  readonly onRetry?: (err: unknown, attempt: number, waitMs: number) => void;
}

/** Calls `fn`, retrying throttling errors with exponential back-off; other errors pass through. */
export async function withThrottleRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseMs ?? 500;
  const timer = options.timer ?? realTimer;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isThrottle(err) || attempt >= attempts) throw err;
      const waitMs = base * 2 ** (attempt - 1);
      options.onRetry?.(err, attempt, waitMs);
      await timer.sleep(waitMs);
    }
  }
}

/** Documented account quotas that one Opsight process must stay under. */
export const AWS_QUOTAS = {
  /** CloudWatch GetMetricData transactions per second. */
  getMetricDataTps: 50,
  /** CloudTrail LookupEvents transactions per second (per account and region). */
  lookupEventsTps: 2,
} as const;
