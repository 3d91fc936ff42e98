import { z } from "zod";

import type { ConfigLookup } from "./configSource";
import { CONFIG_NAMESPACE } from "./configSource";
import { GUID_PATTERN } from "../contracts/identifiers";
import { REWST_APP_GENERATIONS } from "../appIds";
import { packConfigIdSchema } from "../domain/identifiers";
import { ENDPOINT_DEFAULTS, caProblems, endpointProblems } from "./endpoints";
import { ProviderError } from "../errors";

const guid = z.string().regex(GUID_PATTERN, {
  error: "must be a GUID like 00000000-0000-0000-0000-000000000000",
});
const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https URL" });
const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .positive({ error: "must be positive" })
    .default(fallback);

/**
 * Every provider setting, read as `rewst-csp:<key>` from stack config. Secrets (marked) must be set
 * with `pulumi config set --secret`. Each resource validates the keys it needs (see {@link CONFIG_KEYS}).
 */
export const providerConfigSchema = z.object({
  // Microsoft: secure application model of the MSP's own partner app.
  partnerTenantId: guid.describe("the MSP's (partner) Entra tenant id"),
  partnerAppId: guid.describe("application (client) id of the MSP's secure-application-model app"),
  partnerAppSecret: z.string().min(1).describe("secret: client secret of that app"),
  partnerRefreshToken: z.string().min(1).describe("secret: refresh token of the partner admin for that app"),
  authorityHost: httpsUrl.default(ENDPOINT_DEFAULTS.authorityHost),
  partnerCenterUrl: httpsUrl.default(ENDPOINT_DEFAULTS.partnerCenterUrl),
  graphUrl: httpsUrl.default(ENDPOINT_DEFAULTS.graphUrl),
  /** PEM file of an extra CA to trust (the emulator's, or a TLS-inspecting proxy's). */
  caCertificatePath: z.string().min(1).optional(),
  partnerCenterRequestsPerSecond: positiveInt(50),
  consentPropagationTimeoutSeconds: positiveInt(60),
  maxRetries: positiveInt(6),
  /** One call with all its retries gives up after this long (throttling included). */
  requestDeadlineSeconds: positiveInt(300),
  /** A Retry-After beyond this is not waited for: the call fails at once, quoting it. */
  maxRetryAfterSeconds: positiveInt(120),
  /** Every provider operation (create, read, update, delete, check, diff) ends by then, whatever it waits for. */
  operationTimeoutSeconds: positiveInt(900),
  /** Rewst's consent stream fails when it has not finished within this long. */
  consentStreamTimeoutSeconds: positiveInt(300),
  /**
   * What a consent changed out of band in the customer tenant (principal deleted, scopes edited)
   * becomes: "repair" plans a new consent; "report" leaves the plan alone so the policy pack reports
   * it, for MSPs who want a human to decide (a customer may have removed the app on purpose).
   */
  consentDrift: z.enum(["repair", "report"], { error: 'must be "repair" or "report"' }).default("repair"),
  /**
   * App ids of the integration's earlier generations (comma-separated): in a tenant consented to
   * the current bundle app, their principals are reported as leftovers. Defaults: Rewst's (UNCONFIRMED).
   */
  legacyAppIds: z
    .string()
    .default(REWST_APP_GENERATIONS.legacy.join(","))
    .transform((list) => list.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(guid)),

  /**
   * UNCONFIRMED whether GDAP gives roles to members of a group nested in the assigned security
   * group: "count" judges them (and the gdap-advice policy says when the gate relied on one);
   * "ignore" counts direct memberships only. A wrong "count" costs a failed write with Microsoft's
   * own 403 and nothing else; a wrong "ignore" would refuse working fleets at preview.
   */
  gdapNestedGroups: z.enum(["count", "ignore"], { error: 'must be "count" or "ignore"' }).default("count"),
  /**
   * Microsoft's CPV-under-GDAP guidance wants the consenting partner user in AdminAgents; whether
   * Partner Center refuses without it is UNCONFIRMED: "advise" says so at preview (gdap-advice),
   * "refuse" fails the consent's check, "off" does not look.
   */
  adminAgentsCheck: z
    .enum(["advise", "refuse", "off"], { error: 'must be "advise", "refuse" or "off"' })
    .default("advise"),

  // Rewst.
  rewstGraphqlUrl: httpsUrl.default(ENDPOINT_DEFAULTS.rewstGraphqlUrl),
  rewstSubscriptionsUrl: z.url({ protocol: /^wss$/, error: "must be a wss URL" }).optional(),
  rewstCookie: z.string().min(1).optional().describe("secret: Rewst session cookie value"),
  rewstCookieName: z.string().min(1).default("appSession"),
  rewstApiToken: z.string().min(1).optional().describe("secret: Rewst API bearer token"),
  cspPackConfigId: packConfigIdSchema.optional(),

  /** Lets endpoint settings name hosts other than Microsoft's clouds, Rewst's regions and loopback. */
  allowCustomEndpoints: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
});

