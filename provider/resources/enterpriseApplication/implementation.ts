import type { GraphClient } from "../../clients/graphClient";
import type { ServicePrincipal } from "../../contracts/graph";
import { REWST_DEFAULT_APP_IDS } from "../../appIds";
import { CONFIG_KEYS } from "../../config/providerConfig";
import { parseChecked } from "../../dynamic/check";
import type { PropertyBag } from "../../dynamic/contract";
import { ENTERPRISE_APPLICATION_COMPUTED_KEYS, PRINCIPAL_AT_PLAN, type PrincipalAtPlan } from "../../outputs";
import { sameId } from "../../domain/identifiers";
import { ProviderError } from "../../errors";
import { sameShardOrigin } from "../../mappings/handover";
import { SHARD_ORIGIN, withStateOnlyInputs } from "../common";
import { defineResource } from "../defineResource";
import { guidPairOf } from "../importId";
import { judgeDelete } from "../deleteGuard";
import { noteDeclared } from "../runClaims";
import {
  type EnterpriseApplicationOutputs,
  enterpriseApplicationInputsSchema,
  upgradeStoredEnterpriseApplication,
} from "./schema";

async function describe(
  graph: GraphClient,
  sp: ServicePrincipal,
  adopted: boolean,
  originalObjectId: string,
): Promise<Omit<EnterpriseApplicationOutputs, "tenantId" | "applicationId">> {
  const [grants, roles] = await Promise.all([graph.grantsOf(sp.id), graph.appRoleAssignmentsOf(sp.id)]);
  return {
    objectId: sp.id,
    originalObjectId,
    displayName: sp.displayName,
    accountEnabled: sp.accountEnabled,
    status: sp.accountEnabled ? "active" : "disabled",
    adopted,
    delegatedGrants: grants.map((g) => ({
      resourceId: g.resourceId,
      scopes: g.scope.split(/\s+/).filter(Boolean),
    })),
    appRoleAssignments: roles.map((a) => ({ resourceId: a.resourceId, appRoleId: a.appRoleId })),
  };
}

