import type { EmulatorContext } from "../../context";
import { missingGdapRole } from "../../state/gdap";
import { grantConsent, revokeConsent } from "../../state/consents";
import { DEFAULT_IDENTITIES } from "../../state/seed";
import { packConfig } from "./access";
import type { Caller, ConsentRequestArgs } from "./types";

/** Streams progress per tenant, then success or failure; performs the Partner Center consent for Rewst's CPV app. */
export async function* consentStream(ctx: EmulatorContext, args: ConsentRequestArgs, who: Caller) {
  const config = packConfig(ctx, who, args.packConfigId);
  ctx.logOperation({
    method: "SUBSCRIBE",
    path: "/subscriptions",
    route: `rewst.microsoftCSPConsentRequest.${args.action}`,
    tenant: args.tenantIds.join(","),
    status: 200,
  });
  const stall = ctx.store.state.options.rewstConsentStreamStallMs;
  if (stall > 0) await new Promise((resolve) => setTimeout(resolve, stall).unref());
  const grants = args.applicationGrants.length > 0 ? args.applicationGrants : config.defaultGrants;
  // Every member of Rewst's MicrosoftCSPConsentRequestStreamEvent carries event and isFinished.
  const message = (fields: Record<string, unknown>) => ({
    microsoftCSPConsentRequest: {
      __typename: "MicrosoftCSPConsentStreamMessage",
      action: args.action,
      updatedTenantIds: [],
      errors: [],
      isFinished: false,
      ...fields,
    },
  });
  yield message({ event: "STARTED" });
  const errors: string[] = [];
  for (const tenantId of args.tenantIds) {
    await new Promise((resolve) => setImmediate(resolve));
    const customer = ctx.store.state.rewst.cspCustomers.find(
      (c) => c.cspPackConfigId === config.id && c.tenantId === tenantId,
    );
    if (!customer) {
      errors.push(`Tenant ${tenantId} is not a customer of this CSP integration`);
      yield message({ event: "TENANT_FAILED", errors: [errors.at(-1)] });
      continue;
    }
    // Rewst consents as its own integration user, through the roles of Rewst's own GDAP groups
    // (not the partner's SAM user's).
    const serviceUser = ctx.store.state.users.find((u) => u.id === DEFAULT_IDENTITIES.rewstIntegrationUserId);
    const gdapActive = ctx.store.state.gdapRelationships.some(
      (r) => r.customerTenantId === tenantId.toLowerCase() && r.status === "active",
    );
    const missingRole =
      serviceUser &&
      missingGdapRole(
        ctx.store.state,
        serviceUser.id,
        tenantId,
        args.action === "CREATE" ? "cpvConsent" : "cpvConsentRemoval",
      );
    if (!gdapActive || missingRole) {
      errors.push(
        gdapActive
          ? `GDAP for ${customer.companyName} (${tenantId}) gives Rewst's integration user no role that can consent (needs ${missingRole})`
          : `GDAP relationship for ${customer.companyName} (${tenantId}) is not active; consent needs active GDAP`,
      );
      yield message({ event: "TENANT_FAILED", errors: [errors.at(-1)] });
      continue;
    }
    if (args.action === "CREATE") {
      const outcome = grantConsent(ctx, tenantId, {
        applicationId: config.cpvApplicationId,
        displayName: config.cpvDisplayName,
        applicationGrants: grants,
      });
      if (!outcome.ok && outcome.reason !== "already-exists")
        errors.push(
          `Consent failed for ${tenantId}: ${outcome.reason === "invalid-grant" ? outcome.message : outcome.reason}`,
        );
      else customer.hasConsent = true;
    } else {
      const outcome = revokeConsent(ctx, tenantId, config.cpvApplicationId);
      if (!outcome.ok && outcome.reason !== "not-found")
        errors.push(`Revoke failed for ${tenantId}: ${outcome.reason}`);
      else customer.hasConsent = false;
    }
    customer.updatedAt = String(ctx.now().getTime());
    // Subscriptions do not pass through the HTTP handler that persists writes.
    ctx.store.save();
    yield message({ event: "TENANT_UPDATED", updatedTenantIds: [tenantId] });
  }
  yield {
    microsoftCSPConsentRequest:
      errors.length === 0
        ? {
            __typename: "MicrosoftCSPConsentStreamSuccessResponse",
            event: "CONSENT_SUCCEEDED",
            isFinished: true,
            didSucceed: true,
          }
        : {
            __typename: "MicrosoftCSPConsentStreamFailureResponse",
            event: "CONSENT_FAILED",
            isFinished: true,
            didSucceed: false,
            errors,
          },
  };
}
