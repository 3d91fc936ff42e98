import type { EmulatorContext } from "../../context";
import type { RewstCspCustomer } from "../../state/model";
import { packConfig } from "./access";
import { consentStream } from "./consentStream";
import { type Caller, type ConsentRequestArgs, RewstError, type Where } from "./types";

/** Resolvers of the queries, mutations and the subscription the client uses, after Rewst's SDL. */
export function rewstResolvers(ctx: EmulatorContext) {
  const org = (id: string) => ctx.store.state.rewst.organizations.find((o) => o.id === id);
  // Non-null fields of Rewst's Organization that the stored record does not model.
  const toOrganization = (o: NonNullable<ReturnType<typeof org>>) => ({
    ...o,
    descendantOrgCount: ctx.store.state.rewst.organizations.filter((x) => x.managingOrgId === o.id).length,
    temporalEnabled: false,
    temporalFeaturePreviewAvailable: false,
  });
  const toCustomer = (c: RewstCspCustomer) => ({
    ...c,
    linkedOrganizations: c.linkedOrganizationIds.flatMap((id) => {
      const o = org(id);
      return o ? [toOrganization(o)] : [];
    }),
  });
  const matches = (c: RewstCspCustomer, where: Where = {}) =>
    (where.id === undefined || c.id === where.id) &&
    (where.tenantId === undefined || c.tenantId === where.tenantId) &&
    (where.cspTenantId === undefined || c.cspTenantId === where.cspTenantId) &&
    (where.companyName === undefined || c.companyName === where.companyName) &&
    (where.hasConsent === undefined || c.hasConsent === where.hasConsent) &&
    (where.linkedOrganizations === undefined ||
      c.linkedOrganizationIds.some((id) => {
        const o = org(id);
        const w = where.linkedOrganizations!;
        return (
          o &&
          (w.id === undefined || o.id === w.id) &&
          (w.name === undefined || o.name === w.name) &&
          (w.domain === undefined || o.domain === w.domain)
        );
      }));

  const customerOf = (who: Caller, cspPackConfigId: string, customerId: string) => {
    packConfig(ctx, who, cspPackConfigId);
    const customer = ctx.store.state.rewst.cspCustomers.find(
      (c) => c.cspPackConfigId === cspPackConfigId && c.id === customerId,
    );
    if (!customer) throw new RewstError(`Microsoft CSP customer ${customerId} not found`);
    return customer;
  };
  const checkOrgs = (who: Caller, orgIds: string[]) => {
    for (const id of orgIds) {
      const o = org(id);
      if (!o || (o.managingOrgId !== who.orgId && o.id !== who.orgId))
        throw new RewstError(`Not Authorized: organization ${id} is not managed by your organization`);
    }
  };

  return {
    me: (_: unknown, who: Caller) => ({ id: who.userId }),
    userOrganization: (_: unknown, who: Caller) => org(who.orgId) ?? null,
    organizations: (
      args: {
        where?: { id?: string; managingOrgId?: string; name?: string; domain?: string };
        limit?: number;
        offset?: number;
      },
      who: Caller,
    ) => {
      const w = args.where ?? {};
      const visible = ctx.store.state.rewst.organizations.filter(
        (o) => o.id === who.orgId || o.managingOrgId === who.orgId,
      );
      const found = visible.filter(
        (o) =>
          (w.id === undefined || o.id === w.id) &&
          (w.managingOrgId === undefined || o.managingOrgId === w.managingOrgId) &&
          (w.name === undefined || o.name === w.name) &&
          (w.domain === undefined || o.domain === w.domain),
      );
      const offset = args.offset ?? 0;
      return found
        .slice(offset, args.limit === undefined ? undefined : offset + args.limit)
        .map(toOrganization);
    },
    microsoftCSPCustomers: (args: { cspPackConfigId: string; where?: Where }, who: Caller) => {
      packConfig(ctx, who, args.cspPackConfigId);
      return ctx.store.state.rewst.cspCustomers
        .filter((c) => c.cspPackConfigId === args.cspPackConfigId && matches(c, args.where))
        .map(toCustomer);
    },
    microsoftCSPCustomer: (args: { cspPackConfigId: string; where?: Where }, who: Caller) => {
      packConfig(ctx, who, args.cspPackConfigId);
      const found = ctx.store.state.rewst.cspCustomers.find(
        (c) => c.cspPackConfigId === args.cspPackConfigId && matches(c, args.where),
      );
      return found ? toCustomer(found) : null;
    },
    linkMicrosoftCSPCustomer: (
      args: { cspPackConfigId: string; customerId: string; orgIds: string[] },
      who: Caller,
    ) => {
      const customer = customerOf(who, args.cspPackConfigId, args.customerId);
      who.touched?.(customer.tenantId);
      checkOrgs(who, args.orgIds);
      // Whether Rewst adds to the existing links or replaces them is UNCONFIRMED: a switch.
      const kept = ctx.store.state.options.rewstLinkReplacesLinks ? [] : customer.linkedOrganizationIds;
      customer.linkedOrganizationIds = [...new Set([...kept, ...args.orgIds])];
      customer.updatedAt = String(ctx.now().getTime());
      return toCustomer(customer);
    },
    unlinkMicrosoftCSPCustomer: (
      args: { cspPackConfigId: string; customerId: string; orgIds: string[] },
      who: Caller,
    ) => {
      const customer = customerOf(who, args.cspPackConfigId, args.customerId);
      who.touched?.(customer.tenantId);
      customer.linkedOrganizationIds = customer.linkedOrganizationIds.filter(
        (id) => !args.orgIds.includes(id),
      );
      customer.updatedAt = String(ctx.now().getTime());
      return null;
    },
    microsoftCSPConsentRequest: (args: ConsentRequestArgs, who: Caller) => consentStream(ctx, args, who),
  };
}
