import type { GraphClient } from "../clients/graphClient";
import { MAX_BATCH } from "../clients/graphBatch";
import { GRAPH_PATHS } from "../clients/graphPaths";
import {
  type DelegatedAdminAccessAssignment,
  type DelegatedAdminRelationship,
  delegatedAdminAccessAssignmentSchema,
} from "../contracts/graph";
import { ADMIN_AGENTS } from "../contracts/partnerCenter";
import { type GdapAccess, membershipAdvice } from "../domain/gdap";
import { memo } from "../memo";
import type { GdapSummary } from "../outputs";

/** How long one listing answers every consent of a run (a run checks all customers within it). */
const GDAP_LISTING_TTL_MS = 60_000;

/** A read-only view of one GDAP relationship and its access assignments (which group holds which roles). */
export interface GdapRelationshipView {
  id: string;
  displayName: string | null;
  customerTenantId: string | null;
  customerName: string | null;
  status: string;
  /** Role template ids the relationship grants. */
  roles: string[];
  endDateTime: string | null;
  autoExtendDuration: string | null;
  /** Access assignments: a partner security group and the roles it holds (empty until active). */
  accessAssignments: { id: string; status: string; groupId: string; roles: string[] }[];
}

/** How memberships are judged (rewst-csp:gdapNestedGroups, rewst-csp:adminAgentsCheck). */
export interface GdapJudgement {
  nestedGroups: "count" | "ignore";
  adminAgentsCheck: "advise" | "refuse" | "off";
}

const statusOf = (relationships: readonly DelegatedAdminRelationship[]): string | null =>
  relationships.find((r) => r.status === "active")?.status ?? relationships[0]?.status ?? null;

/**
 * The partner's GDAP relationships, the partner user's groups and the relationships' access
 * assignments, read in the partner tenant once per minute per provider process. The engine checks
 * consents one after another, so each relationship's assignments are not read alone: the first
 * check that needs them reads them with up to 19 other active relationships' in one JSON batch, and
 * a fleet of N customers costs N / 20 requests instead of N.
 */
export class GdapListing {
  private readonly relationships: () => Promise<DelegatedAdminRelationship[]>;
  private readonly memberGroups: () => Promise<Awaited<ReturnType<GraphClient["memberGroups"]>>>;
  private readonly assignments = new Map<
    string,
    { at: number; value: Promise<DelegatedAdminAccessAssignment[]> }
  >();

  constructor(
    private readonly partnerGraph: () => GraphClient,
    private readonly judgement: GdapJudgement = { nestedGroups: "count", adminAgentsCheck: "advise" },
  ) {
    this.relationships = memo(() => partnerGraph().gdapRelationships(), GDAP_LISTING_TTL_MS);
    this.memberGroups = memo(() => partnerGraph().memberGroups(), GDAP_LISTING_TTL_MS);
  }

  /**
   * The roles GDAP gives the partner user in a customer tenant: those of active access assignments,
   * of active relationships with that customer, held by a group the user is in, and granted by the
   * relationship itself.
   */
  async access(customerTenantId: string): Promise<GdapAccess> {
    const relationships = await this.relationshipsWith(customerTenantId);
    const active = relationships.filter((r) => r.status === "active");
    const status = statusOf(relationships);
    if (active.length === 0) return { status, roles: new Set<string>() };
    const groups = await this.memberGroups();
    const direct = new Set(groups.direct);
    const all = new Set(groups.all.map((g) => g.id));
    const viaDirect = new Set<string>();
    const viaAll = new Set<string>();
    for (const relationship of active) {
      const granted = new Set(relationship.accessDetails.unifiedRoles.map((r) => r.roleDefinitionId));
      for (const assignment of await this.assignmentsOf(relationship.id)) {
        if (assignment.status !== "active") continue;
        const group = assignment.accessContainer.accessContainerId.toLowerCase();
        for (const role of assignment.accessDetails.unifiedRoles) {
          if (!granted.has(role.roleDefinitionId)) continue;
          if (all.has(group)) viaAll.add(role.roleDefinitionId);
          if (direct.has(group)) viaDirect.add(role.roleDefinitionId);
        }
      }
    }
    const inAdminAgents = groups.all.some((g) => g.displayName?.toLowerCase() === ADMIN_AGENTS.toLowerCase());
    return {
      status,
      roles: this.judgement.nestedGroups === "count" ? viaAll : viaDirect,
      inAdminAgents,
      advice: membershipAdvice({ viaAll, viaDirect, inAdminAgents, ...this.judgement }),
    };
  }

