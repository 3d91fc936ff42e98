/**
 * `npm run bench`: throughput of the emulator's Graph GETs (it must not be the bottleneck of a
 * 1,000-tenant run; target >= 2,000 requests/s). Loopback only, bounded in time and count.
 */
import * as https from "https";

import { startEmulator } from "../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../emulator/state/seed";
import { AUDIENCES } from "../provider/contracts/identity";

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const MAX_REQUESTS = 200_000;

function get(agent: https.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: generateSeed({ customerCount: TENANTS }) });
  try {
    const agent = new https.Agent({ ca: emulator.ca, keepAlive: true, maxSockets: CONCURRENCY });
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: ids.mspAppId,
      client_secret: ids.mspAppSecret,
      refresh_token: ids.partnerRefreshToken,
      scope: `${AUDIENCES.graph}/.default`,
    });
    const token = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        `${emulator.url}/${ids.partnerTenantId}/oauth2/v2.0/token`,
        { method: "POST", agent },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve((JSON.parse(body) as { access_token: string }).access_token));
        },
      );
      req.on("error", reject);
      req.end(form.toString());
    });
    const url = `${emulator.url}/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${ids.rewstProdAppId}'`)}`;
    let done = 0;
    let failed = 0;
    const started = performance.now();
    const deadline = started + DURATION_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline && done + failed < MAX_REQUESTS) {
          const status = await get(agent, url, token);
          if (status === 200) done += 1;
          else failed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rps = Math.round(done / seconds);
    process.stdout.write(
      `emulator Graph GET servicePrincipals?$filter=appId (${TENANTS} tenants, concurrency ${CONCURRENCY}): ` +
        `${done} ok, ${failed} failed in ${seconds.toFixed(1)} s = ${rps} requests/s (target >= 2000)\n`,
    );
    agent.destroy();
  } finally {
    await emulator.stop();
  }
}

void main();
