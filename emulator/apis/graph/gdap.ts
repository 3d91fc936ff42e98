import type { Router } from "../../http";
import { groupsOf, relationshipNow } from "../../state/gdap";
import { graphError, notFound } from "./errors";
import { PERMISSIONS } from "./permissions";
import type { GraphTools } from "./tools";

/** GDAP relationships and their access assignments, and the signed-in partner user's groups. */
export function registerGdap(router: Router, g: GraphTools): void {
  router.add(
    "graph.delegatedAdminRelationships",
    "GET",
    /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships$/,
    g.guarded(PERMISSIONS.gdapRead, (req, auth) => {
      const items = g
        .state()
        .gdapRelationships.filter((r) => r.partnerTenantId === auth.tenantId)
        .map((r) => ({ ...r, ...relationshipNow(r, g.ctx.now()) }))
        .map((r) => ({
          "@odata.type":
            r.kind === "reseller"
              ? "#microsoft.graph.resellerDelegatedAdminRelationship"
              : "#microsoft.graph.delegatedAdminRelationship",
          "@odata.etag": `W/"${Buffer.from(r.id).toString("base64").slice(0, 16)}"`,
          id: r.id,
          displayName: r.displayName,
          duration: r.duration,
          customer: { tenantId: r.customerTenantId, displayName: r.customerDisplayName },
          accessDetails: {
            unifiedRoles: r.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })),
          },
          status: r.status,
          autoExtendDuration: r.autoExtendDuration,
          createdDateTime: r.createdDateTime,
          lastModifiedDateTime: r.createdDateTime,
          activatedDateTime: r.activatedDateTime,
          endDateTime: r.endDateTime,
          ...(r.kind === "reseller" ? { isPartnerConsentPending: r.status !== "active" } : {}),
        }));
      return g.page(req, items, ["status", "displayName", "id"], 300);
    }),
  );

  router.add(
    "graph.delegatedAdminRelationships.accessAssignments",
    "GET",
    /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships\/([^/]+)\/accessAssignments$/,
    g.guarded(PERMISSIONS.gdapRead, (req, auth, [id]) => {
      const relationship = g
        .state()
        .gdapRelationships.find((r) => r.partnerTenantId === auth.tenantId && r.id === id);
      if (!relationship) return notFound(req, id);
      const items = relationship.accessAssignments.map((a) => ({
        "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
        id: a.id,
        status: a.status,
        createdDateTime: relationship.createdDateTime,
        lastModifiedDateTime: relationship.createdDateTime,
        accessContainer: { accessContainerId: a.groupId, accessContainerType: "securityGroup" },
        accessDetails: {
          unifiedRoles: a.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })),
        },
      }));
      return g.page(req, items, ["status"], 300);
    }),
  );

  /** The signed-in user's groups: direct ones (memberOf) or through nested groups too (transitiveMemberOf). */
  const memberships = (transitive: boolean) =>
    g.guarded(PERMISSIONS.memberRead, (req, auth) => {
      const userId = auth.claims.oid;
      if (!userId)
        return graphError(
          req,
          400,
          "BadRequest",
          "/me request is only valid with delegated authentication flow.",
        );
      const ids = groupsOf(g.state(), userId, transitive);
      const groups = g
        .state()
        .partnerGroups.filter((group) => ids.has(group.id))
        .map((group) => ({
          "@odata.type": "#microsoft.graph.group",
          id: group.id,
          displayName: group.displayName,
          securityEnabled: true,
          mailEnabled: false,
        }));
      return g.page(req, groups, ["displayName"]);
    });
  router.add(
    "graph.me.transitiveMemberOf",
    "GET",
    /^\/v1\.0\/me\/transitiveMemberOf(?:\/microsoft\.graph\.group)?$/,
    memberships(true),
  );
  router.add(
    "graph.me.memberOf",
    "GET",
    /^\/v1\.0\/me\/memberOf(?:\/microsoft\.graph\.group)?$/,
    memberships(false),
  );
}
