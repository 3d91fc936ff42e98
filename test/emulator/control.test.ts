import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { emulatorStateSchema } from "../../emulator/state/model";
import { graphErrorSchema, servicePrincipalSchema } from "../../provider/contracts/graph";
import { apiClient, delegatedToken } from "../support/emulatorClients";

const seed = generateSeed({ customerCount: 2 });

describe("emulator state and control", () => {
  test("state persists across restarts in the data folder; reset returns to the seed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-persist-"));
    let emulator: RunningEmulator = await startEmulator({ seed, dataDir });
    emulator.control.drift({
      kind: "deleteServicePrincipal",
      tenantId: ids.partnerTenantId,
      appId: ids.rewstProdAppId,
    });
    await emulator.stop();

    emulator = await startEmulator({ seed, dataDir });
    try {
      expect(fs.readdirSync(dataDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      const persisted = emulatorStateSchema.parse(
        JSON.parse(fs.readFileSync(path.join(dataDir, "state.json"), "utf8")),
      );
      expect(persisted.servicePrincipals.some((sp) => sp.appId === ids.rewstProdAppId)).toBe(false);
      const control = apiClient(emulator);
      expect((await control.post("/_emulator/reset")).status).toBe(204);
      const state = emulatorStateSchema.parse((await control.get("/_emulator/state")).data);
      expect(state.servicePrincipals.some((sp) => sp.appId === ids.rewstProdAppId)).toBe(true);
    } finally {
      await emulator.stop();
    }
  });

  test("drift: a re-created service principal gets a new object id; unknown targets are 404", async () => {
    const emulator = await startEmulator({ seed });
    try {
      const graph = apiClient(emulator, await delegatedToken(emulator, ids.partnerTenantId));
      const before = servicePrincipalSchema.parse(
        (await graph.get(`/v1.0/servicePrincipals(appId='${ids.rewstProdAppId}')`)).data,
      );
      const control = apiClient(emulator);
      expect(
        (
          await control.post("/_emulator/drift", {
            kind: "recreateServicePrincipal",
            tenantId: ids.partnerTenantId,
            appId: ids.rewstProdAppId,
          })
        ).status,
      ).toBe(204);
      const after = servicePrincipalSchema.parse(
        (await graph.get(`/v1.0/servicePrincipals(appId='${ids.rewstProdAppId}')`)).data,
      );
      expect(after.id).not.toBe(before.id);
      expect(
        (
          await control.post("/_emulator/drift", {
            kind: "disableServicePrincipal",
            tenantId: ids.partnerTenantId,
            appId: "nope",
          })
        ).status,
      ).toBe(404);
      expect((await control.post("/_emulator/drift", { kind: "bogus" })).status).toBe(400);
    } finally {
      await emulator.stop();
    }
  });

  test("faults per route and the request log", async () => {
    const emulator = await startEmulator({ seed });
    try {
      const graph = apiClient(emulator, await delegatedToken(emulator, ids.partnerTenantId));
      const control = apiClient(emulator);
      expect(
        (
          await control.put("/_emulator/faults", [
            {
              route: "^graph\\.servicePrincipals\\.list$",
              kind: "status",
              status: 429,
              retryAfterSeconds: 2,
              times: 1,
            },
          ])
        ).status,
      ).toBe(204);
      const throttled = await graph.get("/v1.0/servicePrincipals");
      expect(throttled.status).toBe(429);
      expect(throttled.headers["retry-after"]).toBe("2");
      expect((throttled.data as { error: { code: string } }).error.code).toBe("TooManyRequests");
      expect((await graph.get("/v1.0/servicePrincipals")).status).toBe(200);

      emulator.control.setFaults([{ route: "^graph\\.", kind: "drop", probability: 1 }]);
      await expect(graph.get("/v1.0/servicePrincipals")).rejects.toThrow(/socket hang up|ECONNRESET/);
      emulator.control.setFaults([]);

      const log = (await control.get("/_emulator/requests")).data as {
        route: string;
        status: number;
        tenant: string | null;
        latencyMs: number;
      }[];
      const graphCalls = log.filter((entry) => entry.route === "graph.servicePrincipals.list");
      expect(graphCalls.map((entry) => entry.status)).toEqual([429, 200]);
      expect(graphCalls[1].tenant).toBe(ids.partnerTenantId);
      expect(log.find((entry) => entry.route === "identity.token")?.tenant).toBe(ids.partnerTenantId);
    } finally {
      await emulator.stop();
    }
  });

  test("malformed requests get the API's error, never a crash", async () => {
    const emulator = await startEmulator({ seed });
    try {
      const client = apiClient(emulator, await delegatedToken(emulator, ids.partnerTenantId));
      const badJson = await client.post("/v1.0/$batch", "{not json", {
        headers: { "content-type": "application/json" },
      });
      expect(badJson.status).toBe(400);
      expect(graphErrorSchema.parse(badJson.data).error.code).toBe("BadRequest");
      expect((await client.post("/graphql", "nope")).status).toBe(400);
      expect((await client.get("/v1.0/nowhere")).status).toBe(404);
      expect((await client.get("/v1.0/servicePrincipals?$filter=foo")).status).toBe(400);
      expect((await client.get("/v1.0/servicePrincipals")).status).toBe(200);
    } finally {
      await emulator.stop();
    }
  });

  test("customers added to a running world: the next generated ones, reachable through GDAP, listed by Rewst", async () => {
    const emulator = await startEmulator({ seed });
    try {
      const control = apiClient(emulator);
      const added = await control.post("/_emulator/customers", { count: 2 });
      const expected = generateSeed({ customerCount: 4 }).customers.slice(2);
      expect([added.status, added.data]).toEqual([201, { tenantIds: expected.map((c) => c.tenantId) }]);
      const state = emulatorStateSchema.parse((await control.get("/_emulator/state")).data);
      expect(state.rewst.cspCustomers.map((c) => c.companyName)).toEqual([
        "Customer 001 Ltd",
        "Customer 002 Ltd",
        "Customer 003 Ltd",
        "Customer 004 Ltd",
      ]);
      expect(state.rewst.organizations.filter((o) => o.name === "Customer 004 Ltd")).toHaveLength(1);
      // The partner user reads the new tenant through its GDAP relationship, as in any seeded one.
      const graph = apiClient(emulator, await delegatedToken(emulator, expected[1].tenantId));
      const sp = await graph.get(`/v1.0/servicePrincipals(appId='${ids.mspAppId}')`);
      expect([sp.status, servicePrincipalSchema.parse(sp.data).appId]).toEqual([200, ids.mspAppId]);
      expect((await control.post("/_emulator/customers", { count: 0 })).status).toBe(400);
    } finally {
      await emulator.stop();
    }
  });
});
