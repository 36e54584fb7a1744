/**
 * A streaming log-template miner in the manner of Drain (He et al., 2017): a shallow parse tree
 * keyed by token count and the leading constant tokens leads each line to a short list of
 * templates; the line joins the most similar one (share of equal constant tokens at least
 * `similarity`), whose differing positions become `<*>`, or starts a template of its own.
 *
 * Every template keeps its line count per period, when it was first and last seen and a few
 * sample lines. The number of templates, of periods and of samples is bounded, and the whole
 * state is plain JSON (`toState` / `fromState`), so it is stored between cycles.
 */
import { WILDCARD, hasErrorKeyword, headLine, shapeOf } from './tokens';

export interface MinerOptions {
  /** Width of a counting period, ms. @default 5 minutes */
  readonly periodMs?: number;
  /** Most templates kept; beyond it the least recently seen tenth is dropped (and counted). @default 200 */
  readonly maxTemplates?: number;
  /** Share of equal constant tokens for a line to join a template. @default 0.5 */
  readonly similarity?: number;
  /** Periods of counts kept per template (older ones are dropped). @default 288 (a day of 5 minutes) */
  readonly maxPeriods?: number;
  /** Sample lines kept per template. @default 3 */
  readonly maxSamples?: number;
  /** Longest sample line kept, characters. @default 300 */
  readonly sampleChars?: number;
}

/** One template as stored. */
export interface TemplateState {
  readonly id: number;
  /** The parse-tree leaf it lives in. */
  readonly key: string;
  /** Tokens joined by single spaces, variables as `<*>`. */
  readonly template: string;
  readonly total: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** [period index, lines] pairs, oldest first. */
  readonly counts: ReadonlyArray<readonly [number, number]>;
  readonly samples: readonly string[];
  readonly status?: number;
  readonly error: boolean;
}

/** The miner's whole state: plain JSON. */
export interface MinerState {
  readonly version: 1;
  readonly periodMs: number;
  readonly nextId: number;
  readonly lines: number;
  /** Templates dropped to stay within the bound, and the lines they had counted. */
  readonly evicted: { readonly templates: number; readonly lines: number };
  readonly templates: readonly TemplateState[];
}

/** A template while mining. */
export interface Template {
  readonly id: number;
  readonly key: string;
  tokens: string[];
  total: number;
  firstSeen: number;
  lastSeen: number;
  readonly counts: Map<number, number>;
  readonly samples: string[];
  readonly status?: number;
  readonly error: boolean;
}

const DEFAULTS = { periodMs: 300_000, maxTemplates: 200, similarity: 0.5, maxPeriods: 288, maxSamples: 3, sampleChars: 300 };

/** Leaf key: token count, error flag, status and the first constant token. */
function leafKey(tokens: readonly string[], error: boolean, status: number | undefined): string {
  const first = tokens.find((t) => t !== WILDCARD) ?? '';
  return `${tokens.length}|${error ? 'E' : ''}|${status ?? ''}|${first}`;
}

/** Share of positions where the template holds the same constant token as the line. */
function similarity(template: readonly string[], tokens: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < tokens.length; i++) if (template[i] === tokens[i] && tokens[i] !== WILDCARD) same++;
  return tokens.length === 0 ? 1 : same / tokens.length;
}

export class TemplateMiner {
  readonly periodMs: number;
  private readonly opts: Required<Omit<MinerOptions, 'periodMs'>>;
  private readonly leaves = new Map<string, Template[]>();
  private readonly byId = new Map<number, Template>();
  private nextId = 1;
  private latestPeriod = -Infinity;
  lines = 0;
  evictedTemplates = 0;
  evictedLines = 0;

  constructor(options: MinerOptions = {}, state?: MinerState) {
    this.periodMs = state?.periodMs ?? options.periodMs ?? DEFAULTS.periodMs;
    this.opts = {
      maxTemplates: options.maxTemplates ?? DEFAULTS.maxTemplates,
      similarity: options.similarity ?? DEFAULTS.similarity,
      maxPeriods: options.maxPeriods ?? DEFAULTS.maxPeriods,
      maxSamples: options.maxSamples ?? DEFAULTS.maxSamples,
      sampleChars: options.sampleChars ?? DEFAULTS.sampleChars,
    };
    if (state) this.load(state);
  }

  /** Templates, in id order. */
  templates(): Template[] {
    return [...this.byId.values()];
  }

