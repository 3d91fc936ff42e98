import * as https from "https";

import { ConfidentialClientApplication } from "@azure/msal-node";
import axios, { type AxiosInstance } from "axios";

import { createNetworkClient, offlineAuthorityOptions } from "../../provider/auth/networkClient";
import { AUDIENCES } from "../../provider/contracts/identity";
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES } from "../../emulator/state/seed";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Every URL a test client requested; tests assert none left loopback. */
export const requestedUrls: URL[] = [];

export function loopbackGuard(url: URL): void {
  requestedUrls.push(url);
  if (!LOOPBACK.has(url.hostname)) throw new Error(`refusing non-loopback request to ${url.origin}`);
}

/** The MSP's secure-application-model app, as real msal-node, pointed at the emulator. */
export function mspApp(
  emulator: RunningEmulator,
  secret: string = DEFAULT_IDENTITIES.mspAppSecret,
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: DEFAULT_IDENTITIES.mspAppId,
      clientSecret: secret,
      authority: `${emulator.url}/${DEFAULT_IDENTITIES.partnerTenantId}`,
      ...offlineAuthorityOptions(emulator.url),
    },
    system: { networkClient: createNetworkClient({ ca: emulator.ca, onRequest: loopbackGuard }) },
  });
}

/** A delegated (GDAP) token of the partner user for a tenant and resource. */
export async function delegatedToken(
  emulator: RunningEmulator,
  tenantId: string,
  audience: string = AUDIENCES.graph,
): Promise<string> {
  const result = await mspApp(emulator).acquireTokenByRefreshToken({
    refreshToken: DEFAULT_IDENTITIES.partnerRefreshToken,
    scopes: [`${audience}/.default`],
    authority: `${emulator.url}/${tenantId}`,
  });
  if (!result) throw new Error("no token");
  return result.accessToken;
}

/** axios trusting the emulator's CA, never throwing on status, refusing non-loopback URLs. */
export function apiClient(emulator: RunningEmulator, token?: string): AxiosInstance {
  const client = axios.create({
    baseURL: emulator.url,
    httpsAgent: new https.Agent({ ca: emulator.ca }),
    validateStatus: () => true,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  client.interceptors.request.use((config) => {
    loopbackGuard(new URL(config.url ?? "/", config.baseURL));
    return config;
  });
  return client;
}

export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}
