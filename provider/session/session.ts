import { createHash } from "crypto";

import type { ConfigLookup } from "../config/configSource";
import { CONFIG_NAMESPACE } from "../config/configSource";
import {
  CONFIG_KEYS,
  CREDENTIAL_ENVIRONMENT,
  type ProviderConfig,
  loadProviderConfig,
  providerConfigSchema,
} from "../config/providerConfig";
import type { CallContext, ResourceImplementation } from "../dynamic/contract";
import { MicrosoftServices, RewstServices } from "./services";

type Key = keyof ProviderConfig;

/**
 * The provider's settings and clients for one stack configuration: settings are validated per group
 * on first use, clients are built on first use, and both are kept for as long as the configuration
 * stays the same. Implementations receive a session, never the raw config lookup.
 */
export class ProviderSession {
  private readonly validated = new Map<string, unknown>();
  private microsoftServices?: MicrosoftServices;
  private rewstServices?: RewstServices;

  constructor(private readonly lookup: ConfigLookup) {}

  /** The given settings, validated (a `CONFIG_INVALID` error names each bad key). */
  settings<K extends Key>(keys: readonly K[]): Pick<ProviderConfig, K> {
    const id = keys.join(",");
    if (!this.validated.has(id)) this.validated.set(id, loadProviderConfig(this.lookup, keys));
    return this.validated.get(id) as Pick<ProviderConfig, K>;
  }

  /** Partner Center, Graph and tokens of the secure application model. */
  get microsoft(): MicrosoftServices {
    this.microsoftServices ??= new MicrosoftServices(this.settings(CONFIG_KEYS.microsoft));
    return this.microsoftServices;
  }

  /** Rewst's GraphQL client and its settings. */
  get rewst(): RewstServices {
    this.rewstServices ??= new RewstServices(this.settings(CONFIG_KEYS.rewst));
    return this.rewstServices;
  }

  /** The MSP's Microsoft CSP pack config, read without building any client. */
  get cspPackConfigId(): string | undefined {
    return this.settings(["cspPackConfigId"]).cspPackConfigId;
  }

  /** The partner tenant where it is configured (a Rewst-only stack may not set it). */
  get partnerTenantIdIfSet(): string | undefined {
    try {
      return this.settings(["partnerTenantId"]).partnerTenantId;
    } catch {
      return undefined;
    }
  }

  get consentDrift(): ProviderConfig["consentDrift"] {
    return this.settings(["consentDrift"]).consentDrift;
  }

  get operationTimeoutSeconds(): number {
    return this.settings(["operationTimeoutSeconds"]).operationTimeoutSeconds;
  }
}

const sessions = new Map<string, ProviderSession>();

/** What identifies a configuration: every provider setting's raw value, credentials from the environment included. */
function fingerprint(lookup: ConfigLookup): string {
  const keys = Object.keys(providerConfigSchema.shape) as Key[];
  const raw = keys.map((key) => [
    key,
    lookup(`${CONFIG_NAMESPACE}:${key}`),
    CREDENTIAL_ENVIRONMENT[key] ? process.env[CREDENTIAL_ENVIRONMENT[key]] : undefined,
  ]);
  // Hashed in memory only: the key never leaves the process and holds no readable secret.
  return createHash("sha256").update(JSON.stringify(raw)).digest("hex");
}

/** The session of a configuration: one per distinct settings fingerprint in a process. */
export function providerSession(lookup: ConfigLookup): ProviderSession {
  const key = fingerprint(lookup);
  let session = sessions.get(key);
  if (!session) {
    session = new ProviderSession(lookup);
    sessions.set(key, session);
  }
  return session;
}

/** A contract method with the session in place of the call context it ends with. */
type WithSession<F> = F extends (...args: [...infer A, CallContext]) => infer R
  ? (...args: [...A, ProviderSession]) => R
  : never;

/** A resource's behaviour, given the session of the stack's configuration (the shim contract, session-based). */
export type SessionImplementation = {
  [K in keyof ResourceImplementation]: WithSession<ResourceImplementation[K]>;
};