  /** Adds one log event (time in epoch ms, its message); returns its template. O(tokens × leaf size). */
  add(t: number, message: string): Template {
    const { tokens, status } = shapeOf(message);
    const error = hasErrorKeyword(headLine(message));
    const key = leafKey(tokens, error, status);
    const leaf = this.leaves.get(key) ?? [];
    let best: Template | undefined;
    let bestSim = -1;
    for (const c of leaf) {
      const s = similarity(c.tokens, tokens);
      if (s > bestSim) [best, bestSim] = [c, s];
    }
    let template: Template;
    if (best && bestSim >= this.opts.similarity) {
      template = best;
      for (let i = 0; i < tokens.length; i++) if (template.tokens[i] !== tokens[i]) template.tokens[i] = WILDCARD;
    } else {
      template = this.create(key, tokens, t, error, status);
      leaf.push(template);
      this.leaves.set(key, leaf);
    }
    this.count(template, t, message);
    return template;
  }

  private create(key: string, tokens: string[], t: number, error: boolean, status: number | undefined): Template {
    if (this.byId.size >= this.opts.maxTemplates) this.evictOldest();
    const template: Template = { id: this.nextId++, key, tokens: [...tokens], total: 0, firstSeen: t, lastSeen: t, counts: new Map(), samples: [], error, ...(status !== undefined ? { status } : {}) };
    this.byId.set(template.id, template);
    return template;
  }

  private count(template: Template, t: number, message: string): void {
    const p = Math.floor(t / this.periodMs);
    template.counts.set(p, (template.counts.get(p) ?? 0) + 1);
    template.total++;
    if (t < template.firstSeen) template.firstSeen = t;
    if (t > template.lastSeen) template.lastSeen = t;
    if (template.samples.length < this.opts.maxSamples) template.samples.push(message.length > this.opts.sampleChars ? `${message.slice(0, this.opts.sampleChars - 1)}…` : message);
    this.lines++;
    if (p > this.latestPeriod) {
      this.latestPeriod = p;
      this.prune();
    }
  }

  /** Drops counts older than `maxPeriods` before the latest period. */
  private prune(): void {
    const oldest = this.latestPeriod - this.opts.maxPeriods;
    for (const c of this.byId.values()) for (const p of c.counts.keys()) if (p <= oldest) c.counts.delete(p);
  }

  /** Drops the least recently seen tenth of the templates at once (amortised: one sort per many new templates). */
  private evictOldest(): void {
    const victims = [...this.byId.values()].sort((a, b) => a.lastSeen - b.lastSeen || a.id - b.id).slice(0, Math.max(1, Math.ceil(this.opts.maxTemplates / 10)));
    for (const victim of victims) {
      this.byId.delete(victim.id);
      const leaf = this.leaves.get(victim.key);
      if (leaf) {
        leaf.splice(leaf.indexOf(victim), 1);
        if (leaf.length === 0) this.leaves.delete(victim.key);
      }
      this.evictedTemplates++;
      this.evictedLines += victim.total;
    }
  }

  /** Lines of one template in periods [fromPeriod, toPeriod). */
  static countIn(template: Template, fromPeriod: number, toPeriod: number): number {
    let n = 0;
    for (const [p, c] of template.counts) if (p >= fromPeriod && p < toPeriod) n += c;
    return n;
  }

  toState(): MinerState {
    return {
      version: 1,
      periodMs: this.periodMs,
      nextId: this.nextId,
      lines: this.lines,
      evicted: { templates: this.evictedTemplates, lines: this.evictedLines },
      templates: this.templates().map((c) => ({
        id: c.id,
        key: c.key,
        template: c.tokens.join(' '),
        total: c.total,
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        counts: [...c.counts].sort((a, b) => a[0] - b[0]),
        samples: [...c.samples],
        error: c.error,
        ...(c.status !== undefined ? { status: c.status } : {}),
      })),
    };
  }

  private load(state: MinerState): void {
    this.nextId = state.nextId;
    this.lines = state.lines;
    this.evictedTemplates = state.evicted.templates;
    this.evictedLines = state.evicted.lines;
    for (const s of state.templates) {
      const tokens = s.template === '' ? [] : s.template.split(' ');
      const key = s.key;
      const template: Template = { id: s.id, key, tokens, total: s.total, firstSeen: s.firstSeen, lastSeen: s.lastSeen, counts: new Map(s.counts.map(([p, c]) => [p, c])), samples: [...s.samples], error: s.error, ...(s.status !== undefined ? { status: s.status } : {}) };
      this.byId.set(s.id, template);
      const leaf = this.leaves.get(key) ?? [];
      leaf.push(template);
      this.leaves.set(key, leaf);
      for (const p of template.counts.keys()) if (p > this.latestPeriod) this.latestPeriod = p;
    }
  }
}

/** Whether a stored value is a miner state this version reads. */
export function isMinerState(x: unknown): x is MinerState {
  return typeof x === 'object' && x !== null && (x as MinerState).version === 1 && Array.isArray((x as MinerState).templates) && typeof (x as MinerState).periodMs === 'number';
}
