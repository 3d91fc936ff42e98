import type { GraphClient } from "../clients/graphClient";
import { MAX_BATCH } from "../clients/graphBatch";
import { GRAPH_PATHS } from "../clients/graphPaths";
import { type ServicePrincipal, servicePrincipalSchema } from "../contracts/graph";

/** What a resource application publishes: its delegated scopes and app roles, by value. */
export interface PublishedPermissions {
  appId: string;
  displayName: string;
  /** Enabled delegated scopes, by lower-cased value. */
  scopes: Map<string, string>;
  /** Enabled app roles, by lower-cased value. */
  appRoles: Map<string, { id: string; value: string }>;
  /** Every app role value by id (disabled ones too: an assignment may still hold one). */
  roleValues: Map<string, string>;
}

/** How long a resource principal's presence in a tenant answers checks (a run checks within it). */
const PRESENCE_TTL_MS = 60_000;

/**
 * Resource applications' published permissions, read once per provider process (a multi-tenant
 * resource publishes the same scopes and roles in every tenant), and whether each tenant has the
 * resource's principal (a small tenant may lack one: AADSTS500011). A refresh's observations record
 * presence as they read it, so a drift check validates without further requests.
 */
export class ResourceCatalog {
  private readonly published = new Map<string, PublishedPermissions>();
  private readonly presence = new Map<string, { at: number; objectId: string | null }>();

  constructor(private readonly graph: (tenantId: string) => GraphClient) {}

  /** Records what a read showed: the resource's principal in the tenant, or null when it has none. */
  notePresence(tenantId: string, appId: string, objectId: string | null): void {
    this.presence.set(`${tenantId}|${appId}`.toLowerCase(), { at: Date.now(), objectId });
  }

  private presenceOf(tenantId: string, appId: string): string | null | undefined {
    const entry = this.presence.get(`${tenantId}|${appId}`.toLowerCase());
    return entry && Date.now() - entry.at <= PRESENCE_TTL_MS ? entry.objectId : undefined;
  }

  /** The path that reads a resource's principal: with its published permissions until they are known. */
  pathFor(appId: string): string {
    return this.published.has(appId.toLowerCase())
      ? GRAPH_PATHS.principalIdByAppId(appId)
      : GRAPH_PATHS.publishedPermissionsOf(appId);
  }

  /** Records a resource principal read in a tenant (undefined: it has none) and what it publishes. */
  learn(tenantId: string, appId: string, sp: ServicePrincipal | undefined): void {
    const id = appId.toLowerCase();
    this.notePresence(tenantId, id, sp?.id ?? null);
    if (sp && !this.published.has(id) && (sp.appRoles.length > 0 || sp.oauth2PermissionScopes.length > 0))
      this.published.set(id, publishedOf(sp));
  }

  /** Published permissions already read, by resource app id. */
  permissionsOf(appId: string): PublishedPermissions | undefined {
    return this.published.get(appId.toLowerCase());
  }

  /**
   * The object ids of the resources' principals in the tenant (null where it has none), with their
   * published permissions learnt on the way; what is not known yet is read in JSON batches of 20.
   */
  async principalsIn(tenantId: string, appIds: readonly string[]): Promise<Map<string, string | null>> {
    const wanted = [...new Set(appIds.map((id) => id.toLowerCase()))];
    const unknown = wanted.filter((id) => {
      const present = this.presenceOf(tenantId, id);
      return present === undefined || (present !== null && !this.published.has(id));
    });
    const graph = this.graph(tenantId);
    for (let start = 0; start < unknown.length; start += MAX_BATCH) {
      const chunk = unknown.slice(start, start + MAX_BATCH);
      const answers = await graph.readMany(
        Object.fromEntries(chunk.map((id, i) => [`r${i}`, this.pathFor(id)])),
      );
      chunk.forEach((id, i) =>
        this.learn(
          tenantId,
          id,
          graph.objectOf(answers[`r${i}`], servicePrincipalSchema, `reading the service principal of ${id}`),
        ),
      );
    }
    return new Map(wanted.map((id) => [id, this.presenceOf(tenantId, id) ?? null]));
  }
}

function publishedOf(sp: ServicePrincipal): PublishedPermissions {
  const enabled = <T extends { value?: string | null; isEnabled?: boolean | null }>(items: T[]) =>
    items.filter((p): p is T & { value: string } => Boolean(p.value) && p.isEnabled !== false);
  return {
    appId: sp.appId.toLowerCase(),
    displayName: sp.displayName,
    scopes: new Map(enabled(sp.oauth2PermissionScopes).map((s) => [s.value.toLowerCase(), s.value])),
    appRoles: new Map(enabled(sp.appRoles).map((r) => [r.value.toLowerCase(), { id: r.id, value: r.value }])),
    roleValues: new Map(
      sp.appRoles.filter((r) => r.value).map((r) => [r.id.toLowerCase(), r.value as string]),
    ),
  };
}
