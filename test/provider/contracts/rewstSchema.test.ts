import * as fs from "fs";
import * as path from "path";

import {
  type GraphQLNamedType,
  type IntrospectionQuery,
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  parse,
  printType,
  validate,
} from "graphql";

import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../emulator/state/seed";
import { describeStreamError } from "../../../provider/clients/rewstConsentStream";
import {
  CONSENT_FAILURE_TYPE,
  CONSENT_SUCCESS_TYPE,
  REWST_OPERATIONS,
  consentOutcome,
} from "../../../provider/contracts/rewst";
import { rewstSdl } from "../../../provider/contracts/rewstSchema";
import { apiClient } from "../../support/emulatorClients";

const schema = buildSchema(rewstSdl());
const PROVIDER = path.join(__dirname, "../../../provider");

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(file);
    else if (file.endsWith(".ts")) yield file;
  }
}

describe("Rewst's SDL is the contract", () => {
  test.each(Object.entries(REWST_OPERATIONS))("%s validates against Rewst's schema", (_name, document) => {
    const errors = validate(schema, parse(document)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  test("the first release's consent document is refused (the check can fail)", () => {
    const wrong = REWST_OPERATIONS.consentRequest.replace(
      "MicrosoftCSPConsentStreamSuccessResponse",
      "MicrosoftCSPConsentSuccessResponse",
    );
    expect(
      validate(schema, parse(wrong))
        .map((e) => e.message)
        .join("\n"),
    ).toMatch(/Unknown type "MicrosoftCSPConsentSuccessResponse"/);
  });

  test("no GraphQL document is written anywhere in the provider but in REWST_OPERATIONS", () => {
    const operation = /[`"]\s*(query|mutation|subscription)\b[^`"]*\{/;
    const elsewhere = [...sourceFiles(PROVIDER)].filter(
      (file) =>
        !file.endsWith(path.join("contracts", "rewst.ts")) && operation.test(fs.readFileSync(file, "utf8")),
    );
    expect(elsewhere).toEqual([]);
  });
});

describe("the emulator serves Rewst's SDL", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: generateSeed({ customerCount: 1 }) });
  });
  afterAll(() => emulator.stop());

  test("every type of the SDL prints the same from the emulator's introspection", async () => {
    const res = await apiClient(emulator).post(
      "/graphql",
      { query: getIntrospectionQuery() },
      { headers: { cookie: `appSession=${ids.rewstSessionCookie}` } },
    );
    const served = buildClientSchema((res.data as { data: IntrospectionQuery }).data);
    const types = Object.values(schema.getTypeMap()).filter(
      (t: GraphQLNamedType) => !t.name.startsWith("__"),
    );
    expect(types.length).toBeGreaterThan(15);
    for (const type of types) {
      const mine = served.getType(type.name);
      expect({ type: type.name, printed: mine ? printType(mine) : "missing" }).toEqual({
        type: type.name,
        printed: printType(type),
      });
    }
  });

  test("a document with the first release's type names is refused by the emulator", async () => {
    const res = await apiClient(emulator).post(
      "/graphql",
      { query: "query { me { id } } fragment F on MicrosoftCSPConsentSuccessResponse { didSucceed }" },
      { headers: { cookie: `appSession=${ids.rewstSessionCookie}` } },
    );
    const errors = (res.data as { errors: { message: string }[] }).errors.map((e) => e.message);
    expect(errors.join("\n")).toMatch(/Unknown type "MicrosoftCSPConsentSuccessResponse"/);
  });
});

describe("consent stream outcomes and errors", () => {
  const message = (fields: object) => ({ __typename: "MicrosoftCSPConsentStreamMessage", ...fields });
  test("success, failure, errors in messages, and a stream without a result", () => {
    expect(
      consentOutcome([message({ event: "STARTED" }), { __typename: CONSENT_SUCCESS_TYPE, didSucceed: true }]),
    ).toEqual({
      outcome: "succeeded",
    });
    expect(
      consentOutcome([
        message({ errors: ["GDAP missing"] }),
        { __typename: CONSENT_FAILURE_TYPE, errors: ["GDAP missing"] },
      ]),
    ).toEqual({ outcome: "failed", errors: ["GDAP missing"] });
    expect(consentOutcome([{ __typename: CONSENT_SUCCESS_TYPE, didSucceed: false }])).toEqual({
      outcome: "failed",
      errors: [],
    });
    expect(consentOutcome([message({ errors: ["tenant refused"], isFinished: true })])).toEqual({
      outcome: "failed",
      errors: ["tenant refused"],
    });
    expect(
      consentOutcome([message({ event: "DONE", isFinished: true }), { __typename: "SomeFutureEvent" }]),
    ).toEqual({
      outcome: "unknown",
    });
  });

  test("graphql-ws error arrays, close events and errors become Rewst's words", () => {
    expect(
      describeStreamError([
        { message: 'Cannot query field "x" on type "Y".' },
        { message: "Not Authorized", extensions: { code: "AUTH_ERR" } },
      ]),
    ).toBe('Cannot query field "x" on type "Y".; Not Authorized (AUTH_ERR)');
    expect(describeStreamError({ code: 4403, reason: "Forbidden" })).toBe(
      "connection closed with code 4403 (Forbidden)",
    );
    expect(describeStreamError(new Error("socket hang up"))).toBe("socket hang up");
  });
});
