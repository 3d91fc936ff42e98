import type { EngineEvent } from "@pulumi/pulumi/automation";

import { EXIT } from "../../../provider/cli/exitCodes";
import { buildReport } from "../../../provider/cli/report";
import { renderMarkdown } from "../../../provider/cli/reportMarkdown";
import { EXEMPTIONS_TYPE } from "../../../provider/typeTokens";

const NOW = new Date("2026-12-03T09:00:00Z");
const COMPONENT_URN = `urn:pulumi:prod::p::${EXEMPTIONS_TYPE}::policy-exemptions`;

const recorded = (index: number, customer: string, expires: string) => ({
  policy: "csp-connector-sp-present",
  customer,
  reason: `reason ${index}`,
  owner: "platform-team",
  expires,
  index,
  urns: [],
});

/** The events of a preview in which the program declared the exemptions component. */
const events = (exemptions: object[]): EngineEvent[] =>
  [
    {
      resourcePreEvent: {
        metadata: { op: "create", urn: COMPONENT_URN, type: EXEMPTIONS_TYPE, provider: "" },
      },
    },
    {
      resOutputsEvent: {
        metadata: {
          op: "create",
          urn: COMPONENT_URN,
          type: EXEMPTIONS_TYPE,
          provider: "",
          new: { outputs: { exemptions } },
        },
      },
    },
  ].map((event) => ({ sequence: 0, timestamp: 0, ...event }) as unknown as EngineEvent);

describe("rewst-csp report: exemptions", () => {
  const report = buildReport(
    "prod",
    events([
      recorded(2, "*", "2026-12-02"),
      recorded(0, "contoso", "2027-06-30"),
      recorded(1, "fabrikam", "2027-01-02"),
      recorded(3, "northwind", "2026-12-03"),
    ]),
    NOW,
  );

  test("lists every exemption of the stack in file order: active, expiring within 30 days, expired", () => {
    expect(report.exemptions.map((e) => [e.index, e.customer, e.status, e.daysLeft])).toEqual([
      [0, "contoso", "active", 209],
      [1, "fabrikam", "expiring", 30],
      [2, "*", "expired", -1],
      [3, "northwind", "expiring", 0],
    ]);
  });

  test("the component that records them is no planned change (declaring the first plans no drift)", () => {
    expect(report.changes).toEqual([]);
    expect(report.exitCode).toBe(EXIT.clean);
  });

  test("the Markdown lists them with their expiry, owner and reason", () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("### Exemptions (3 active, 2 expiring within 30 days, 1 expired)");
    expect(markdown).toContain(
      "| csp-connector-sp-present | fabrikam | ⏳ until 2027-01-02 (30 days left) | platform-team | reason 1 |",
    );
    expect(markdown).toContain(
      "| csp-connector-sp-present | \\* | ❌ expired on 2026-12-02 | platform-team | reason 2 |",
    );
    expect(markdown).toContain("| csp-connector-sp-present | northwind | ⏳ expires today (2026-12-03) |");
    expect(renderMarkdown(buildReport("prod", [], NOW))).not.toContain("### Exemptions");
  });
});
