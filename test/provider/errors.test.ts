import { ERROR_CODES, ERROR_HINTS, ProviderError } from "../../provider/errors";
import { RetryBudgetError, describeFailure } from "../../provider/clients/httpClient";
import { MappingsFileError, parseMappings } from "../../provider/mappings/load";

describe("error taxonomy", () => {
  test("every code has a hint that says what to do, and a constant of the same name", () => {
    for (const [code, hint] of Object.entries(ERROR_HINTS)) {
      expect(hint.length).toBeGreaterThan(20);
      expect(ERROR_CODES[code as keyof typeof ERROR_CODES]).toBe(code);
    }
  });

  test("a ProviderError carries its code, the detail without the prefix, and the hint of its code", () => {
    const error = new ProviderError("MAPPING_CONFLICT", "organization o is linked to t", "corr-1");
    expect(error.message).toBe("[MAPPING_CONFLICT] organization o is linked to t (correlation id corr-1)");
    expect(error.detail).toBe("organization o is linked to t");
    expect(error.hint).toBe(ERROR_HINTS.MAPPING_CONFLICT);
  });

  test("the specialised errors share the base class and keep their messages", () => {
    let mappings: unknown;
    try {
      parseMappings("customers: 3\n", "m.yaml");
    } catch (error) {
      mappings = error;
    }
    expect(mappings).toBeInstanceOf(MappingsFileError);
    expect(mappings).toBeInstanceOf(ProviderError);
    expect((mappings as ProviderError).code).toBe("MAPPINGS_INVALID");
    expect((mappings as Error).message).toMatch(
      /^\[MAPPINGS_INVALID\] m\.yaml is invalid; nothing was applied:\n {2}m\.yaml:1:/,
    );

    const budget = new RetryBudgetError("gave up after 2 s");
    expect(budget).toBeInstanceOf(ProviderError);
    expect(budget.code).toBe("RETRY_BUDGET_EXCEEDED");
    // Quoted inside the caller's error, so without a second code prefix.
    expect(describeFailure(budget)).toBe("gave up after 2 s");
  });
});
