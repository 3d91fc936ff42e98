import type { z } from "zod";

import {
  type AppRoleAssignment,
  type DelegatedAdminAccessAssignment,
  delegatedAdminAccessAssignmentSchema,
  directoryObjectRefSchema,
  type DelegatedAdminRelationship,
  type OAuth2PermissionGrant,
  type ServicePrincipal,
  appRoleAssignmentSchema,
  delegatedAdminRelationshipSchema,
  graphErrorSchema,
  graphPageSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../contracts/graph";
import { type GraphAnswer, batchGet } from "./graphBatch";
import { GRAPH_PATHS } from "./graphPaths";
import { GraphRequests } from "./graphRequests";

/** Microsoft Graph v1.0 in one tenant (the tenant of the token). */
export class GraphClient extends GraphRequests {
  /** Several GETs in one JSON batch (URLs relative to /v1.0), answered by key. */
  readMany(urls: Readonly<Record<string, string>>): Promise<Record<string, GraphAnswer>> {
    return batchGet(this.http, this.token, this.tenantId, urls);
  }

  /** One object from an answer: undefined on 404, a GRAPH_ERROR naming `what` on other failures. */
  objectOf<T extends z.ZodType>(answer: GraphAnswer, schema: T, what: string): z.infer<T> | undefined {
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) this.fail(what, answer.status, answer.data);
    return this.parse(schema, answer.data, what);
  }

  /** The first page of a collection from an answer, and whether more pages follow. */
  pageOf<T extends z.ZodType>(
    answer: GraphAnswer,
    item: T,
    what: string,
  ): { items: z.infer<T>[]; more: boolean } {
    if (answer.status !== 200) this.fail(what, answer.status, answer.data);
    const page = this.parse(graphPageSchema(item), answer.data, what);
    return { items: page.value, more: Boolean(page["@odata.nextLink"]) };
  }

  async servicePrincipalByAppId(appId: string): Promise<ServicePrincipal | undefined> {
    const res = await this.get(`/v1.0${GRAPH_PATHS.servicePrincipalByAppId(appId)}`);
    if (res.status === 404) return undefined;
    const what = `reading the service principal of ${appId}`;
    if (res.status !== 200) this.fail(what, res.status, res.data);
    return this.parse(servicePrincipalSchema, res.data, what);
  }

  servicePrincipalsByDisplayName(displayName: string): Promise<ServicePrincipal[]> {
    return this.all(
      `/v1.0${GRAPH_PATHS.namesakes(displayName)}`,
      servicePrincipalSchema,
      `listing service principals named ${displayName}`,
    );
  }

  grantsOf(clientSpId: string): Promise<OAuth2PermissionGrant[]> {
    return this.all(
      `/v1.0${GRAPH_PATHS.grantsOf(clientSpId)}`,
      oauth2PermissionGrantSchema,
      "listing delegated grants",
    );
  }

  appRoleAssignmentsOf(spId: string): Promise<AppRoleAssignment[]> {
    return this.all(
      `/v1.0${GRAPH_PATHS.appRoleAssignmentsOf(spId)}`,
      appRoleAssignmentSchema,
      "listing app role assignments",
    );
  }

  async servicePrincipalById(id: string): Promise<ServicePrincipal | undefined> {
    const res = await this.get(`/v1.0/servicePrincipals/${id}`);
    if (res.status === 404) return undefined;
    const what = `reading service principal ${id}`;
    if (res.status !== 200) this.fail(what, res.status, res.data);
    return this.parse(servicePrincipalSchema, res.data, what);
  }

  /** Creates the service principal of an app; an existing one (409, e.g. a retried POST) is returned. */
  async createServicePrincipal(appId: string): Promise<ServicePrincipal> {
    const what = `creating the service principal of ${appId}`;
    const res = await this.send("post", "/v1.0/servicePrincipals", { appId }, what);
    if (res.status === 201) return this.parse(servicePrincipalSchema, res.data, what);
    if (res.status === 409) {
      const existing = await this.servicePrincipalByAppId(appId);
      if (existing) return existing;
    }
    return this.fail(what, res.status, res.data);
  }

  /** Returns false when it was already gone. */
  async deleteServicePrincipal(id: string): Promise<boolean> {
    const res = await this.send(
      "delete",
      `/v1.0/servicePrincipals/${id}`,
      undefined,
      `deleting service principal ${id}`,
    );
    if (res.status === 204) return true;
    if (res.status === 404) return false;
    return this.fail(`deleting service principal ${id}`, res.status, res.data);
  }

  /** Replaces a delegated grant's scopes in place (the consent stays in effect throughout). */
  async updateGrantScope(grantId: string, scopes: readonly string[]): Promise<void> {
    const what = `updating delegated grant ${grantId}`;
    const res = await this.send(
      "patch",
      `/v1.0/oauth2PermissionGrants/${encodeURIComponent(grantId)}`,
      { scope: scopes.join(" ") },
      what,
    );
    if (res.status !== 204 && res.status !== 200) this.fail(what, res.status, res.data);
  }

  /** Grants delegated scopes on a resource to a client principal for all users of the tenant. */
  async createAllPrincipalsGrant(clientSpId: string, resourceSpId: string, scopes: readonly string[]) {
    const what = `granting delegated scopes to ${clientSpId}`;
    const res = await this.send(
      "post",
      "/v1.0/oauth2PermissionGrants",
      {
        clientId: clientSpId,
        consentType: "AllPrincipals",
        resourceId: resourceSpId,
        scope: scopes.join(" "),
      },
      what,
    );
    // A 409 is our own earlier POST whose answer was lost: the caller observes and patches.
    if (res.status !== 201 && res.status !== 200 && res.status !== 409) this.fail(what, res.status, res.data);
  }

  /** Returns false when it was already gone. */
  async deleteGrant(grantId: string): Promise<boolean> {
    const what = `removing delegated grant ${grantId}`;
    const res = await this.send(
      "delete",
      `/v1.0/oauth2PermissionGrants/${encodeURIComponent(grantId)}`,
      undefined,
      what,
    );
    if (res.status === 404) return false;
    if (res.status !== 204) this.fail(what, res.status, res.data);
    return true;
  }

  /**
   * Assigns an app role (application permission) of a resource to a client principal; "exists" when
   * Graph says it is already assigned (our own earlier POST whose answer was lost, an admin's
   * assignment the list did not show yet). Graph answers that with 400 Request_BadRequest
   * "Permission being assigned already exists on the object" (hashicorp/terraform-provider-azuread#1896);
   * 409 is accepted too.
   */
  async assignAppRole(
    clientSpId: string,
    resourceSpId: string,
    appRoleId: string,
  ): Promise<"created" | "exists"> {
    const what = `assigning app role ${appRoleId} to ${clientSpId}`;
    const res = await this.send(
      "post",
      `/v1.0${GRAPH_PATHS.appRoleAssignmentsOf(clientSpId)}`,
      { principalId: clientSpId, resourceId: resourceSpId, appRoleId },
      what,
    );
    if (res.status === 201 || res.status === 200) return "created";
    if (res.status === 409 || (res.status === 400 && isDuplicateAssignment(res.data))) return "exists";
    this.fail(what, res.status, res.data);
  }

  /** Removes an app role assignment; returns false when it was already gone. */
  async removeAppRoleAssignment(clientSpId: string, assignmentId: string): Promise<boolean> {
    const what = `removing app role assignment ${assignmentId}`;
    const res = await this.send(
      "delete",
      `/v1.0${GRAPH_PATHS.appRoleAssignmentsOf(clientSpId)}/${encodeURIComponent(assignmentId)}`,
      undefined,
      what,
    );
    if (res.status === 404) return false;
    if (res.status !== 204) this.fail(what, res.status, res.data);
    return true;
  }

  /** Which partner groups hold which roles in one GDAP relationship. */
  accessAssignments(relationshipId: string): Promise<DelegatedAdminAccessAssignment[]> {
    return this.all(
      `/v1.0${GRAPH_PATHS.accessAssignments(relationshipId)}`,
      delegatedAdminAccessAssignmentSchema,
      `listing the access assignments of GDAP relationship ${relationshipId}`,
    );
  }

  /**
   * The partner groups the signed-in (partner) user is in: direct memberships (`/me/memberOf`) and
   * all of them, through nested groups too (`/me/transitiveMemberOf`), with their names.
   */
  async memberGroups(): Promise<{ direct: string[]; all: { id: string; displayName: string | null }[] }> {
    const [direct, all] = await Promise.all([
      this.all("/v1.0/me/memberOf?$select=id", directoryObjectRefSchema, "listing the partner user's groups"),
      this.all(
        "/v1.0/me/transitiveMemberOf?$select=id,displayName",
        directoryObjectRefSchema,
        "listing the partner user's groups, nested ones included",
      ),
    ]);
    return {
      direct: direct.map((g) => g.id.toLowerCase()),
      all: all.map((g) => ({ id: g.id.toLowerCase(), displayName: g.displayName ?? null })),
    };
  }

  gdapRelationships(): Promise<DelegatedAdminRelationship[]> {
    return this.all(
      "/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300",
      delegatedAdminRelationshipSchema,
      "listing GDAP relationships",
    );
  }
}

/** Graph's refusal of an app role assignment that is already there (matched on code and wording). */
export function isDuplicateAssignment(data: unknown): boolean {
  const body = graphErrorSchema.safeParse(data);
  return (
    body.success &&
    body.data.error.code === "Request_BadRequest" &&
    /already exists/i.test(body.data.error.message)
  );
}
