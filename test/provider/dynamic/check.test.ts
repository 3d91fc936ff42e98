import { checkInputs } from "../../../provider/dynamic/check";
import { UNKNOWN_INPUT } from "../../../provider/dynamic/unknowns";
import { cpvConsentInputsSchema } from "../../../provider/resources/cpvConsent/schema";
import { remoteRecordInputsSchema } from "../../fixtures/skeleton/schema";

describe("checkInputs", () => {
  test("valid inputs pass through unchanged", () => {
    expect(checkInputs(remoteRecordInputsSchema, { key: "alpha", value: "one" })).toEqual({
      inputs: { key: "alpha", value: "one" },
    });
  });

  test("each bad field becomes a failure naming the property and the expectation", () => {
    const result = checkInputs(remoteRecordInputsSchema, { key: "Not Valid", owner: "" });
    expect(result.failures).toEqual(
      expect.arrayContaining([
        { property: "key", reason: expect.stringContaining("lowercase letters") as string },
        { property: "value", reason: "is required" },
        { property: "owner", reason: "must not be empty" },
      ]),
    );
  });

  test("unknown fields are rejected by name", () => {
    const result = checkInputs(remoteRecordInputsSchema, { key: "a", value: "b", colour: "red" });
    expect(result.failures).toEqual([{ property: "colour", reason: "is not an input of this resource" }]);
  });

  test("values unknown deep inside inputs are not judged either", () => {
    const result = checkInputs(cpvConsentInputsSchema, {
      customerTenantId: "11111111-1111-1111-1111-111111111111",
      applicationId: "22222222-2222-2222-2222-222222222222",
      displayName: "App",
      grants: [
        {
          enterpriseApplicationId: "33333333-3333-3333-3333-333333333333",
          scopes: [UNKNOWN_INPUT, "User.Read"],
        },
      ],
    });
    expect(result.failures).toBeUndefined();
  });

  test("values unknown during preview are not judged", () => {
    expect(
      checkInputs(remoteRecordInputsSchema, { key: UNKNOWN_INPUT, value: "v" }).failures,
    ).toBeUndefined();
  });
});
