import { createHash } from "crypto";
import * as fs from "fs";

import { MicrosoftTokens } from "./auth/microsoftTokens";
import { GraphClient } from "./clients/graphClient";
import { createHttpClient } from "./clients/httpClient";
import { PartnerCenterClient } from "./clients/partnerCenterClient";
import { RewstClient } from "./clients/rewstClient";
import type { ConfigLookup } from "./config/configSource";
import { projectPath } from "./config/projectPath";
import { CONFIG_KEYS, type ProviderConfig, loadProviderConfig } from "./config/providerConfig";
import type { DelegatedAdminRelationship } from "./contracts/graph";
import { AUDIENCES } from "./contracts/identity";
import { ProviderError } from "./errors";
import { userAgent } from "./packageInfo";

const GDAP_LISTING_TTL_MS = 60_000;

type MicrosoftConfig = Pick<ProviderConfig, (typeof CONFIG_KEYS.microsoft)[number]>;
type RewstConfig = Pick<ProviderConfig, (typeof CONFIG_KEYS.rewst)[number]>;

function readCa(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(projectPath(file), "utf8");
  } catch {
    throw new ProviderError(
      "CONFIG_INVALID",
      `rewst-csp:caCertificatePath ${file} cannot be read; point it at a PEM file (relative paths start at the project folder)`,
    );
  }
}

/** Clients for the Microsoft side, shared by every resource of one provider process. */
export class MicrosoftServices {
  readonly tokens: MicrosoftTokens;
  readonly partnerCenter: PartnerCenterClient;
  private readonly graphs = new Map<string, GraphClient>();
  private readonly graphHttp;
  private gdapListing?: { at: number; relationships: Promise<DelegatedAdminRelationship[]> };

  constructor(readonly config: MicrosoftConfig) {
    const ca = readCa(config.caCertificatePath);
    this.tokens = new MicrosoftTokens({ ...config, ca });
    const common = { userAgent: userAgent(), ca, maxRetries: config.maxRetries };
    this.partnerCenter = new PartnerCenterClient(
      createHttpClient({ ...common, baseUrl: config.partnerCenterUrl }),
      () => this.tokens.delegated(config.partnerTenantId, AUDIENCES.partnerCenter),
      config.partnerCenterRequestsPerSecond,
    );
    this.graphHttp = createHttpClient({ ...common, baseUrl: config.graphUrl });
  }

  /**
   * The partner's GDAP relationships, listed once per minute per provider process: every consent
   * of a run needs them, and one listing covers all customers.
   */
  gdapRelationships(): Promise<DelegatedAdminRelationship[]> {
    if (!this.gdapListing || Date.now() - this.gdapListing.at > GDAP_LISTING_TTL_MS) {
      const listing = {
        at: Date.now(),
        relationships: this.graph(this.config.partnerTenantId).gdapRelationships(),
      };
      // A failed listing is not remembered, so the next caller tries again.
      listing.relationships.catch(() => {
        if (this.gdapListing === listing) this.gdapListing = undefined;
      });
      this.gdapListing = listing;
    }
    return this.gdapListing.relationships;
  }

  /** Graph in a tenant with the partner user's delegated (GDAP for customers) token. */
  graph(tenantId: string): GraphClient {
    let client = this.graphs.get(tenantId);
    if (!client) {
      client = new GraphClient(
        this.graphHttp,
        () => this.tokens.delegated(tenantId, AUDIENCES.graph),
        tenantId,
      );
      this.graphs.set(tenantId, client);
    }
    return client;
  }
}

const fingerprint = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
const microsoftCache = new Map<string, MicrosoftServices>();
const rewstCache = new Map<string, { client: RewstClient; config: RewstConfig }>();

/** Microsoft services for the current settings (validated; one instance per distinct config). */
export function microsoftServices(lookup: ConfigLookup): MicrosoftServices {
  const config = loadProviderConfig(lookup, CONFIG_KEYS.microsoft);
  const key = fingerprint(config);
  let services = microsoftCache.get(key);
  if (!services) {
    services = new MicrosoftServices(config);
    microsoftCache.set(key, services);
  }
  return services;
}

/** The Rewst client for the current settings. */
export function rewstServices(lookup: ConfigLookup): { client: RewstClient; config: RewstConfig } {
  const config = loadProviderConfig(lookup, CONFIG_KEYS.rewst);
  const key = fingerprint(config);
  let services = rewstCache.get(key);
  if (!services) {
    const ca = readCa(config.caCertificatePath);
    const http = createHttpClient({
      baseUrl: config.rewstGraphqlUrl,
      userAgent: userAgent(),
      ca,
      maxRetries: config.maxRetries,
    });
    services = {
      config,
      client: new RewstClient(http, {
        graphqlUrl: config.rewstGraphqlUrl,
        subscriptionsUrl: config.rewstSubscriptionsUrl,
        cookieName: config.rewstCookieName,
        cookie: config.rewstCookie,
        apiToken: config.rewstApiToken,
        ca,
      }),
    };
    rewstCache.set(key, services);
  }
  return services;
}
