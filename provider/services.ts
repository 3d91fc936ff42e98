import * as fs from "fs";

import { MicrosoftTokens } from "./auth/microsoftTokens";
import { GraphClient } from "./clients/graphClient";
import { createHttpClient } from "./clients/httpClient";
import { PartnerCenterClient } from "./clients/partnerCenterClient";
import { RewstClient } from "./clients/rewstClient";
import { projectPath } from "./config/projectPath";
import type { CONFIG_KEYS, ProviderConfig } from "./config/providerConfig";
import type { DelegatedAdminAccessAssignment, DelegatedAdminRelationship } from "./contracts/graph";
import type { MicrosoftCspCustomer } from "./contracts/rewst";
import { AUDIENCES } from "./contracts/identity";
import { ProviderError } from "./errors";
import { userAgent } from "./packageInfo";

const GDAP_LISTING_TTL_MS = 60_000;

/** What GDAP lets the partner user do in one customer tenant. */
export interface GdapAccess {
  /** Status of the customer's relationship (an active one first), or null without any. */
  status: string | null;
  /** Role template ids the partner user holds there (active assignments of its groups). */
  roles: Set<string>;
}

/** A value computed at most once per TTL; a failure is not remembered. */
function memo<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const entry = { at: Date.now(), value: load() };
      entry.value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.value;
  };
}

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

const statusOf = (relationships: readonly DelegatedAdminRelationship[]): string | null =>
  relationships.find((r) => r.status === "active")?.status ?? relationships[0]?.status ?? null;

/** Clients for the Microsoft side, shared by every resource of one provider process. */
export class MicrosoftServices {
  readonly tokens: MicrosoftTokens;
  readonly partnerCenter: PartnerCenterClient;
  private readonly graphs = new Map<string, GraphClient>();
  private readonly graphHttp;
  /**
   * The partner's GDAP relationships and the partner user's groups, listed once per minute per
   * provider process: every consent of a run needs them, and one listing covers all customers.
   */
  readonly gdapRelationships: () => Promise<DelegatedAdminRelationship[]>;
  private readonly memberGroupIds: () => Promise<string[]>;
  private readonly assignments = new Map<string, () => Promise<DelegatedAdminAccessAssignment[]>>();
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
      createHttpClient({ ...common, baseUrl: config.partnerCenterUrl }),
      () => this.tokens.delegated(config.partnerTenantId, AUDIENCES.partnerCenter),
      config.partnerCenterRequestsPerSecond,
    );
    this.graphHttp = createHttpClient({ ...common, baseUrl: config.graphUrl });
    const partner = () => this.graph(config.partnerTenantId);
    this.gdapRelationships = memo(() => partner().gdapRelationships(), GDAP_LISTING_TTL_MS);
    this.memberGroupIds = memo(() => partner().memberGroupIds(), GDAP_LISTING_TTL_MS);
  }

  noteRevoked(tenantId: string, applicationId: string): void {
    this.revocations.set(`${tenantId}|${applicationId}`.toLowerCase(), Date.now());
  }

  /** Whether this process revoked the consent within the propagation window. */
  revokedRecently(tenantId: string, applicationId: string): boolean {
    const at = this.revocations.get(`${tenantId}|${applicationId}`.toLowerCase());
    return at !== undefined && Date.now() - at < this.config.consentPropagationTimeoutSeconds * 1000;
  }

  /**
   * The roles GDAP gives the partner user in a customer tenant: those of active access assignments,
   * of active relationships with that customer, held by a group the user is in, and granted by the
   * relationship itself.
   */
  async gdapAccess(customerTenantId: string): Promise<GdapAccess> {
    const relationships = await this.relationshipsWith(customerTenantId);
    const active = relationships.filter((r) => r.status === "active");
    const status = statusOf(relationships);
    const roles = new Set<string>();
    if (active.length === 0) return { status, roles };
    const groups = new Set(await this.memberGroupIds());
    for (const relationship of active) {
      const granted = new Set(relationship.accessDetails.unifiedRoles.map((r) => r.roleDefinitionId));
      let list = this.assignments.get(relationship.id);
      if (!list) {
        const partnerGraph = this.graph(this.config.partnerTenantId);
        list = memo(() => partnerGraph.accessAssignments(relationship.id), GDAP_LISTING_TTL_MS);
        this.assignments.set(relationship.id, list);
      }
      for (const assignment of await list()) {
        if (assignment.status !== "active") continue;
        if (!groups.has(assignment.accessContainer.accessContainerId.toLowerCase())) continue;
        for (const role of assignment.accessDetails.unifiedRoles)
          if (granted.has(role.roleDefinitionId)) roles.add(role.roleDefinitionId);
      }
    }
    return { status, roles };
  }

  /** Status of the customer's GDAP relationship with the partner (an active one first), or null without any. */
  async gdapStatus(customerTenantId: string): Promise<string | null> {
    return statusOf(await this.relationshipsWith(customerTenantId));
  }

  private async relationshipsWith(customerTenantId: string): Promise<DelegatedAdminRelationship[]> {
    const tenant = customerTenantId.toLowerCase();
    return (await this.gdapRelationships()).filter(
      (r) => (r.customer.tenantId ?? "").toLowerCase() === tenant,
    );
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

  /** After a link or unlink by this process, reads list again. */
  forgetCustomers(cspPackConfigId: string): void {
    this.listings.delete(cspPackConfigId);
  }

  constructor(readonly config: RewstConfig) {
    const ca = readCa(config.caCertificatePath);
    const http = createHttpClient({
      baseUrl: config.rewstGraphqlUrl,
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
