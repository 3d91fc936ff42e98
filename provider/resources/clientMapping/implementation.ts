import type * as pulumi from "@pulumi/pulumi";

import type { MicrosoftCspCustomer } from "../../contracts/rewst";
import { CONFIG_KEYS } from "../../config/providerConfig";
import { parseChecked } from "../../dynamic/check";
import type { PropertyBag } from "../../dynamic/contract";
import { ProviderError } from "../../errors";
import { sameId } from "../../domain/identifiers";
import { sameShardOrigin } from "../../mappings/handover";
import { SHARD_ORIGIN, withLock, withStateOnlyInputs } from "../common";
import { defineResource } from "../defineResource";
import { guidPairOf } from "../importId";
import { NOT_READ, importMapping } from "./importing";
import { packConfigId, toOutputs } from "./outputs";
import { judgeDelete } from "../deleteGuard";
import { noteDeclared } from "../runClaims";
import { CLIENT_MAPPING_COMPUTED_KEYS } from "../../outputs";
import {
  type ClientMappingInputs,
  type ClientMappingOutputs,
  type StoredClientMapping,
  clientMappingInputsSchema,
  upgradeStoredClientMapping,
} from "./schema";

/**
 * Tenant, organization or pack config changes make a different mapping. The old link goes first:
 * an organization moved to another customer must leave the first before Rewst accepts it there.
 */
export function diffClientMapping(
  olds: Pick<StoredClientMapping, "customerTenantId" | "organizationId" | "cspPackConfigId" | "shardOrigin">,
  news: PropertyBag,
  defaultPackConfigId?: string,
): pulumi.dynamic.DiffResult {
  const newPack = news.cspPackConfigId ?? defaultPackConfigId ?? olds.cspPackConfigId;
  const replaces = [
    ...(sameId(olds.customerTenantId, news.customerTenantId) ? [] : ["customerTenantId"]),
    ...(sameId(olds.organizationId, news.organizationId) ? [] : ["organizationId"]),
    ...(olds.cspPackConfigId !== newPack ? ["cspPackConfigId"] : []),
  ];
  // Recorded in state only: the shard that declares the mapping (deletes check it).
  const origin = !sameShardOrigin(olds.shardOrigin, news.shardOrigin);
  // An unlinked organization is not a diff: read() reports the mapping gone, so up re-creates it.
  return { changes: replaces.length > 0 || origin, replaces, deleteBeforeReplace: true };
}

