/**
 * Deterministic identifiers. The same inputs always give the same id, so re-running a cycle
 * (at-least-once delivery, a crash and retry) never duplicates an anomaly or an insight.
 */

/** 32-bit FNV-1a over UTF-16 code units, seeded. O(n). */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A 64-bit hex digest made of two independently seeded FNV-1a passes. Not cryptographic. */
export function digest(...parts: ReadonlyArray<string | number>): string {
  const text = parts.join('\u001f');
  const a = fnv1a(text, 0x811c9dc5);
  const b = fnv1a(text, 0x050c5d1f);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** `prefix-` followed by the digest of the parts. */
export function stableId(prefix: string, ...parts: ReadonlyArray<string | number>): string {
  return `${prefix}-${digest(...parts)}`;
}
