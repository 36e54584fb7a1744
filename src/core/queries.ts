/** Reads over the InsightStore port that every caller would otherwise page by hand. */
import type { Insight } from './model';
import type { InsightQuery, InsightStore } from './ports';

/** Every insight matching `query`, all pages, newest first. O(pages) store reads. */
export async function loadAllInsights(store: Pick<InsightStore, 'listInsights'>, query: Omit<InsightQuery, 'limit' | 'nextToken'> = {}): Promise<Insight[]> {
  const out: Insight[] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.listInsights({ ...query, limit: 100, nextToken });
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}
