import * as fs from "fs";
import * as path from "path";

import type { z } from "zod";

import { aadstsCode, translateTokenError } from "../../../provider/auth/aadsts";
import {
  delegatedAdminAccessAssignmentSchema,
  delegatedAdminRelationshipSchema,
  graphErrorSchema,
  graphPageSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../../../provider/contracts/graph";
import { tokenErrorSchema } from "../../../provider/contracts/identity";
import { pcCustomerCollectionSchema, pcErrorSchema } from "../../../provider/contracts/partnerCenter";
import { parseWire } from "../../../provider/contracts/wire";
import { PARSERS } from "./parsers";

interface Fixture {
  doc: string;
  parser: string;
  note: string;
  payload: unknown;
}
const dir = path.join(__dirname, "fixtures");
const fixtures: [string, Fixture][] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => [f.replace(/\.json$/, ""), JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Fixture]);
const payload = (name: string) => fixtures.find(([n]) => n === name)![1].payload;
const parse = <T extends z.ZodType>(schema: T, name: string): z.infer<T> => schema.parse(payload(name));

describe("documented Microsoft payloads parse with the project's own parsers", () => {
  test("the corpus has at least 20 payloads, each naming the documentation page it follows", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const [name, f] of fixtures) {
      expect([name, f.doc]).toEqual([name, f.doc.match(/^https:\/\/learn\.microsoft\.com\/\S+$/)?.[0]]);
      expect(Object.keys(PARSERS)).toContain(f.parser);
    }
  });

  test.each(fixtures)("%s", (_name, fixture) => {
    const parsed = parseWire(PARSERS[fixture.parser], fixture.payload, fixture.parser);
    expect(parsed.ok ? "parsed" : parsed.message).toBe("parsed");
  });

  test("what the code reads from them is what the documents say", () => {
    const mixed = parse(graphPageSchema(delegatedAdminRelationshipSchema), "graph-gdap-list-mixed").value;
    expect(mixed.map((r) => [r.status, r.customer.tenantId, r.endDateTime])).toEqual([
      ["active", "52eaad04-13a2-4a2f-9ce8-93a294fadf36", "2024-02-10T11:24:42.3148266Z"],
      ["approvalPending", "4b8a2c11-9f0e-4d7b-a6c5-0e1f2a3b4c5d", null],
    ]);
    const statuses = parse(
      graphPageSchema(delegatedAdminRelationshipSchema),
      "graph-gdap-list-statuses",
    ).value;
    expect(statuses.map((r) => r.status)).toContain("someStatusAddedIn2027");
    expect(statuses[0].customer.tenantId).toBeNull();
    expect(statuses[4].accessDetails.unifiedRoles).toEqual([]);

    const mi = parse(servicePrincipalSchema, "graph-service-principal-managed-identity");
    expect([mi.appDisplayName, mi.servicePrincipalType, mi.accountEnabled]).toEqual([
      null,
      "ManagedIdentity",
      true,
    ]);
    expect(parse(servicePrincipalSchema, "graph-service-principal-disabled").accountEnabled).toBe(false);
    expect(parse(servicePrincipalSchema, "graph-service-principal-select").appRoles).toEqual([]);
    const graphSp = parse(servicePrincipalSchema, "graph-service-principal-resource-app");
    expect(graphSp.oauth2PermissionScopes.map((s) => s.value)).toEqual(["User.Read"]);

    const grants = parse(graphPageSchema(oauth2PermissionGrantSchema), "graph-oauth2-grants-list").value;
    expect(grants[1].scope.split(" ")).toHaveLength(34);

    const assignments = parse(
      graphPageSchema(delegatedAdminAccessAssignmentSchema),
      "graph-gdap-access-assignments",
    );
    expect(assignments.value.map((a) => [a.status, a.accessContainer.accessContainerId])).toEqual([
      ["active", "227a2f44-2682-4831-a021-f8d69a34bcba"],
      ["pending", "869713c9-0b28-4d08-8949-ae07ae1bf528"],
    ]);

    const customers = parse(pcCustomerCollectionSchema, "pc-customers-mixed").items;
    expect(customers.map((c) => [c.companyProfile.tenantId, c.companyProfile.domain])).toEqual([
      ["b44bb1fb-c595-45b0-9e09-d657365580bf", "contoso.onmicrosoft.com"],
      ["c7d8e9f0-1a2b-4c3d-8e5f-6a7b8c9d0e1f", null],
    ]);
    expect(parse(pcCustomerCollectionSchema, "pc-customers-next-page").links?.next?.headers).toEqual([
      { key: "MS-ContinuationToken", value: "AQAAAA==" },
    ]);
  });

  test("error bodies keep their codes however much of them is there", () => {
    expect(parse(graphErrorSchema, "graph-error-not-found").error.code).toBe("Request_ResourceNotFound");
    expect(parse(graphErrorSchema, "graph-error-forbidden").error.code).toBe("Authorization_RequestDenied");
    expect(parse(pcErrorSchema, "pc-error-minimal")).toEqual({
      code: "600026",
      description: "Customer was not found.",
    });
    expect(parse(pcErrorSchema, "pc-error-mfa").code).toBe("900421");
    for (const name of [
      "token-error-no-gdap",
      "token-error-conditional-access",
      "token-error-mfa",
      "token-error-minimal",
    ]) {
      const body = parse(tokenErrorSchema, name);
      expect(aadstsCode(body.error_description)).toBe(body.error_codes[0] ?? 7000215);
    }
    const ca = parse(tokenErrorSchema, "token-error-conditional-access");
    expect(translateTokenError(new Error(ca.error_description), "app", "tenant").code).toBe(
      "AUTH_CONDITIONAL_ACCESS",
    );
  });
});

describe("a payload the code cannot use fails naming the field", () => {
  const cases: [string, z.ZodType, unknown, RegExp][] = [
    [
      "service principal with a numeric appId",
      servicePrincipalSchema,
      { id: "x", appId: 42, displayName: "x" },
      /^sp does not have the documented shape: appId: Invalid input: expected string, received number$/,
    ],
    [
      "GDAP relationship without a status",
      graphPageSchema(delegatedAdminRelationshipSchema),
      { value: [{ id: "r1", customer: { tenantId: "t" } }] },
      /value\[0\]\.status: Invalid input: expected string/,
    ],
    [
      "customer whose tenant id is null",
      pcCustomerCollectionSchema,
      { items: [{ id: "c", companyProfile: { tenantId: null, companyName: "C" } }] },
      /items\[0\]\.companyProfile\.tenantId: Invalid input: expected string, received null/,
    ],
    [
      "grant with a numeric scope",
      graphPageSchema(oauth2PermissionGrantSchema),
      { value: [{ id: "g", clientId: "c", consentType: "AllPrincipals", resourceId: "r", scope: 7 }] },
      /value\[0\]\.scope: Invalid input: expected string, received number/,
    ],
    [
      "access assignment without its group",
      graphPageSchema(delegatedAdminAccessAssignmentSchema),
      { value: [{ id: "a", status: "active", accessDetails: { unifiedRoles: [] } }] },
      /value\[0\]\.accessContainer: Invalid input: expected object, received undefined/,
    ],
    [
      "error body without a code",
      graphErrorSchema,
      { error: { message: "m" } },
      /error\.code: Invalid input/,
    ],
  ];
  test.each(cases)("%s", (_name, schema, body, message) => {
    const parsed = parseWire(schema, body, "sp");
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.message).toMatch(message);
  });
});
