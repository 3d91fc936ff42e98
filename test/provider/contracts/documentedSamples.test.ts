/**
 * Documented samples, copied byte for byte from Microsoft's documentation sources: each fixture in
 * fixtures/documented is the body of the fenced sample stored beside it (`<name>.sample.md`, the
 * block as the source file has it), named with its repository, commit and path in manifest.json,
 * and it parses with the parser the client uses for that answer. Every other fixture says it is
 * constructed, and why.
 */
import * as fs from "fs";
import * as path from "path";

import { z } from "zod";

import {
  batchResponseSchema,
  batchSubResponseSchema,
  delegatedAdminRelationshipSchema,
  graphErrorSchema,
  graphPageSchema,
} from "../../../provider/contracts/graph";
import { parseWire } from "../../../provider/contracts/wire";
import { PARSERS } from "./parsers";

const manifestSchema = z.array(
  z.strictObject({
    name: z.string().regex(/^[a-z0-9-]+$/),
    kind: z.literal("documented"),
    parser: z.string(),
    source: z.strictObject({
      repo: z.string().regex(/^microsoftgraph\/microsoft-graph-docs(-contrib)?$/),
      commit: z.string().regex(/^[0-9a-f]{40}$/),
      path: z.string().regex(/^(api-reference\/v1\.0\/api|concepts)\/[a-z0-9-]+\.md$/),
      sample: z.string().min(1),
    }),
    note: z.string().min(10),
    /** A shortened sample the parser cannot read: a copy with these fields set (path → value) parses. */
    derived: z
      .strictObject({ substituted: z.record(z.string(), z.string()), why: z.string().min(10) })
      .optional(),
  }),
);

const dir = path.join(__dirname, "fixtures", "documented");
const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")));
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");

/** The body of a fenced sample: its lines, less an HTTP status line and headers before a blank line. */
function bodyOf(sample: string): string {
  const lines = sample.replace(/\n$/, "").split("\n");
  expect([lines[0].startsWith("```"), lines.at(-1)]).toEqual([true, "```"]);
  let inner = lines.slice(1, -1);
  if (inner[0]?.startsWith("HTTP/")) inner = inner.slice(inner.indexOf("") + 1);
  return `${inner.join("\n")}\n`;
}

describe("documented samples, copied from Microsoft's documentation sources", () => {
  test("at least 20, each file in the folder listed once, none without its stored sample", () => {
    expect(manifest.length).toBeGreaterThanOrEqual(20);
    const listed = manifest
      .flatMap((m) => [
        `${m.name}.json`,
        `${m.name}.sample.md`,
        ...(m.derived ? [`${m.name}.derived.json`] : []),
      ])
      .sort();
    expect(
      fs
        .readdirSync(dir)
        .filter((f) => f !== "manifest.json")
        .sort(),
    ).toEqual(listed);
  });

  test.each(manifest.map((m) => [m.name, m] as const))(
    "%s equals its source sample and parses",
    (_, entry) => {
      const fixture = read(`${entry.name}.json`);
      expect(fixture).toBe(bodyOf(read(`${entry.name}.sample.md`)));
      let parseable: unknown = JSON.parse(fixture);
      if (entry.derived) {
        // The derived copy differs from the sample in the named fields only.
        const derived: unknown = JSON.parse(read(`${entry.name}.derived.json`));
        const expected: unknown = JSON.parse(fixture);
        for (const [where, value] of Object.entries(entry.derived.substituted)) {
          const keys = where.split(".");
          let node = expected as Record<string, unknown>;
          for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[keys.at(-1)!] = value;
        }
        expect(derived).toEqual(expected);
        parseable = derived;
      }
      const parsed = parseWire(PARSERS[entry.parser], parseable, entry.parser);
      expect(parsed.ok ? "parsed" : parsed.message).toBe("parsed");
    },
  );

  test("what the code reads from the GDAP sample: one customer active and pending as a reseller relationship", () => {
    const page = graphPageSchema(delegatedAdminRelationshipSchema).parse(
      JSON.parse(read("graph-gdap-list.json")),
    );
    const contoso = page.value.filter((r) => r.customer.tenantId === "52eaad04-13a2-4a2f-9ce8-93a294fadf36");
    expect(contoso.map((r) => [r["@odata.type"], r.status, r.endDateTime])).toEqual([
      ["#microsoft.graph.delegatedAdminRelationship", "active", "2024-02-10T11:24:42.3148266Z"],
      ["#microsoft.graph.resellerDelegatedAdminRelationship", "approvalPending", null],
    ]);
  });

  test("the batch sample: each sub-response reads on its own, the 403 with Authorization_RequestDenied among them", () => {
    const batch = batchResponseSchema.parse(JSON.parse(read("graph-batch-response.json")));
    const subs = batch.responses.map((r) => batchSubResponseSchema.parse(r));
    expect(subs.map((s) => [s.id, s.status])).toEqual([
      ["1", 200],
      ["2", 403],
      ["3", 403],
      ["4", 405],
      ["5", 200],
    ]);
    expect(graphErrorSchema.parse(subs[2].body).error.code).toBe("Authorization_RequestDenied");
  });

  test('the throttling sample: innerError status is the string "429"', () => {
    const error = graphErrorSchema.parse(JSON.parse(read("graph-throttled.json")));
    expect([error.error.code, error.error.innerError?.status]).toEqual(["TooManyRequests", "429"]);
  });
});

describe("constructed fixtures say so", () => {
  const constructedDir = path.join(__dirname, "fixtures");
  const files = fs.readdirSync(constructedDir).filter((f) => f.endsWith(".json"));
  test.each(files)("%s is labelled constructed, with the reason no sample serves", (file) => {
    const fixture = z
      .object({ label: z.literal("constructed"), reason: z.string().min(20) })
      .safeParse(JSON.parse(fs.readFileSync(path.join(constructedDir, file), "utf8")));
    expect(fixture.success ? "labelled" : fixture.error.message).toBe("labelled");
  });
});
