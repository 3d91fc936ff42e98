import { randomUUID } from "crypto";

import type * as pulumi from "@pulumi/pulumi";

import { CONFIG_KEYS, type ProviderConfig, loadProviderConfig } from "../../config/providerConfig";
import { checkInputs } from "../../dynamic/check";
import type { CallContext, PropertyBag, ResourceImplementation } from "../../dynamic/contract";
import { ProviderError } from "../../errors";
import { sameId } from "../common";
import { CONSENT_CAPABLE_ROLES, DIRECTORY_READ_ROLES } from "../../contracts/graph";
import { type GdapAccess, type MicrosoftServices, microsoftServices, rewstServices } from "../../services";
import {
  type ConsentGrant,
  type CpvConsentInputs,
  type CpvConsentOutputs,
  cpvConsentIdentitySchema,
  cpvConsentInputsSchema,
  grantDelta,
  storedCpvConsentSchema,
  normalizeGrants,
} from "./schema";

interface Observation {
  servicePrincipalObjectId?: string;
  /** False when an admin disabled the principal (sign-ins blocked; the consent is useless). */
  accountEnabled?: boolean;
  grants: ConsentGrant[];
  /** Ids of the delegated grants read (a revoked grant can still be read for a moment). */
  grantIds?: string[];
}

/** Service principals named like the app but belonging to another app id (a removed and re-added integration). */
async function staleNamesakes(
  ms: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  displayName: string,
) {
  const namesakes = await ms.graph(tenantId).servicePrincipalsByDisplayName(displayName);
  return (
    namesakes
      // A managed identity that happens to share the name is not a leftover of the integration.
      .filter((sp) => sp.servicePrincipalType !== "ManagedIdentity")
      .filter((sp) => sp.appId.toLowerCase() !== applicationId.toLowerCase())
      .map((sp) => ({ objectId: sp.id, appId: sp.appId, displayName: sp.displayName }))
  );
}

/** Reads the app's service principal and delegated grants in the customer tenant (GDAP token). */
export async function observeConsent(
  ms: MicrosoftServices,
  tenantId: string,
  applicationId: string,
): Promise<Observation> {
  const graph = ms.graph(tenantId);
  const sp = await graph.servicePrincipalByAppId(applicationId);
  if (!sp) return { grants: [] };
  const grants = await graph.grantsOf(sp.id);
  const resourceAppIds = new Map<string, string>();
  for (const resourceId of new Set(grants.map((g) => g.resourceId))) {
    const resource = await graph.servicePrincipalById(resourceId);
    if (resource) resourceAppIds.set(resourceId, resource.appId);
  }
  const byResource = new Map<string, Set<string>>();
  for (const grant of grants.filter((g) => g.consentType === "AllPrincipals")) {
    const appId = resourceAppIds.get(grant.resourceId);
    if (!appId) continue;
    const scopes = byResource.get(appId) ?? new Set<string>();
    for (const scope of grant.scope.split(/\s+/).filter(Boolean)) scopes.add(scope);
    byResource.set(appId, scopes);
  }
  return {
    servicePrincipalObjectId: sp.id,
    accountEnabled: sp.accountEnabled,
    grantIds: grants.map((g) => g.id),
    grants: [...byResource].map(([enterpriseApplicationId, scopes]) => ({
      enterpriseApplicationId,
      scopes: [...scopes],
    })),
  };
}

const matches = (observed: readonly ConsentGrant[], declared: readonly ConsentGrant[]) =>
  JSON.stringify(normalizeGrants(observed)) === JSON.stringify(normalizeGrants(declared));

/**
 * Observes the consent until Graph shows the principal with the declared grants or the deadline
 * passes (replication takes seconds); the last observation is returned either way.
 */
async function awaitConsent(
  ms: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  declared: readonly ConsentGrant[],
  deadline: number,
  /** Grants already revoked that Graph may still show; the consent is done only with new ones. */
  revokedGrantIds: ReadonlySet<string> = new Set(),
): Promise<Observation> {
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const observed = await observeConsent(ms, tenantId, applicationId).catch((): Observation => ({
      grants: [],
    }));
    const fresh =
      revokedGrantIds.size === 0 || (observed.grantIds ?? []).some((id) => !revokedGrantIds.has(id));
    const done =
      fresh && observed.servicePrincipalObjectId !== undefined && matches(observed.grants, declared);
    const left = deadline - Date.now();
    if (done || left <= 0) return observed;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
}

