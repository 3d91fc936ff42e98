import { randomUUID } from "crypto";

import type { GraphError } from "../../../provider/contracts/graph";
import { type EmulatorRequest, type EmulatorResponse, headerValue } from "../../http";

export function graphError(
  req: EmulatorRequest,
  status: number,
  code: string,
  message: string,
): EmulatorResponse {
  const body: GraphError = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ""),
        "request-id": randomUUID(),
        "client-request-id": headerValue(req, "client-request-id") ?? randomUUID(),
      },
    },
  };
  return { status, body };
}

export const notFound = (req: EmulatorRequest, id: string) =>
  graphError(
    req,
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
