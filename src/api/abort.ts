/**
 * Stops a request's work when its client leaves: the store a handler uses is wrapped so that
 * every call made after the request's signal aborted throws ClientGoneError instead of
 * reaching the store. Paging loops (every page is one call) therefore end at the next page.
 */

/** The client closed the connection before the answer was ready. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client closed the request');
    this.name = 'ClientGoneError';
  }
}

/** `target` with every method refusing to run once `signal` has aborted. */
export function untilAborted<T extends object>(target: T, signal: AbortSignal | undefined): T {
  if (!signal) return target;
  return new Proxy(target, {
    get(t, property) {
      const value: unknown = Reflect.get(t, property, t);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (signal.aborted) throw new ClientGoneError();
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}