function cannotObserve(tenantId: string, error: unknown): never {
  if (error instanceof ProviderError && error.code.startsWith("AUTH_")) {
    throw new ProviderError(
      "CANNOT_OBSERVE_TENANT",
      `cannot observe tenant ${tenantId} because ${error.message}`,
    );
  }
  throw error;
}

async function gdapStatus(ms: MicrosoftServices, tenantId: string): Promise<string | null> {
  const relationships = (await ms.gdapRelationships()).filter((r) => sameId(r.customer.tenantId, tenantId));
  return relationships.find((r) => r.status === "active")?.status ?? relationships[0]?.status ?? null;
}

const roleName = (id: string) => DIRECTORY_READ_ROLES.find((r) => r.id === id)?.name ?? id;

/**
 * A consent needs a consent-capable GDAP role in the customer tenant; with an active relationship
 * that grants none, every consent attempt fails, so preview says so before anything is written.
 */
function missingConsentRole(tenantId: string, access: GdapAccess): string | undefined {
  if (access.status !== "active" || CONSENT_CAPABLE_ROLES.some((r) => access.roles.has(r.id)))
    return undefined;
  const held = [...access.roles].map(roleName).join(", ") || "no role";
  return (
    `GDAP with tenant ${tenantId} gives the partner user no role that can consent to applications: ` +
    `needs ${CONSENT_CAPABLE_ROLES[0].name} or ${CONSENT_CAPABLE_ROLES[1].name} (holds ${held}). ` +
    "Add one of them to the access assignment of your GDAP security group for this customer, or remove this consent"
  );
}

function packConfigFor(inputs: Pick<CpvConsentInputs, "cspPackConfigId">, ctx: CallContext): string {
  const id = inputs.cspPackConfigId ?? rewstServices(ctx.config).config.cspPackConfigId;
  if (!id)
    throw new ProviderError(
      "CONFIG_INVALID",
      'a CpvConsent with via "rewst" needs cspPackConfigId or rewst-csp:cspPackConfigId',
    );
  return id;
}

const wireGrants = (grants: readonly ConsentGrant[]) =>
  grants.map((g) => ({ enterpriseApplicationId: g.enterpriseApplicationId, scope: g.scopes.join(",") }));

/** Planned-input field that carries the customer's GDAP status from check() to the policy pack. */
const GDAP_ANNOTATION = "gdapStatus";

/** The declared inputs, without what check() annotated for the policy pack. */
function withoutAnnotations(inputs: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== GDAP_ANNOTATION));
}

type ConsentDrift = ProviderConfig["consentDrift"];

function consentDrift(ctx: CallContext): ConsentDrift {
  return loadProviderConfig(ctx.config, ["consentDrift"]).consentDrift;
}

/**
 * Identity changes (tenant, app, channel) and any grant change are replacements, deleted first:
 * Partner Center cannot update a consent, only remove and grant it again. A consent whose service
 * principal has gone is replaced too. With consentDrift "report", what changed in the tenant is left
 * for the policy pack to report; only a changed declaration plans a replacement.
 */
export function diffCpvConsent(
  olds: PropertyBag,
  news: PropertyBag,
  drift: ConsentDrift = "repair",
): pulumi.dynamic.DiffResult {
  const replaces: string[] = (["customerTenantId", "applicationId", "via"] as const).filter(
    (k) => !sameId(olds[k], news[k] ?? (k === "via" ? "partnerCenter" : undefined)),
  );
  // After a refresh, `grants` holds what the tenant shows and `declaredGrants` what was declared:
  // "repair" plans to make the tenant match, "report" only acts on a changed declaration.
  const compared =
    drift === "report" && Array.isArray(olds.declaredGrants) ? olds.declaredGrants : olds.grants;
  const oldGrants = Array.isArray(compared) ? (compared as ConsentGrant[]) : [];
  const newGrants = Array.isArray(news.grants) ? (news.grants as ConsentGrant[]) : [];
  if (!matches(oldGrants, newGrants)) replaces.push("grants");
  if (olds.status === "missing" && drift === "repair") replaces.push("servicePrincipalObjectId");
  // Always delete first, also for a replacement forced with `pulumi up --replace`: there is one
  // consent per tenant and app, so a new one created first would be removed with the old.
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
}

