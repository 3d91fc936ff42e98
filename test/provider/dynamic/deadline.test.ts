import type { SessionImplementation } from "../../../provider/session/session";
import { withOperationDeadline } from "../../../provider/session/deadline";
import { ProviderError } from "../../../provider/errors";

const never = () => new Promise<never>(() => undefined);
const stuck: SessionImplementation = {
  check: never,
  diff: never,
  create: never,
  read: never,
  update: never,
  delete: never,
};
const ctx = (seconds?: string) => ({
  config: (key: string) => (key === "rewst-csp:operationTimeoutSeconds" ? seconds : undefined),
});

describe("one deadline per provider operation", () => {
  test("an operation that never ends fails at rewst-csp:operationTimeoutSeconds, naming it", async () => {
    const bounded = withOperationDeadline("rewst-csp:CpvConsent", stuck);
    const started = Date.now();
    const error = await bounded.create({}, ctx("1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("OPERATION_TIMEOUT");
    expect((error as Error).message).toMatch(
      /create of rewst-csp:CpvConsent did not finish within rewst-csp:operationTimeoutSeconds \(1 s\)/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("results and failures of operations that finish pass through unchanged", async () => {
    const quick: SessionImplementation = {
      ...stuck,
      read: (id) => Promise.resolve({ id, props: { a: 1 } }),
      delete: () => Promise.reject(new Error("boom")),
    };
    const bounded = withOperationDeadline("t", quick);
    await expect(bounded.read("x", {}, ctx())).resolves.toEqual({ id: "x", props: { a: 1 } });
    await expect(bounded.delete("x", {}, ctx())).rejects.toThrow("boom");
    await expect(bounded.read("x", {}, ctx("soon"))).rejects.toThrow(
      /operationTimeoutSeconds must be a number/,
    );
  });

  test("a ProviderError reaches the engine with its hint in the message (pulumi up prints only the message), once", async () => {
    const failing: SessionImplementation = {
      ...stuck,
      create: () =>
        Promise.reject(
          new ProviderError("GDAP_ROLE_MISSING", "tenant t", undefined, "Authorization_RequestDenied"),
        ),
    };
    const error = (await withOperationDeadline("t", failing)
      .create({}, ctx())
      .catch((e: unknown) => e)) as ProviderError;
    expect(error.message).toBe(`[GDAP_ROLE_MISSING] tenant t. What to do: ${error.hint}`);
    expect([error.code, error.serviceCode, error.withHint()]).toEqual([
      "GDAP_ROLE_MISSING",
      "Authorization_RequestDenied",
      error.message,
    ]);
  });
});