export type ProviderConfig = z.infer<typeof providerConfigSchema>;
type Key = keyof ProviderConfig;

/** Keys each resource needs; a resource validates exactly these. */
export const CONFIG_KEYS = {
  microsoft: [
    "partnerTenantId",
    "partnerAppId",
    "partnerAppSecret",
    "partnerRefreshToken",
    "authorityHost",
    "partnerCenterUrl",
    "graphUrl",
    "caCertificatePath",
    "partnerCenterRequestsPerSecond",
    "consentPropagationTimeoutSeconds",
    "maxRetries",
    "requestDeadlineSeconds",
    "maxRetryAfterSeconds",
    "consentDrift",
    "legacyAppIds",
    "allowCustomEndpoints",
    "gdapNestedGroups",
    "adminAgentsCheck",
  ],
  rewst: [
    "rewstGraphqlUrl",
    "rewstSubscriptionsUrl",
    "rewstCookie",
    "rewstCookieName",
    "rewstApiToken",
    "cspPackConfigId",
    "caCertificatePath",
    "maxRetries",
    "requestDeadlineSeconds",
    "maxRetryAfterSeconds",
    "consentStreamTimeoutSeconds",
    "allowCustomEndpoints",
  ],
} as const satisfies Record<string, readonly Key[]>;

/** Keys whose values are secrets: never echoed, and they must come from secret config. */
export const SECRET_KEYS: readonly Key[] = [
  "partnerAppSecret",
  "partnerRefreshToken",
  "rewstCookie",
  "rewstApiToken",
];

/**
 * Credentials a run may bring in its environment instead of stack config, e.g. a CI step that holds
 * a read-only credential set for pull-request drift checks, or the apply step that holds the real
 * one, so that the stack's passphrase no longer unlocks any credential. Set, they win over config.
 */
export const CREDENTIAL_ENVIRONMENT: Partial<Record<Key, string>> = {
  partnerAppId: "REWST_CSP_PARTNER_APP_ID",
  partnerAppSecret: "REWST_CSP_PARTNER_APP_SECRET",
  partnerRefreshToken: "REWST_CSP_PARTNER_REFRESH_TOKEN",
  rewstApiToken: "REWST_CSP_REWST_API_TOKEN",
  rewstCookie: "REWST_CSP_REWST_COOKIE",
};

const fromEnvironment = (key: Key): string | undefined => {
  const name = CREDENTIAL_ENVIRONMENT[key];
  const value = name ? process.env[name] : undefined;
  return value ? value : undefined;
};

/**
 * Reads and validates the given settings.
 *
 * @throws ProviderError `CONFIG_INVALID` naming each bad key and what it should look like; values are
 *   never echoed, since some are secrets.
 */
export function loadProviderConfig<K extends Key>(
  lookup: ConfigLookup,
  keys: readonly K[],
): Pick<ProviderConfig, K> {
  const mask: Partial<Record<Key, true>> = {};
  for (const key of keys) mask[key] = true;
  const picked = providerConfigSchema.pick(mask);
  const raw = Object.fromEntries(
    keys.map((key) => [key, fromEnvironment(key) ?? lookup(`${CONFIG_NAMESPACE}:${key}`)]),
  );
  const result = picked.safeParse(raw);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? "");
        const description = providerConfigSchema.shape[key as Key]?.description;
        const message = raw[key] === undefined ? "is required" : issue.message;
        const source = fromEnvironment(key as Key) ? ` (from ${CREDENTIAL_ENVIRONMENT[key as Key]})` : "";
        return `  - ${CONFIG_NAMESPACE}:${key}${source} ${message}${description ? ` (${description})` : ""}`;
      });
  const data = (result.success ? result.data : {}) as Partial<ProviderConfig>;
  if (keys.includes("rewstCookie" as K) && result.success && !data.rewstCookie && !data.rewstApiToken) {
    problems.push(
      `  - ${CONFIG_NAMESPACE}:rewstCookie or ${CONFIG_NAMESPACE}:rewstApiToken is required (secret Rewst credentials)`,
    );
  }
  if (result.success && !data.allowCustomEndpoints)
    problems.push(
      ...[...endpointProblems(data), ...caProblems(data)].map((line) => `  - ${CONFIG_NAMESPACE}:${line}`),
    );
  if (problems.length > 0) {
    throw new ProviderError(
      "CONFIG_INVALID",
      `provider configuration is invalid:\n${problems.join("\n")}\nSet the keys with \`pulumi config set\` (secrets with --secret).`,
    );
  }
  return data as Pick<ProviderConfig, K>;
}
