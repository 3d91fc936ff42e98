import { ProviderError, asError } from "../errors";
import { type ProviderSession, type SessionImplementation, providerSession } from "./session";
import type { CallContext, ResourceImplementation } from "../dynamic/contract";

type Operation = keyof ResourceImplementation;

/**
 * The error as the engine shows it: `pulumi up` prints only an error's message, so a ProviderError's
 * hint is put in it here, once (the CLI prints its own errors' hints itself).
 */
function engineFacing(error: unknown): Error {
  if (!(error instanceof ProviderError)) return asError(error);
  const shown = new ProviderError(error.code, error.detail, error.correlationId, error.serviceCode);
  shown.message = error.withHint();
  // Pulumi's dynamic provider host logs `${error}: ${error.stack}`, and a stack starts with the
  // message: keep only the frames, so the message is shown once.
  shown.stack = (error.stack ?? "").split("\n").slice(1).join("\n");
  return shown;
}

/**
 * Serves a session-based implementation through the shim's contract: each call gets the session of
 * the stack's configuration (one per settings fingerprint) and one overall deadline
 * (`rewst-csp:operationTimeoutSeconds`), so whatever it waits for (retries, replication, Rewst's
 * stream) the engine hears back in time. An operation cut off this way may still finish in the
 * background; the next run adopts what it did.
 */
export function withOperationDeadline(type: string, impl: SessionImplementation): ResourceImplementation {
  const bounded = <R>(
    operation: Operation,
    ctx: CallContext,
    run: (session: ProviderSession) => Promise<R>,
  ) => {
    let session: ProviderSession;
    let seconds: number;
    try {
      session = providerSession(ctx.config);
      seconds = session.operationTimeoutSeconds;
    } catch (error) {
      return Promise.reject(asError(error));
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
    return Promise.race([run(session), deadline])
      .catch((error: unknown) => Promise.reject(engineFacing(error)))
      .finally(() => clearTimeout(timer));
  };
  return {
    check: (olds, news, ctx) => bounded("check", ctx, (s) => impl.check(olds, news, s)),
    diff: (id, olds, news, ctx) => bounded("diff", ctx, (s) => impl.diff(id, olds, news, s)),
    create: (inputs, ctx) => bounded("create", ctx, (s) => impl.create(inputs, s)),
    read: (id, props, ctx) => bounded("read", ctx, (s) => impl.read(id, props, s)),
    update: (id, olds, news, ctx) => bounded("update", ctx, (s) => impl.update(id, olds, news, s)),
    delete: (id, props, ctx) => bounded("delete", ctx, (s) => impl.delete(id, props, s)),
  };
}
