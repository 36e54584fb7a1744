/**
 * Simulated time for `bench scale`: a discrete-event clock whose `sleep` resolves when every
 * earlier wake-up has run, and token buckets on that clock, either pacing a caller (it waits
 * for a token) or standing for a service quota (a call without a token is throttled).
 *
 * Everything that runs on the clock must be pure computation and `sleep`: the loop advances
 * time once the microtask queue is empty (checked with setImmediate).
 */

interface Wake {
  readonly t: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export class SimClock {
  private t = 0;
  private seq = 0;
  private readonly queue: Wake[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.push({ t: this.t + Math.max(0, ms), seq: this.seq++, resolve }));
  }

  /** Runs `main` to completion in simulated time; returns the simulated milliseconds it took. */
  async run(main: () => Promise<void>): Promise<number> {
    const start = this.t;
    let failure: unknown;
    let done = false;
    main().then(
      () => (done = true),
      (err: unknown) => {
        failure = err;
        done = true;
      },
    );
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done || this.queue.length === 0) break;
      const next = this.pop();
      this.t = next.t;
      next.resolve();
    }
    if (failure) throw failure;
    if (!done) throw new Error('simulation stalled: a task waits on something other than the clock');
    return this.t - start;
  }

  // A binary heap on (t, seq): wake-ups in time order, ties in the order they were asked.
  private push(w: Wake): void {
    const q = this.queue;
    q.push(w);
    for (let i = q.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(q[i]!, q[p]!)) break;
      [q[i], q[p]] = [q[p]!, q[i]!];
      i = p;
    }
  }

  private pop(): Wake {
    const q = this.queue;
    const top = q[0]!;
    const last = q.pop()!;
    if (q.length) {
      q[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < q.length && before(q[l]!, q[m]!)) m = l;
        if (r < q.length && before(q[r]!, q[m]!)) m = r;
        if (m === i) break;
        [q[i], q[m]] = [q[m]!, q[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Wake, b: Wake) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

/** A token bucket on simulated time: `rate` tokens a second, at most `burst` saved up. */
export class SimBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: SimClock,
    readonly rate: number,
    readonly burst: number = rate,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** A quota: takes `n` tokens if there are that many, else reports a throttle. */
  tryTake(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Pacing: waits (in order of asking) until `n` tokens are there, then takes them. */
  take(n = 1): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < n) {
        await this.clock.sleep(Math.ceil(((n - this.tokens) / this.rate) * 1000));
        this.refill();
      }
      this.tokens -= n;
    });
    this.queue = turn;
    return turn;
  }
}
