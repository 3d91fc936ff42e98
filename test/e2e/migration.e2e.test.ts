/**
 * The dynamic → native migration on the real engine: a 20-customer stack declared by the dynamic
 * face moves to the rewst-csp plugin without a single write to any tenant or to Rewst (judged by
 * the emulator's request log), and the drift check then plans nothing.
 */
import * as path from "path";

import { writeSeedMappings } from "../../emulator/seedMappings";
import type { RunningEmulator } from "../../emulator/server";
import { IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { NATIVE_TYPE_TOKENS } from "../../provider/typeTokens";
import { emulatorWorkspace, setFixture, writesSince } from "./support/cspStack";
import { useEmulatorStack } from "./support/emulatorStack";
import type { PulumiWorkspace } from "./support/workspace";

jest.setTimeout(600_000);

const STACK = "migration";
const CUSTOMERS = 20;

interface Exported {
  deployment: {
    resources: {
      urn: string;
      type: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
  };
}

describe("rewst-csp migrate-to-native on a 20-customer stack", () => {
  const seed = generateSeed({ customerCount: CUSTOMERS, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  let dynamicState: Exported;
  const exported = async () =>
    JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout) as Exported;
  const cspTypes = (state: Exported) =>
    state.deployment.resources
      .map((r) => r.type)
      .filter((t) => t.includes("rewst-csp:") && !t.includes("providers"));
  const migrate = (...flags: string[]) => ws.rewstCsp(["migrate-to-native", "--stack", STACK, ...flags]);

  useEmulatorStack({ seed, workspace: (e) => emulatorWorkspace("mappings", STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    writeSeedMappings(path.join(ws.dir, "mappings.yaml"), seed);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    dynamicState = await exported();
    // 20 consents, 20 links and the Rewst Prod principal, all of the dynamic face.
    expect(cspTypes(dynamicState).filter((t) => t.startsWith("pulumi-nodejs:dynamic/"))).toHaveLength(41);
  });

  test("a program not switched yet is refused, and nothing is applied", async () => {
    const from = emulator.control.requestLog.length;
    const refused = await migrate("--dry-run");
    expect(refused.code).toBe(6);
    expect(refused.stdout).toMatch(/41 resources are still declared by the dynamic face/);
    expect(writesSince(emulator, from)).toEqual([]);
  });

  test("dry run after the switch: every resource would move unchanged; nothing is written or applied", async () => {
    await setFixture(ws, STACK, "face", "native");
    const from = emulator.control.requestLog.length;
    const dryRun = await migrate("--dry-run");
    expect({ code: dryRun.code, stdout: dryRun.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/dry run: 41 resources would move/) as unknown,
    });
    expect(writesSince(emulator, from)).toEqual([]);
    expect(cspTypes(await exported())).toEqual(cspTypes(dynamicState));
  });

  test("the migration writes nothing, leaves no dynamic resource, keeps every declaration; the drift check plans nothing", async () => {
    const from = emulator.control.requestLog.length;
    const migrated = await migrate();
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/moved 41 resources to the rewst-csp plugin/);
    expect(writesSince(emulator, from)).toEqual([]);

    const state = await exported();
    expect(cspTypes(state).every((t) => t in NATIVE_TYPE_TOKENS)).toBe(true);
    expect(cspTypes(state)).toHaveLength(41);
    expect(JSON.stringify(state)).not.toContain("__provider");
    // Each resource keeps what it recorded: the principal it created (offboarding deletes only that).
    const createdBy = (s: Exported): Record<string, unknown> =>
      Object.fromEntries<unknown>(
        s.deployment.resources
          .filter((r) => r.type.endsWith("CpvConsent"))
          .map((r): [string, unknown] => [
            r.urn.split("::").pop() ?? r.urn,
            r.outputs?.createdServicePrincipalObjectId,
          ]),
      );
    expect(createdBy(state)).toEqual(createdBy(dynamicState));
    expect(Object.values(createdBy(state)).every((id) => typeof id === "string" && id !== "")).toBe(true);

    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
    expect(writesSince(emulator, from)).toEqual([]);
    const again = await migrate();
    expect(again.stdout).toMatch(/holds no resource of the dynamic face: nothing to migrate/);
  });
});