/** Behaviour of {@link CpvConsent}. */
export const cpvConsentImplementation: ResourceImplementation = {
  async check(_olds, news, ctx) {
    // Settings are validated at preview too, so bad config fails before anything is written.
    loadProviderConfig(ctx.config, CONFIG_KEYS.microsoft);
    if (news.via === "rewst") loadProviderConfig(ctx.config, CONFIG_KEYS.rewst);
    const checked = checkInputs(cpvConsentInputsSchema, news);
    if (checked.failures?.length || typeof news.customerTenantId !== "string") return checked;
    // The GDAP status rides along with the planned inputs so the policy pack can judge a consent
    // that does not exist yet; a lookup that fails leaves it unknown rather than failing preview.
    const inputs = checked.inputs as PropertyBag;
    const tenant = String(inputs.customerTenantId);
    const access = await microsoftServices(ctx.config)
      .gdapAccess(tenant)
      .catch(() => undefined);
    if (access === undefined) return checked;
    const noRole = missingConsentRole(tenant, access);
    if (noRole) return { inputs, failures: [{ property: "customerTenantId", reason: noRole }] };
    return { inputs: { ...inputs, [GDAP_ANNOTATION]: access.status } };
  },

  diff: (_id, olds, news, ctx) => Promise.resolve(diffCpvConsent(olds, news, consentDrift(ctx))),

  async create(checkedInputs, ctx) {
    const inputs = cpvConsentInputsSchema.parse(withoutAnnotations(checkedInputs));
    const ms = microsoftServices(ctx.config);
    const correlationId = randomUUID();
    const tenant = inputs.customerTenantId;
    // Replication is timed from the grant, not from the start of a call that may have been retried.
    const propagated = () => Date.now() + ms.config.consentPropagationTimeoutSeconds * 1000;

    // Adopt a consent that is already in place (e.g. granted before a crash), never duplicating it.
    const before = await observeConsent(ms, tenant, inputs.applicationId).catch(() => undefined);
    // Right after our own revocation (a delete-before-replace), what Graph shows is the revoked
    // consent still replicating: never adopt it, and wait for grants that are new.
    const revokedHere = ms.revokedRecently(tenant, inputs.applicationId);
    const revoked = new Set(revokedHere ? (before?.grantIds ?? []) : []);
    const alreadyThere =
      !revokedHere && before?.servicePrincipalObjectId !== undefined && matches(before.grants, inputs.grants);

    let existed = false;
    if (!alreadyThere) {
      if (inputs.via === "partnerCenter") {
        const outcome = await ms.partnerCenter.createConsent(
          tenant,
          {
            applicationId: inputs.applicationId,
            displayName: inputs.displayName,
            applicationGrants: wireGrants(inputs.grants),
          },
          correlationId,
        );
        // An existing consent (e.g. our own earlier POST whose answer was lost) may still be
        // replicating: it is judged below, once Graph shows it or the wait is over.
        existed = outcome === "exists";
        if (existed)
          await observeConsent(ms, tenant, inputs.applicationId).catch((error: unknown) =>
            cannotObserve(tenant, error),
          );
      } else {
        const { client } = rewstServices(ctx.config);
        await client.consent("CREATE", packConfigFor(inputs, ctx), [tenant], wireGrants(inputs.grants));
      }
    }

    // Bounded wait for the new objects to become visible (eventual consistency).
    const observed = await awaitConsent(
      ms,
      tenant,
      inputs.applicationId,
      inputs.grants,
      propagated(),
      revoked,
    );
    const active = observed.servicePrincipalObjectId !== undefined && matches(observed.grants, inputs.grants);
    if (existed && observed.servicePrincipalObjectId !== undefined && !active) {
      const delta = grantDelta(observed.grants, inputs.grants);
      throw new ProviderError(
        "CONSENT_FAILED",
        `a consent of ${inputs.applicationId} already exists in tenant ${tenant} with other scopes (to add: ${delta.added.join(", ") || "none"}; to remove: ${delta.removed.join(", ") || "none"}). ` +
          "Partner Center cannot change a consent: declare the existing scopes, or remove the consent first.",
        correlationId,
      );
    }
    const outs: CpvConsentOutputs = {
      ...inputs,
      servicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
      originalServicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
      declaredGrants: inputs.grants,
      staleServicePrincipals: await staleNamesakes(
        ms,
        tenant,
        inputs.applicationId,
        inputs.displayName,
      ).catch(() => []),
      grantedScopes: Object.fromEntries(observed.grants.map((g) => [g.enterpriseApplicationId, g.scopes])),
      gdapStatus: await gdapStatus(ms, tenant),
      consentedAt: new Date().toISOString(),
      correlationId,
      status: !active ? "pending" : observed.accountEnabled === false ? "disabled" : "active",
    };
    return { id: `${tenant}/${inputs.applicationId}`, outs };
  },

  async read(id, props, ctx) {
    const { declaredGrants: storedDeclared, ...declared } = storedCpvConsentSchema.parse(props);
    const ms = microsoftServices(ctx.config);
    const observed = await observeConsent(ms, declared.customerTenantId, declared.applicationId).catch(
      (error: unknown) => cannotObserve(declared.customerTenantId, error),
    );
    // No service principal: the consent is kept as "missing" (never silently forgotten); diff decides
    // whether that plans a new consent. Observed grants replace the stored ones otherwise, so a
    // scope changed by hand shows as a diff.
    const missing = !observed.servicePrincipalObjectId;
    // A consent whose principal was never seen is still propagating, not lost.
    const neverObserved = props.status === "pending";
    const current = { ...declared, grants: missing ? declared.grants : observed.grants };
    const gdap = await gdapStatus(ms, declared.customerTenantId);
    const outs: CpvConsentOutputs = {
      ...current,
      servicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
      originalServicePrincipalObjectId:
        typeof props.originalServicePrincipalObjectId === "string" && props.originalServicePrincipalObjectId
          ? props.originalServicePrincipalObjectId
          : (observed.servicePrincipalObjectId ?? ""),
      declaredGrants: storedDeclared ?? declared.grants,
      staleServicePrincipals: await staleNamesakes(
        ms,
        declared.customerTenantId,
        declared.applicationId,
        declared.displayName,
      ),
      grantedScopes: Object.fromEntries(observed.grants.map((g) => [g.enterpriseApplicationId, g.scopes])),
      gdapStatus: gdap,
      consentedAt: typeof props.consentedAt === "string" ? props.consentedAt : "",
      correlationId: typeof props.correlationId === "string" ? props.correlationId : "",
      status: missing
        ? neverObserved
          ? "pending"
          : "missing"
        : observed.accountEnabled === false
          ? "disabled"
          : "active",
    };
    // The inputs keep check()'s annotation, so a refresh alone shows no input change.
    return { id, props: outs, inputs: { ...current, [GDAP_ANNOTATION]: gdap } };
  },

  update: () =>
    Promise.reject(new Error("CpvConsent has no in-place updates; every change is a replacement")),

  async delete(_id, props, ctx) {
    const target = cpvConsentIdentitySchema.parse(props);
    const ms = microsoftServices(ctx.config);
    if (target.via === "partnerCenter") {
      const correlationId =
        typeof props.correlationId === "string" && props.correlationId ? props.correlationId : randomUUID();
      await ms.partnerCenter.deleteConsent(target.customerTenantId, target.applicationId, correlationId);
    } else {
      await rewstServices(ctx.config).client.consent(
        "REVOKE",
        packConfigFor(target, ctx),
        [target.customerTenantId],
        [],
      );
    }
    ms.noteRevoked(target.customerTenantId, target.applicationId);
  },
};
