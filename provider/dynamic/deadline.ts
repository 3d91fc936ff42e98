import { loadProviderConfig } from "../config/providerConfig";
import { ProviderError } from "../errors";
import type { CallContext, ResourceImplementation } from "./contract";

type Operation = keyof ResourceImplementation;

/**
 * Gives every call of an implementation one overall deadline (`rewst-csp:operationTimeoutSeconds`):
 * whatever it waits for (retries, replication, Rewst's stream), the engine hears back in time. An
 * operation cut off this way may still finish in the background; the next run adopts what it did.
 */
export function withOperationDeadline(type: string, impl: ResourceImplementation): ResourceImplementation {
  const bounded =
    <A extends unknown[], R>(operation: Operation, run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const ctx = args[args.length - 1] as CallContext;
      let seconds: number;
      try {
        seconds = loadProviderConfig(ctx.config, ["operationTimeoutSeconds"]).operationTimeoutSeconds;
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new ProviderError(
                "OPERATION_TIMEOUT",
                `${operation} of ${type} did not finish within rewst-csp:operationTimeoutSeconds (${seconds} s); ` +
                  "run the command again (what was done is adopted), or raise the setting",
              ),
            ),
          seconds * 1000,
        );
      });
      return Promise.race([run(...args), deadline]).finally(() => clearTimeout(timer));
    };
  return {
    check: bounded("check", impl.check.bind(impl)),
    diff: bounded("diff", impl.diff.bind(impl)),
    create: bounded("create", impl.create.bind(impl)),
    read: bounded("read", impl.read.bind(impl)),
    update: bounded("update", impl.update.bind(impl)),
    delete: bounded("delete", impl.delete.bind(impl)),
  };
}