/** Behaviour of {@link EnterpriseApplication}: ensure an app's service principal exists in a tenant. */
export const enterpriseApplicationImplementation = defineResource({
  inputs: enterpriseApplicationInputsSchema,
  upgrade: upgradeStoredEnterpriseApplication,
  outputKeys: ENTERPRISE_APPLICATION_COMPUTED_KEYS,
  annotations: [PRINCIPAL_AT_PLAN],
  check: async (olds, news, session) => {
    // Settings are validated at preview too, so bad config fails before anything is written.
    const { partnerTenantId } = session.settings(CONFIG_KEYS.microsoft);
    const { checked, inputs: parsed } = parseChecked(enterpriseApplicationInputsSchema, news);
    // Rewst Prod signs the MSP into Rewst: it belongs in the partner tenant only.
    if (
      parsed &&
      sameId(parsed.applicationId, REWST_DEFAULT_APP_IDS.rewstProd) &&
      !sameId(parsed.tenantId, partnerTenantId)
    )
      return {
        ...checked,
        failures: [
          {
            property: "tenantId",
            reason: `is ${parsed.tenantId}, but Rewst Prod (${REWST_DEFAULT_APP_IDS.rewstProd}) lives in the partner tenant ${partnerTenantId}; a customer tenant gets the connector through a CpvConsent`,
          },
        ],
      };
    // A delete later in this run judges against what the program declares (renames are forgotten).
    if (parsed && !checked.failures?.length)
      noteDeclared(
        "app",
        { tenantId: parsed.tenantId, subject: parsed.applicationId },
        Object.keys(olds).length > 0 ? { tenantId: olds.tenantId, subject: olds.applicationId } : undefined,
        parsed.shardOrigin?.mappingsFile,
      );
    // A create adopts a principal that is there: say so at plan time, so the policy pack does not
    // call a present Rewst Prod missing on a stack's first `up` (and block the up that records it).
    // A lookup that fails leaves it unjudged.
    if (!parsed || checked.failures?.length || Object.keys(olds).length > 0) return checked;
    const existing = await session.microsoft
      .graph(parsed.tenantId)
      .servicePrincipalByAppId(parsed.applicationId)
      .catch(() => undefined);
    if (!existing) return checked;
    const atPlan: PrincipalAtPlan = { objectId: existing.id, accountEnabled: existing.accountEnabled };
    return { ...checked, inputs: { ...(checked.inputs as PropertyBag), [PRINCIPAL_AT_PLAN]: atPlan } };
  },

  diff: (_id, olds, news) => {
    const replaces = (["tenantId", "applicationId"] as const).filter((k) => !sameId(olds[k], news[k]));
    // Recorded in state only: the file and stack that declare the application (deletes check it).
    const origin = !sameShardOrigin(olds.shardOrigin, news.shardOrigin);
    return Promise.resolve({ changes: replaces.length > 0 || origin, replaces });
  },

  async create(inputs, session) {
    const microsoft = session.microsoft;
    const graph = microsoft.graph(inputs.tenantId);
    const existing = await graph.servicePrincipalByAppId(inputs.applicationId);
    if (existing) {
      const outs: EnterpriseApplicationOutputs = {
        ...inputs,
        ...(await describe(graph, existing, true, existing.id)),
      };
      return { id: `${inputs.tenantId}/${inputs.applicationId}`, outs };
    }
    const sp = await graph.createServicePrincipal(inputs.applicationId);
    // A new principal can 404 for a moment (replication): wait until reads see it, so the next
    // refresh does not take it for deleted. It has no grants or role assignments yet.
    const deadline = Date.now() + microsoft.config.consentPropagationTimeoutSeconds * 1000;
    for (let delay = 200; !(await graph.servicePrincipalById(sp.id)) && Date.now() < deadline; delay *= 2)
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(delay, 5000, Math.max(0, deadline - Date.now()))),
      );
    const outs: EnterpriseApplicationOutputs = {
      ...inputs,
      objectId: sp.id,
      originalObjectId: sp.id,
      displayName: sp.displayName,
      accountEnabled: sp.accountEnabled,
      status: sp.accountEnabled ? "active" : "disabled",
      adopted: false,
      delegatedGrants: [],
      appRoleAssignments: [],
    };
    return { id: `${inputs.tenantId}/${inputs.applicationId}`, outs };
  },

  // `pulumi import … <tenant>/<app>`: what it finds is adopted, so it is never deleted.
  importState: (id) => {
    const [tenantId, applicationId] = guidPairOf(id, "<tenant id>/<application id>");
    return upgradeStoredEnterpriseApplication({ tenantId, applicationId });
  },

  async read(id, stored, session, { importing }) {
    const graph = session.microsoft.graph(stored.tenantId);
    const sp = await graph.servicePrincipalByAppId(stored.applicationId);
    if (!sp && importing)
      throw new ProviderError(
        "IMPORT_NOT_FOUND",
        `tenant ${stored.tenantId} has no service principal of application ${stored.applicationId}: nothing to import`,
      );
    if (!sp) return undefined;
    // The recorded origin is kept: a refresh that dropped it would plan an update every time.
    const inputs = {
      tenantId: stored.tenantId,
      applicationId: stored.applicationId,
      ...(stored.shardOrigin ? { shardOrigin: stored.shardOrigin } : {}),
    };
    const outs: EnterpriseApplicationOutputs = {
      ...inputs,
      ...(await describe(graph, sp, stored.adopted, stored.originalObjectId || sp.id)),
    };
    // An import declares what it found; a refresh keeps the inputs the program gave.
    return { id, props: outs, ...(importing ? { inputs } : {}) };
  },

  // Only the recorded origin changes in place (a new tenant or app is a replacement).
  update: (_id, olds, news) =>
    Promise.resolve({ outs: withStateOnlyInputs<EnterpriseApplicationOutputs>(olds, news, SHARD_ORIGIN) }),

  async delete(_id, stored, session) {
    // Adopted service principals belong to someone else (e.g. Rewst Prod): leave them.
    if (stored.adopted) return;
    // One still declared (renamed, managed by another shard now, a stack retired while the file
    // lists it) is forgotten here, never deleted.
    const verdict = judgeDelete(
      { kind: "app", tenantId: stored.tenantId, applicationId: stored.applicationId },
      stored.shardOrigin,
      `the service principal of ${stored.applicationId}`,
    );
    if (verdict.action === "forget") return;
    await session.microsoft.graph(stored.tenantId).deleteServicePrincipal(stored.objectId);
  },
});
