/**
 * Reads a request body only up to a limit: a declared Content-Length over it, or a streamed
 * body that grows past it, is refused with 413 before anything parses it; a body within it is
 * buffered so the route's validator reads it as usual.
 */
import type { MiddlewareHandler } from 'hono';

function tooLarge(maxBytes: number): Response {
  return new Response(JSON.stringify({ error: { code: 'PayloadTooLarge', message: `Request body too large: at most ${maxBytes} bytes`, field: 'body' } }), {
    status: 413,
    headers: { 'content-type': 'application/json' },
  });
}

export function limitBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = raw.headers.get('content-length');
    if (declared !== null && !(/^\d{1,15}$/.test(declared) && Number(declared) <= maxBytes)) {
      await raw.body.cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    return next();
  };
}
