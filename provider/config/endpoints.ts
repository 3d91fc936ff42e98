import { CONFIG_NAMESPACE } from "./configSource";

/**
 * Where credentials may be sent. A one-line config change in a pull request must not send the
 * partner's tokens or Rewst's session elsewhere, so each endpoint setting accepts only the hosts of
 * Microsoft's clouds and Rewst's regions, and loopback (the emulator), unless the stack sets
 * `rewst-csp:allowCustomEndpoints: true` (a proxy, a new region); `rewst-csp report` names any
 * endpoint that is not the default.
 */
/** Rewst's regions: US, UK, EU, APAC (Rewst's security policy lists the hosts); GraphQL and its subscriptions share them. */
const REWST_API_HOSTS = ["api.rewst.io", "api.eu.rewst.io", "api.rewst.eu", "api.rewst.asia"] as const;

export const ENDPOINT_HOSTS = {
  // Global, US Government and China (21Vianet) clouds (MSAL's authority hosts).
  authorityHost: [
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
  ],
  graphUrl: [
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
  ],
  // The sovereign Partner Center hosts are UNCONFIRMED: allowCustomEndpoints covers others.
  partnerCenterUrl: [
    "api.partnercenter.microsoft.com",
    "api.partnercenter.microsoft.us",
    "partner.partnercenterapi.microsoftonline.cn",
  ],
  rewstGraphqlUrl: REWST_API_HOSTS,
  rewstSubscriptionsUrl: REWST_API_HOSTS,
} as const;

export type EndpointKey = keyof typeof ENDPOINT_HOSTS;

/** The defaults of the endpoint settings (rewstSubscriptionsUrl derives from rewstGraphqlUrl). */
export const ENDPOINT_DEFAULTS = {
  authorityHost: "https://login.microsoftonline.com",
  graphUrl: "https://graph.microsoft.com",
  partnerCenterUrl: "https://api.partnercenter.microsoft.com",
  rewstGraphqlUrl: "https://api.rewst.io/graphql",
} as const;

const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

/** The endpoint settings a stack sets to something other than the default, as "key = url". */
export function customEndpoints(lookup: (key: string) => string | undefined): string[] {
  return (Object.keys(ENDPOINT_HOSTS) as EndpointKey[]).flatMap((key) => {
    const value = lookup(`${CONFIG_NAMESPACE}:${key}`);
    const defaults: Partial<Record<EndpointKey, string>> = ENDPOINT_DEFAULTS;
    return value !== undefined && value !== defaults[key] ? [`${key} = ${value}`] : [];
  });
}

/**
 * An extra CA (caCertificatePath) is trusted for loopback only (the emulator's), unless custom
 * endpoints are allowed: trusted for Microsoft's or Rewst's hosts it lets whoever holds its key read
 * the credentials sent there (a TLS-inspecting proxy of your own is what allowCustomEndpoints is for).
 */
export function caProblems(settings: Partial<Record<EndpointKey | "caCertificatePath", string>>): string[] {
  if (settings.caCertificatePath === undefined) return [];
  const remote = (Object.keys(ENDPOINT_HOSTS) as EndpointKey[]).filter((key) => {
    const value = settings[key];
    return value !== undefined && !isLoopback(new URL(value).hostname.toLowerCase());
  });
  return remote.length === 0
    ? []
    : [
        `caCertificatePath trusts an extra CA for ${remote.join(", ")}, which are not loopback; set rewst-csp:allowCustomEndpoints to true if it is your own TLS-inspecting proxy's CA`,
      ];
}

/** Problems with the endpoint settings given (absent ones are their defaults), one line each. */
export function endpointProblems(settings: Partial<Record<EndpointKey, string>>): string[] {
  return (Object.keys(ENDPOINT_HOSTS) as EndpointKey[]).flatMap((key) => {
    const value = settings[key];
    if (value === undefined) return [];
    const host = new URL(value).hostname.toLowerCase();
    const known: readonly string[] = ENDPOINT_HOSTS[key];
    if (known.includes(host) || isLoopback(host)) return [];
    return [
      `${key} points at ${host}, which is not one of ${known.join(", ")} or loopback; set rewst-csp:allowCustomEndpoints to true if that host is yours to trust`,
    ];
  });
}
