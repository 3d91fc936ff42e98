/**
 * Graph documents at most 3,850 characters for a grant's `scope` on POST/PATCH: a declaration whose
 * scopes join to more is refused before anything is written, at exactly one character past.
 */
import { WELL_KNOWN_APP_IDS } from "../../../provider/contracts/identity";
import { MAX_SCOPE_STRING, grantListProblems } from "../../../provider/domain/grants";

/** Distinct scope names joining (with single spaces) to exactly `length` characters. */
function scopesOf(length: number): string[] {
  const scopes: string[] = [];
  let used = -1;
  for (let i = 0; used + 1 + 12 <= length - 13; i++) {
    scopes.push(`Scope${String(i).padStart(6, "0")}.A`.slice(0, 12)); // 12 characters each
    used += 13;
  }
  scopes.push("X".repeat(length - used - 1));
  return scopes;
}

test.each([
  [3850, []],
  [
    3851,
    [
      expect.stringMatching(
        /3851 characters together, over the 3850-character limit Microsoft Graph documents/,
      ),
    ],
  ],
])("scopes joining to %i characters", (length, expected) => {
  const scopes = scopesOf(length);
  expect(scopes.join(" ")).toHaveLength(length);
  expect(new Set(scopes).size).toBe(scopes.length);
  const problems = grantListProblems([
    { enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scopes },
  ]);
  expect(problems.map((p) => p.message)).toEqual(expected);
  expect(MAX_SCOPE_STRING).toBe(3850);
});
