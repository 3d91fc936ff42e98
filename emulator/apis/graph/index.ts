import type { EmulatorContext } from "../../context";
import type { Router } from "../../http";
import { registerAppRoleAssignments } from "./appRoleAssignments";
import { registerBatch } from "./batch";
import { registerGdap } from "./gdap";
import { registerGrants } from "./grants";
import { registerServicePrincipals } from "./servicePrincipals";
import { graphTools } from "./tools";

/** Microsoft Graph v1.0: service principals, grants, app role assignments, GDAP and $batch. */
export function registerGraph(router: Router, ctx: EmulatorContext): void {
  const tools = graphTools(ctx);
  registerServicePrincipals(router, tools);
  registerGrants(router, tools);
  registerAppRoleAssignments(router, tools);
  registerGdap(router, tools);
  registerBatch(router, ctx);
}