/** Behaviour of {@link ClientMapping}: link a Rewst organization to a CSP customer. */
export const clientMappingImplementation = defineResource({
  inputs: clientMappingInputsSchema,
  upgrade: upgradeStoredClientMapping,
  outputKeys: CLIENT_MAPPING_COMPUTED_KEYS,
  check: async (olds, news, session) => {
    // Settings are validated at preview too, so bad config fails before anything is written.
    session.settings(CONFIG_KEYS.rewst);
    const { checked, inputs: parsed } = parseChecked(clientMappingInputsSchema, news);
    // The partner tenant is no CSP customer: linking it would hand Rewst's customer automation the
    // MSP's own tenant. (Known only where the Microsoft settings are configured.)
    const partnerTenantId = session.partnerTenantIdIfSet;
    if (parsed && partnerTenantId && sameId(parsed.customerTenantId, partnerTenantId))
      return {
        ...checked,
        failures: [
          {
            property: "customerTenantId",
            reason: `is the partner tenant ${partnerTenantId}; map Rewst organizations to CSP customer tenants only`,
          },
        ],
      };
    // The MSP's own organization runs the workflows; linking it to a customer would point them at
    // that tenant. A lookup that fails leaves it unjudged rather than failing the preview.
    const msp = parsed ? await session.rewst.mspOrganizationId().catch(() => null) : null;
    if (parsed && msp && sameId(msp, parsed.organizationId))
      return {
        ...checked,
        failures: [
          {
            property: "organizationId",
            reason: `is ${msp}, your own (the MSP's) Rewst organization; link each customer's own organization`,
          },
        ],
      };
    // A delete later in this run judges against what the program declares (renames are forgotten).
    if (!checked.failures?.length && parsed)
      noteDeclared(
        "link",
        { tenantId: parsed.customerTenantId, subject: parsed.organizationId },
        Object.keys(olds).length > 0
          ? { tenantId: olds.customerTenantId, subject: olds.organizationId }
          : undefined,
        parsed.shardOrigin?.mappingsFile,
      );
    return checked;
  },

  diff: (_id, olds, news, session) => {
    let fallback: string | undefined;
    try {
      fallback = session.cspPackConfigId;
    } catch {
      fallback = undefined;
    }
    return Promise.resolve(diffClientMapping(olds, news, fallback));
  },

  async create(inputs, session) {
    const { client } = session.rewst;
    const pack = packConfigId(inputs, session);
    // Check-then-link must not interleave with another create for the same organization.
    // Reads after a link or unlink by this process list the customers again (the finally below).
    return withLock(`rewst-org|${pack}|${inputs.organizationId}`, async () => {
      const customers = await client.customers(pack);
      const customer = customers.find((c) => sameId(c.tenantId, inputs.customerTenantId));
      if (!customer) {
        throw new ProviderError(
          "CUSTOMER_NOT_FOUND",
          `Rewst does not know tenant ${inputs.customerTenantId} in pack config ${pack}; sync the CSP customer list in Rewst (or check the tenant id)`,
        );
      }
      const holders = (list: MicrosoftCspCustomer[]) =>
        list.filter(
          (c) =>
            c.id !== customer.id &&
            (c.linkedOrganizations ?? []).some((o) => sameId(o.id, inputs.organizationId)),
        );
      const conflict = (others: MicrosoftCspCustomer[]) =>
        new ProviderError(
          "MAPPING_CONFLICT",
          `organization ${inputs.organizationId} is already linked to ${others.map((c) => `${c.companyName} (${c.tenantId})`).join(", ")}; ` +
            `linking it to ${customer.companyName} (${customer.tenantId}) too would make Rewst report "One or more organizations are linked to multiple customers". ` +
            "Unlink it there first (to move it, remove it from the other customer in the same mappings file).",
        );
      const before = holders(customers);
      if (before.length > 0) throw conflict(before);

      const current = (customer.linkedOrganizations ?? []).map((o) => o.id);
      const alreadyLinked = current.some((id) => sameId(id, inputs.organizationId));
      // The whole list is sent: whether Rewst adds to the links or replaces them is UNCONFIRMED,
      // and the union is right either way.
      const linked = alreadyLinked
        ? customer
        : await client.link(pack, customer.id, [...current, inputs.organizationId]);
      const shown = (linked.linkedOrganizations ?? []).map((o) => o.id);
      const lost = [...current, inputs.organizationId].filter((id) => !shown.some((s) => sameId(s, id)));
      if (lost.length > 0) {
        throw new ProviderError(
          "REWST_ERROR",
          `Rewst accepted the link of ${inputs.organizationId} to ${customer.companyName} but does not show ${lost.join(", ")}`,
        );
      }
      // Another process (a second stack, a person in Rewst) may have linked it meanwhile: look again
      // and give way, so the organization never stays on two customers.
      if (!alreadyLinked) {
        const after = holders(await client.customers(pack));
        if (after.length > 0) {
          await client.unlink(pack, customer.id, [inputs.organizationId]);
          throw conflict(after);
        }
      }
      return { id: `${customer.id}/${inputs.organizationId}`, outs: toOutputs(inputs, pack, linked) };
    }).finally(() => session.rewst.forgetCustomers(pack));
  },

  // `pulumi import … <tenant>/<organization>`: the customer and pack are found by the read.
  importState: (id) => {
    const [customerTenantId, organizationId] = guidPairOf(id, "<customer tenant id>/<organization id>");
    return { ...NOT_READ, customerTenantId, organizationId };
  },

  async read(id, stored, session, { importing }) {
    if (importing) return importMapping(stored, session);
    const inputs: ClientMappingInputs = {
      customerTenantId: stored.customerTenantId,
      organizationId: stored.organizationId,
      cspPackConfigId: stored.cspPackConfigId,
      ...(stored.shardOrigin ? { shardOrigin: stored.shardOrigin } : {}),
    };
    // One listing answers every mapping of the refresh (instead of one query per mapping).
    const customers = await session.rewst.customersForReads(stored.cspPackConfigId);
    const customer = customers.find((c) => c.id === stored.customerId);
    // Gone unless the customer still lists this organization.
    if (!customer || !(customer.linkedOrganizations ?? []).some((o) => sameId(o.id, inputs.organizationId)))
      return undefined;
    return { id, props: toOutputs(inputs, stored.cspPackConfigId, customer) };
  },

  // Only the recorded shard origin changes in place (every other change is a replacement).
  update: (_id, olds, news) =>
    Promise.resolve({ outs: withStateOnlyInputs<ClientMappingOutputs>(olds, news, SHARD_ORIGIN) }),

  async delete(_id, stored, session) {
    const { client } = session.rewst;
    const { cspPackConfigId: pack, organizationId } = stored;
    // A link still declared (a renamed customer, one moved to another shard, a retired stack while
    // the file lists it) is forgotten here, never unlinked.
    const verdict = judgeDelete(
      { kind: "link", tenantId: stored.customerTenantId, organizationId },
      stored.shardOrigin,
      `the link of organization ${organizationId}`,
    );
    if (verdict.action === "forget") return;
    await withLock(`rewst-org|${pack}|${organizationId.toLowerCase()}`, async () => {
      // A customer Rewst no longer knows (removed from the CSP list) has no link left to remove.
      const customer = await client.customerById(pack, stored.customerId);
      if (!customer || !(customer.linkedOrganizations ?? []).some((o) => sameId(o.id, organizationId)))
        return;
      await client.unlink(pack, customer.id, [organizationId]);
    }).finally(() => session.rewst.forgetCustomers(pack));
  },
});
