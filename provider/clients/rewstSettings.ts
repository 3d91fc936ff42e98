/** How to reach Rewst's API: read by the client and by its consent stream. */
export interface RewstClientSettings {
  /** e.g. https://api.rewst.io/graphql */
  graphqlUrl: string;
  /** e.g. wss://api.rewst.io/subscriptions (derived from graphqlUrl when unset) */
  subscriptionsUrl?: string;
  cookieName: string;
  cookie?: string;
  apiToken?: string;
  ca?: string;
  /** The consent stream fails when it has not finished within this long (default 300 s). */
  streamTimeoutSeconds?: number;
}
