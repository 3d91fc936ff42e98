/**
 * A world as the real services show it, on the real engine with the emulator's defaults (replication
 * delays, GDAP role enforcement): among 30 customers a pending GDAP invite, a reseller relationship, a
 * relationship without a consent-capable role, a managed identity named like the connector, a disabled
 * connector principal, and upper-case tenant ids in the mappings file.
 */
import * as fs from "fs";
import * as path from "path";

import { stringify } from "yaml";

import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { REPO_ROOT } from "./support/engine";
import { emulatorWorkspace } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(600_000);

const STACK = "fidelity";
const CONNECTOR = ids.rewstCspConnectorAppId;
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const PENDING = 5; // a GDAP invite awaiting approval: mapped, no consent
const RESELLER = 6; // an indirect reseller's relationship
const NO_ROLE = 7; // active GDAP with Directory Readers only
const NAMESAKE = 8; // a managed identity named "Rewst CSP Connector"
const DISABLED = 9; // the connector is there, consented, but disabled

describe("the real services' odd corners, on the real engine", () => {
  const seed = generateSeed({
    customerCount: 30,
    customers: {
      [PENDING]: { gdap: "approvalPending" },
      [RESELLER]: { gdapKind: "reseller" },
      [NO_ROLE]: { gdapRoles: [DIRECTORY_ROLES.directoryReaders.id] },
      [NAMESAKE]: {
        servicePrincipals: [
          {
            appId: "b1d2c3e4-0000-4000-8000-00000000abcd",
            displayName: "Rewst CSP Connector",
            servicePrincipalType: "ManagedIdentity",
          },
        ],
      },
      [DISABLED]: {
        servicePrincipals: [
          {
            appId: CONNECTOR,
            displayName: "Rewst CSP Connector",
            accountEnabled: false,
            graphScope: "Directory.Read.All User.Read",
          },
        ],
      },
    },
  });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const writes = () => emulator.control.requestLog.filter((e) => e.write);

  /** The mappings file: odd customers' tenant ids in upper case, as pasted from a portal. */
  const writeMappings = (consentFor: (n: number) => boolean) =>
    fs.writeFileSync(
      path.join(ws.dir, "mappings.yaml"),
      stringify({
        consentDefaults: {
          applicationId: CONNECTOR,
          displayName: "Rewst CSP Connector",
          via: "partnerCenter",
          grantProfile: "connector",
        },
        grantProfiles: {
          connector: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All", "User.Read"] }],
        },
        enterpriseApplications: [
          { name: "rewst-prod", tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId },
        ],
        customers: seed.customers.map((c, i) => ({
          name: `customer-${i + 1}`,
          tenantId: i % 2 === 0 ? c.tenantId.toUpperCase() : c.tenantId,
          companyName: c.companyName,
          organizations: [seed.rewst.organizations[i].id],
          ...(consentFor(i + 1) ? { consent: {} } : {}),
        })),
      }),
    );

  useEmulatorStack({ seed, workspace: (e) => emulatorWorkspace("mappings", STACK, e) }, (started) => {
    ({ emulator, ws } = started);
  });

  test("up, then preview --refresh --expect-no-changes passes; the disabled principal is a policy violation", async () => {
    writeMappings((n) => n !== PENDING && n !== NO_ROLE);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);

    const state = emulator.control.exportState();
    const consented = state.consents
      .filter((c) => c.applicationId === CONNECTOR)
      .map((c) => c.customerTenantId);
    // 28 consents declared; the disabled connector's was adopted, not granted again.
    expect(consented.length).toBe(27);
    expect(consented).not.toContain(tenant(DISABLED));
    expect(state.rewst.cspCustomers.filter((c) => c.linkedOrganizationIds.length === 1)).toHaveLength(30);

    const checked = await ws.pulumi([
      "preview",
      "--refresh",
      "--policy-pack",
      path.join(REPO_ROOT, "policies"),
      "--stack",
      STACK,
    ]);
    expect(checked.code).not.toBe(0);
    expect(checked.output).toMatch(
      new RegExp(`csp-connector-sp-present[\\s\\S]*Customer 009 Ltd \\(${tenant(DISABLED)}\\) is disabled`),
    );
    // The managed identity is not a leftover connector.
    expect(checked.output).not.toMatch(/Customer 008 Ltd[^\n]*(leftover|stale)/);
  });

  test("a consent for the customer without a role that can consent fails preview naming the roles that would; nothing is written", async () => {
    writeMappings((n) => n !== PENDING);
    emulator.control.requestLog.length = 0;
    const preview = await ws.pulumi(["preview", "--stack", STACK]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(
      new RegExp(
        `consent-${tenant(NO_ROLE)}[\\s\\S]*GDAP with tenant ${tenant(NO_ROLE)} gives the partner user no role that can grant a CPV application consent \\(Partner Center applicationconsents\\): needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator \\(holds Directory Readers;`,
      ),
    );
    const up = await ws.pulumi(["up", "--yes", "--stack", STACK]);
    expect(up.code).not.toBe(0);
    expect(writes()).toEqual([]);
  });
});
