import * as fs from "fs";

import { MicrosoftTokens } from "../auth/microsoftTokens";
import { GraphClient } from "../clients/graphClient";
import { createHttpClient } from "../clients/httpClient";
import { PartnerCenterClient } from "../clients/partnerCenterClient";
import { RewstClient } from "../clients/rewstClient";
import { CONFIG_NAMESPACE } from "../config/configSource";
import { projectPath } from "../config/projectPath";
import type { CONFIG_KEYS, ProviderConfig } from "../config/providerConfig";
import type { MicrosoftCspCustomer } from "../contracts/rewst";
import { AUDIENCES } from "../contracts/identity";
import { ProviderError } from "../errors";
import { GdapListing } from "../tenant/gdapListing";
import { memo } from "../memo";
import { ResourceCatalog } from "../tenant/resourceCatalog";
import { userAgent } from "../packageInfo";

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
  /** The partner's GDAP relationships and what they give the partner user, listed for all customers at once. */
  readonly gdap: GdapListing;
  /** Resource applications' published permissions, and which tenants have their principals. */
  readonly resources: ResourceCatalog;
  /** When this process revoked a consent, by tenant and app (Graph shows it for a while after). */
  private readonly revocations = new Map<string, number>();

  constructor(readonly config: MicrosoftConfig) {
    const ca = readCa(config.caCertificatePath);
    this.tokens = new MicrosoftTokens({ ...config, ca });
    const common = {
      userAgent: userAgent(),
      ca,
      maxRetries: config.maxRetries,
      requestDeadlineSeconds: config.requestDeadlineSeconds,
      maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    };
    this.partnerCenter = new PartnerCenterClient(
      createHttpClient({
        ...common,
        baseUrl: config.partnerCenterUrl,
        setting: `${CONFIG_NAMESPACE}:partnerCenterUrl`,
      }),
      () => this.tokens.delegated(config.partnerTenantId, AUDIENCES.partnerCenter),
      config.partnerCenterRequestsPerSecond,
    );
    this.graphHttp = createHttpClient({
      ...common,
      baseUrl: config.graphUrl,
      setting: `${CONFIG_NAMESPACE}:graphUrl`,
    });
    this.gdap = new GdapListing(() => this.graph(config.partnerTenantId), {
      nestedGroups: config.gdapNestedGroups,
      adminAgentsCheck: config.adminAgentsCheck,
    });
    this.resources = new ResourceCatalog((tenantId) => this.graph(tenantId));
  }

  noteRevoked(tenantId: string, applicationId: string): void {
    this.revocations.set(`${tenantId}|${applicationId}`.toLowerCase(), Date.now());
  }

  /** Whether this process revoked the consent within the propagation window. */
  revokedRecently(tenantId: string, applicationId: string): boolean {
    const at = this.revocations.get(`${tenantId}|${applicationId}`.toLowerCase());
    return at !== undefined && Date.now() - at < this.config.consentPropagationTimeoutSeconds * 1000;
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

/**
 * How long one listing of a pack config's customers answers the refresh of every mapping: a
 * refresh reads all mappings within seconds, and one query replaces one per mapping.
 */
const CUSTOMER_LISTING_TTL_MS = 30_000;

/** Rewst's GraphQL client for one configuration. */
export class RewstServices {
  readonly client: RewstClient;
  private readonly listings = new Map<string, () => Promise<MicrosoftCspCustomer[]>>();

  /** The pack config's customers for reads, shared by the mappings of a run; writes list afresh. */
  customersForReads(cspPackConfigId: string): Promise<MicrosoftCspCustomer[]> {
    let listing = this.listings.get(cspPackConfigId);
    if (!listing) {
      listing = memo(() => this.client.customers(cspPackConfigId), CUSTOMER_LISTING_TTL_MS);
      this.listings.set(cspPackConfigId, listing);
    }
    return listing();
  }

  /** The MSP's own Rewst organization (read once per process): never a customer's mapping. */
  readonly mspOrganizationId = memo(() => this.client.userOrganizationId(), Number.POSITIVE_INFINITY);

  /** After a link or unlink by this process, reads list again. */
  forgetCustomers(cspPackConfigId: string): void {
    this.listings.delete(cspPackConfigId);
  }

  constructor(readonly config: RewstConfig) {
    const ca = readCa(config.caCertificatePath);
    const http = createHttpClient({
      baseUrl: config.rewstGraphqlUrl,
      setting: `${CONFIG_NAMESPACE}:rewstGraphqlUrl`,
      userAgent: userAgent(),
      ca,
      maxRetries: config.maxRetries,
      requestDeadlineSeconds: config.requestDeadlineSeconds,
      maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    });
    this.client = new RewstClient(http, {
      graphqlUrl: config.rewstGraphqlUrl,
      subscriptionsUrl: config.rewstSubscriptionsUrl,
      cookieName: config.rewstCookieName,
      cookie: config.rewstCookie,
      apiToken: config.rewstApiToken,
      ca,
      streamTimeoutSeconds: config.consentStreamTimeoutSeconds,
    });
  }
}
