/**
 * Graph API versions Pagedesk knows, with the day Facebook stops serving each one. Facebook keeps a
 * version for at least two years, in practice until two years after its successor's release; calls to a
 * retired version are upgraded to the oldest one still served, whose Messenger formats may differ. Source:
 * Meta's Graph API changelog (developers.facebook.com/docs/graph-api/changelog/versions); add a row with
 * each release and update its predecessor's retirement date.
 */
export interface GraphApiVersion {
  readonly version: string;
  readonly released: string;
  /** ISO date; null while Facebook has not announced it. */
  readonly retires: string | null;
}

export const GRAPH_API_VERSIONS: readonly GraphApiVersion[] = [
  { version: 'v19.0', released: '2024-01-23', retires: '2026-05-21' },
  { version: 'v20.0', released: '2024-05-21', retires: '2026-10-02' },
  { version: 'v21.0', released: '2024-10-02', retires: '2027-01-21' },
  { version: 'v22.0', released: '2025-01-21', retires: '2027-05-29' },
  { version: 'v23.0', released: '2025-05-29', retires: '2027-10-08' },
  { version: 'v24.0', released: '2025-10-08', retires: '2028-02-18' },
  { version: 'v25.0', released: '2026-02-18', retires: '2028-07-29' },
  { version: 'v26.0', released: '2026-07-29', retires: null },
];

/** The version MESSENGER_GRAPH_API_URL carries by default. */
export const DEFAULT_GRAPH_API_VERSION = 'v25.0';
export const DEFAULT_GRAPH_API_URL = `https://graph.facebook.com/${DEFAULT_GRAPH_API_VERSION}`;

/** Warn this long before a retirement: enough for a release and a deployment. */
export const RETIREMENT_WARNING_DAYS = 90;

const DAY_MS = 86_400_000;

/** `v25.0` from `https://graph.facebook.com/v25.0/` (the last path segment), else undefined. */
export function graphApiVersionOf(baseUrl: string): string | undefined {
  const segments = new URL(baseUrl).pathname.split('/').filter(Boolean);
  const last = segments.at(-1);
  return last && /^v\d+\.\d+$/.test(last) ? last : undefined;
}

const numberOf = (version: string): number => Number(version.slice(1));

/** What an operator should hear about the configured version at `now`; undefined when all is well. */
export function graphApiVersionWarning(baseUrl: string, now: Date): string | undefined {
  const version = graphApiVersionOf(baseUrl);
  if (version === undefined)
    return `MESSENGER_GRAPH_API_URL names no Graph API version (like /${DEFAULT_GRAPH_API_VERSION}): Facebook will apply the app's default version`;
  const known = GRAPH_API_VERSIONS.find((v) => v.version === version);
  if (known === undefined) {
    if (numberOf(version) < numberOf(GRAPH_API_VERSIONS[0]!.version))
      return `Graph API ${version} is retired; set MESSENGER_GRAPH_API_URL to /${DEFAULT_GRAPH_API_VERSION} or later`;
    return undefined; // newer than this table: nothing known against it
  }
  if (known.retires === null) return undefined;
  const days = Math.ceil((Date.parse(`${known.retires}T00:00:00Z`) - now.getTime()) / DAY_MS);
  if (days <= 0)
    return `Graph API ${version} retired on ${known.retires}; set MESSENGER_GRAPH_API_URL to /${DEFAULT_GRAPH_API_VERSION} or later`;
  if (days <= RETIREMENT_WARNING_DAYS)
    return `Graph API ${version} retires on ${known.retires} (in ${days} days); set MESSENGER_GRAPH_API_URL to /${DEFAULT_GRAPH_API_VERSION} or later`;
  return undefined;
}
