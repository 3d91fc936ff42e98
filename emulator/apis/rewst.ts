import type * as http from "http";

import { OperationTypeNode, buildSchema, getOperationAST, graphql, parse } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";

import type { EmulatorContext } from "../context";
import { type EmulatorRequest, type Router, parseJson } from "../http";
import { rewstSdl } from "../../provider/contracts/rewstSchema";
import { missingGdapRole } from "../state/gdap";
import type { RewstCspCustomer } from "../state/model";
import { grantConsent, revokeConsent } from "./consents";

interface Caller {
  userId: string;
  orgId: string;
}
interface Where {
  companyName?: string;
  cspTenantId?: string;
  hasConsent?: boolean;
  id?: string;
  tenantId?: string;
  linkedOrganizations?: { id?: string; name?: string; domain?: string };
}
interface Grant {
  enterpriseApplicationId: string;
  scope: string;
}

interface ConsentRequestArgs {
  action: "CREATE" | "REVOKE";
  applicationGrants: Grant[];
  packConfigId: string;
  tenantIds: string[];
}

class RewstError extends Error {}

/** Rewst GraphQL: POST /graphql and graphql-transport-ws subscriptions at /subscriptions. */
export function registerRewst(router: Router, ctx: EmulatorContext) {
  // Rewst's own SDL: a document Rewst would refuse is refused here too.
  const schema = buildSchema(rewstSdl());
  const state = () => ctx.store.state;

  function caller(
    headers: http.IncomingHttpHeaders,
    connectionParams?: Record<string, unknown>,
  ): Caller | undefined {
    const cookieName = state().options.rewstCookieName;
    const cookies = (headers.cookie ?? "").split(";").map((c) => c.trim().split("="));
    const cookie = cookies.find(([name]) => name === cookieName)?.[1];
    const authHeader = headers.authorization ?? (connectionParams?.authorization as string | undefined);
    const bearer = authHeader?.startsWith("Bearer ") ? authHeader.slice(7) : undefined;
    return state().rewst.credentials.find(
      (c) => (c.kind === "cookie" && c.value === cookie) || (c.kind === "bearer" && c.value === bearer),
    );
  }

  const packConfig = (who: Caller, id: string) => {
    const config = state().rewst.packConfigs.find((p) => p.id === id);
    // Rewst answers scoping problems with "Not Authorized" rather than "not found".
    if (!config || config.orgId !== who.orgId)
      throw new RewstError(`Not Authorized: pack config ${id} is not managed by your organization`);
    return config;
  };
  const org = (id: string) => state().rewst.organizations.find((o) => o.id === id);
  // Non-null fields of Rewst's Organization that the stored record does not model.
  const toOrganization = (o: NonNullable<ReturnType<typeof org>>) => ({
    ...o,
    descendantOrgCount: state().rewst.organizations.filter((x) => x.managingOrgId === o.id).length,
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
    packConfig(who, cspPackConfigId);
    const customer = state().rewst.cspCustomers.find(
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

  const rootValue = {
    me: (_: unknown, who: Caller) => ({ id: who.userId }),
    organizations: (
      args: {
        where?: { id?: string; managingOrgId?: string; name?: string; domain?: string };
        limit?: number;
        offset?: number;
      },
      who: Caller,
    ) => {
      const w = args.where ?? {};
      const visible = state().rewst.organizations.filter(
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
      packConfig(who, args.cspPackConfigId);
      return state()
        .rewst.cspCustomers.filter(
          (c) => c.cspPackConfigId === args.cspPackConfigId && matches(c, args.where),
        )
        .map(toCustomer);
    },
    microsoftCSPCustomer: (args: { cspPackConfigId: string; where?: Where }, who: Caller) => {
      packConfig(who, args.cspPackConfigId);
      const found = state().rewst.cspCustomers.find(
        (c) => c.cspPackConfigId === args.cspPackConfigId && matches(c, args.where),
      );
      return found ? toCustomer(found) : null;
    },
    linkMicrosoftCSPCustomer: (
      args: { cspPackConfigId: string; customerId: string; orgIds: string[] },
      who: Caller,
    ) => {
      const customer = customerOf(who, args.cspPackConfigId, args.customerId);
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
      customer.linkedOrganizationIds = customer.linkedOrganizationIds.filter(
        (id) => !args.orgIds.includes(id),
      );
      customer.updatedAt = String(ctx.now().getTime());
      return null;
    },
    microsoftCSPConsentRequest: (args: ConsentRequestArgs, who: Caller) => consentStream(args, who),
  };

  /** Streams progress per tenant, then success or failure; performs the Partner Center consent for Rewst's CPV app. */
  async function* consentStream(args: ConsentRequestArgs, who: Caller) {
    const config = packConfig(who, args.packConfigId);
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
      const customer = state().rewst.cspCustomers.find(
        (c) => c.cspPackConfigId === config.id && c.tenantId === tenantId,
      );
      if (!customer) {
        errors.push(`Tenant ${tenantId} is not a customer of this CSP integration`);
        yield message({ event: "TENANT_FAILED", errors: [errors.at(-1)] });
        continue;
      }
      // Rewst consents as the integration's partner service user, through its GDAP roles.
      const serviceUser = state().users[0];
      const gdapActive = state().gdapRelationships.some(
        (r) => r.customerTenantId === tenantId.toLowerCase() && r.status === "active",
      );
      const missingRole = serviceUser && missingGdapRole(state(), serviceUser.id, tenantId, "consent");
      if (!gdapActive || missingRole) {
        errors.push(
          gdapActive
            ? `GDAP for ${customer.companyName} (${tenantId}) gives the service user no role that can consent (needs ${missingRole})`
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

  router.add("rewst.graphql", "POST", /^\/graphql$/, async (req: EmulatorRequest) => {
    const body = parseJson(req.body) as
      { query?: unknown; variables?: Record<string, unknown>; operationName?: string } | undefined;
    if (!body || typeof body.query !== "string") {
      return { status: 400, body: { errors: [{ message: "Must provide query string." }] } };
    }
    const who = caller(req.headers);
    if (!who)
      return {
        status: 200,
        body: { data: null, errors: [{ message: "Not Authorized", extensions: { code: "AUTH_ERR" } }] },
      };
    req.tenant = who.orgId;
    try {
      req.write =
        getOperationAST(parse(body.query), body.operationName)?.operation === OperationTypeNode.MUTATION;
    } catch {
      req.write = false; // a syntax error: graphql() below answers it
    }
    const result = await graphql({
      schema,
      source: body.query,
      rootValue,
      contextValue: who,
      variableValues: body.variables,
      operationName: body.operationName,
    });
    // A document that does not parse or validate has no `data`: Apollo-style servers answer 400.
    return { status: "data" in result ? 200 : state().options.rewstInvalidDocumentStatus, body: result };
  });

  const wss = new WebSocketServer({ noServer: true });
  const wsServer = useServer<Record<string, unknown>, { caller?: Caller }>(
    {
      schema,
      roots: { query: rootValue, mutation: rootValue, subscription: rootValue },
      onConnect: (ctxWs) => {
        const who = caller(ctxWs.extra.request.headers, ctxWs.connectionParams);
        if (!who) return false;
        ctxWs.extra.caller = who;
        return true;
      },
      context: (ctxWs) => ctxWs.extra.caller,
    },
    wss,
  );

  return {
    attach(server: http.Server) {
      server.on("upgrade", (request: http.IncomingMessage, socket, head) => {
        if (new URL(request.url ?? "/", "https://127.0.0.1").pathname !== "/subscriptions") {
          socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
      });
    },
    async close() {
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