  /**
   * The customer's relationship as the gdap-* policies judge it: the active one that ends last
   * (else the first listed), its end and auto-extend, and the roles the partner user holds there.
   */
  async summary(customerTenantId: string): Promise<GdapSummary> {
    const relationships = await this.relationshipsWith(customerTenantId);
    const active = relationships
      .filter((r) => r.status === "active")
      .sort((a, b) => (b.endDateTime ?? "").localeCompare(a.endDateTime ?? ""));
    const judged = active[0] ?? relationships[0];
    const { roles, advice, inAdminAgents } = await this.access(customerTenantId);
    return {
      status: judged?.status ?? null,
      relationshipId: judged?.id ?? null,
      relationshipName: judged?.displayName ?? null,
      roles: [...roles].sort(),
      relationshipRoles: (judged?.accessDetails.unifiedRoles ?? []).map((r) => r.roleDefinitionId).sort(),
      endDateTime: judged?.endDateTime ?? null,
      autoExtendDuration: judged?.autoExtendDuration ?? null,
      ...(advice?.length ? { advice } : {}),
      ...(inAdminAgents === undefined ? {} : { inAdminAgents }),
    };
  }

  /**
   * The partner's relationships with one customer (or all), each with its access assignments, as
   * a read-only view for programs and reports.
   */
  async view(customerTenantId?: string): Promise<GdapRelationshipView[]> {
    const relationships = customerTenantId
      ? await this.relationshipsWith(customerTenantId)
      : await this.relationships();
    return Promise.all(
      relationships.map(async (r) => ({
        id: r.id,
        displayName: r.displayName,
        customerTenantId: r.customer.tenantId,
        customerName: r.customer.displayName,
        status: r.status,
        roles: r.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId),
        endDateTime: r.endDateTime,
        autoExtendDuration: r.autoExtendDuration,
        // A relationship not active yet has no assignments to read.
        accessAssignments: (r.status === "active" ? await this.assignmentsOf(r.id) : []).map((a) => ({
          id: a.id,
          status: a.status,
          groupId: a.accessContainer.accessContainerId.toLowerCase(),
          roles: a.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId),
        })),
      })),
    );
  }

  private async relationshipsWith(customerTenantId: string): Promise<DelegatedAdminRelationship[]> {
    const tenant = customerTenantId.toLowerCase();
    return (await this.relationships()).filter((r) => (r.customer.tenantId ?? "").toLowerCase() === tenant);
  }

  private fresh(relationshipId: string): boolean {
    const entry = this.assignments.get(relationshipId);
    return entry !== undefined && Date.now() - entry.at <= GDAP_LISTING_TTL_MS;
  }

  private assignmentsOf(relationshipId: string): Promise<DelegatedAdminAccessAssignment[]> {
    if (!this.fresh(relationshipId)) {
      const batch = this.readBatch(relationshipId);
      this.remember(
        relationshipId,
        batch.then((read) => read(relationshipId)),
      );
    }
    return this.assignments.get(relationshipId)!.value;
  }

  private remember(id: string, value: Promise<DelegatedAdminAccessAssignment[]>): void {
    const entry = { at: Date.now(), value };
    // A failure is not remembered: the next check reads again.
    value.catch(() => {
      if (this.assignments.get(id) === entry) this.assignments.delete(id);
    });
    this.assignments.set(id, entry);
  }

  /** Reads the relationship's assignments together with up to 19 other active relationships' not read yet. */
  private async readBatch(
    relationshipId: string,
  ): Promise<(id: string) => Promise<DelegatedAdminAccessAssignment[]>> {
    const others = (await this.relationships().catch(() => []))
      .filter((r) => r.status === "active" && r.id !== relationshipId && !this.fresh(r.id))
      .slice(0, MAX_BATCH - 1)
      .map((r) => r.id);
    const graph = this.partnerGraph();
    const ids = [relationshipId, ...others];
    const answers = graph.readMany(
      Object.fromEntries(ids.map((id) => [id, GRAPH_PATHS.accessAssignments(id)])),
    );
    const read = async (id: string) => {
      const what = `listing the access assignments of GDAP relationship ${id}`;
      const page = graph.pageOf((await answers)[id], delegatedAdminAccessAssignmentSchema, what);
      return page.more ? graph.accessAssignments(id) : page.items;
    };
    for (const id of others) this.remember(id, read(id));
    return read;
  }
}
