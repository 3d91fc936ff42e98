import type { PropertyBag, ResourceImplementation } from "../../../provider/dynamic/contract";
import { nativeProvider, typeOfUrn } from "../../../provider/native/provider";
import { providerSchema } from "../../../provider/native/schema";
import { unwrapSecrets, wrapSecrets } from "../../../provider/native/secrets";
import { packageVersion } from "../../../provider/packageInfo";
import { CPV_CONSENT_TYPE } from "../../../provider/typeTokens";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const URN = "urn:pulumi:dev::proj::rewst-csp:index:Fleet$rewst-csp:index:CpvConsent::consent-1";

describe("native face", () => {
  test("the type of a URN is its last type, under any parent", () => {
    expect(typeOfUrn(URN)).toBe("rewst-csp:index:CpvConsent");
    expect(typeOfUrn("urn:pulumi:dev::proj::rewst-csp:index:ClientMapping::org-1")).toBe(
      "rewst-csp:index:ClientMapping",
    );
  });

  test("secrets are unwrapped for the implementation and wrapped again where they were", () => {
    const { plain, secretKeys } = unwrapSecrets({
      token: secret("s3cr3t"),
      nested: { a: [secret(1)] },
      open: "x",
    });
    expect(plain).toEqual({ token: "s3cr3t", nested: { a: [1] }, open: "x" });
    expect([...secretKeys].sort()).toEqual(["nested", "token"]);
    expect(wrapSecrets({ token: "s3cr3t", open: "x" }, secretKeys)).toEqual({
      token: secret("s3cr3t"),
      open: "x",
    });
  });

  test("dispatches on the token to the dynamic face's implementation, with the configured settings", async () => {
    const seen: { op: string; bag: PropertyBag; setting?: string }[] = [];
    const implementation = {
      create: (inputs: PropertyBag, ctx: { config: (key: string) => string | undefined }) => {
        seen.push({ op: "create", bag: inputs, setting: ctx.config("rewst-csp:graphUrl") });
        return Promise.resolve({ id: "t/a", outs: { ...inputs, status: "active" } });
      },
    } as unknown as ResourceImplementation;
    const provider = nativeProvider(
      { [CPV_CONSENT_TYPE]: implementation },
      (key) => (key === "rewst-csp:graphUrl" ? "https://127.0.0.1:1" : undefined),
      "0.1.0",
      "{}",
    );
    const created = await provider.create!(URN, { customerTenantId: "t", label: secret("hidden") });
    expect(seen).toEqual([
      { op: "create", bag: { customerTenantId: "t", label: "hidden" }, setting: "https://127.0.0.1:1" },
    ]);
    expect(created).toEqual({
      id: "t/a",
      outs: { customerTenantId: "t", label: secret("hidden"), status: "active" },
    });
    await expect(provider.create!("urn:pulumi:dev::proj::rewst-csp:index:Nope::n", {})).rejects.toThrow(
      /IMPLEMENTATION_NOT_FOUND.*no resource rewst-csp:index:Nope/,
    );
  });

  test("the schema is generated from the zod declarations: required inputs, secret settings, nested types", () => {
    const schema = providerSchema("0.1.0");
    const consent = schema.resources["rewst-csp:index:CpvConsent"];
    expect(consent.requiredInputs).toEqual(["applicationId", "customerTenantId", "displayName", "grants"]);
    expect(consent.inputProperties.grants).toEqual({
      type: "array",
      items: { $ref: "#/types/rewst-csp:index:CpvConsentGrantsItem" },
      description: "Per resource application: the delegated scopes and app roles the consent grants.",
    });
    // Descriptions come from the zod declarations, on inputs and on what state records.
    expect(consent.properties.via.description).toMatch(/^How the consent is made/);
    expect(consent.properties.createdServicePrincipalObjectId.description).toMatch(/never deleted/);
    expect(consent.properties.status).toMatchObject({ type: "string" });
    expect(schema.types["rewst-csp:index:CpvConsentGrantsItem"].required).toEqual([
      "enterpriseApplicationId",
    ]);
    expect(schema.config.variables.partnerRefreshToken).toMatchObject({ type: "string", secret: true });
    expect(schema.config.variables.graphUrl.secret).toBeUndefined();
  });
});

describe("schema.json", () => {
  test("the committed schema is what the zod declarations generate (npm run schema writes it)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const committed = require("../../../provider/native/schema.json") as object;
    expect(committed).toEqual(providerSchema(packageVersion()));
  });
});
