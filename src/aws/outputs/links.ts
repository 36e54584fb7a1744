/**
 * Absolute links to an insight: the dashboard's page (when the dashboard has a URL) and the
 * REST API's resource. Relative links only as the last resort, when neither URL is known.
 */
export interface InsightLinks {
  /** Labelled links, dashboard first. */
  forInsight(insightId: string): Array<{ label: string; url: string }>;
  /** The one link a machine message carries (`insightUrl`): the dashboard's, else the API's. */
  primary(insightId: string): string;
}

export interface InsightLinkOptions {
  /** The REST API's base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/prod/`. */
  readonly apiUrl?: string;
  /** Where the dashboard is served, e.g. `https://opsight.example.com/`. */
  readonly dashboardUrl?: string;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function insightLinks(options: InsightLinkOptions): InsightLinks {
  const api = options.apiUrl ? trimSlash(options.apiUrl) : undefined;
  const dashboard = options.dashboardUrl ? trimSlash(options.dashboardUrl) : undefined;
  const apiLink = (id: string) => `${api ?? ''}/insights/${encodeURIComponent(id)}`;
  const dashboardLink = (id: string) => `${dashboard}/#/insights/${encodeURIComponent(id)}`;
  return {
    forInsight: (id) => [
      ...(dashboard ? [{ label: 'Dashboard', url: dashboardLink(id) }] : []),
      { label: 'API (IAM-signed GET)', url: apiLink(id) },
    ],
    primary: (id) => (dashboard ? dashboardLink(id) : apiLink(id)),
  };
}
