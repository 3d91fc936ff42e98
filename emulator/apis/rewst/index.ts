import type * as http from "http";

import { Kind, OperationTypeNode, buildSchema, getOperationAST, graphql, parse } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";

import { rewstSdl } from "../../../provider/contracts/rewstSchema";
import type { EmulatorContext } from "../../context";
import { type EmulatorRequest, type Router, parseJson } from "../../http";
import { caller } from "./access";
import { rewstResolvers } from "./resolvers";
import type { Caller } from "./types";

/** Rewst GraphQL: POST /graphql and graphql-transport-ws subscriptions at /subscriptions. */
export function registerRewst(router: Router, ctx: EmulatorContext) {
  // Rewst's own SDL: a document Rewst would refuse is refused here too.
  const schema = buildSchema(rewstSdl());
  const rootValue = rewstResolvers(ctx);

  router.add("rewst.graphql", "POST", /^\/graphql$/, async (req: EmulatorRequest) => {
    const body = parseJson(req.body) as
      { query?: unknown; variables?: Record<string, unknown>; operationName?: string } | undefined;
    if (!body || typeof body.query !== "string") {
      return { status: 400, body: { errors: [{ message: "Must provide query string." }] } };
    }
    const who = caller(ctx, req.headers);
    if (!who)
      return {
        status: 200,
        body: { data: null, errors: [{ message: "Not Authorized", extensions: { code: "AUTH_ERR" } }] },
      };
    req.tenant = who.orgId;
    try {
      const operation = getOperationAST(parse(body.query), body.operationName);
      req.write = operation?.operation === OperationTypeNode.MUTATION;
      const field = operation?.selectionSet.selections[0];
      if (field?.kind === Kind.FIELD) req.operation = field.name.value;
    } catch {
      req.write = false; // a syntax error: graphql() below answers it
    }
    const result = await graphql({
      schema,
      source: body.query,
      rootValue,
      // A change to one CSP customer is logged under its tenant, like the other services' calls.
      contextValue: { ...who, touched: (tenantId: string) => (req.tenant = tenantId) },
      variableValues: body.variables,
      operationName: body.operationName,
    });
    // A document that does not parse or validate has no `data`: Apollo-style servers answer 400.
    return {
      status: "data" in result ? 200 : ctx.store.state.options.rewstInvalidDocumentStatus,
      body: result,
    };
  });

  const wss = new WebSocketServer({ noServer: true });
  const wsServer = useServer<Record<string, unknown>, { caller?: Caller }>(
    {
      schema,
      roots: { query: rootValue, mutation: rootValue, subscription: rootValue },
      onConnect: (ctxWs) => {
        const who = caller(ctx, ctxWs.extra.request.headers, ctxWs.connectionParams);
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
