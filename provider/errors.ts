/**
 * The errors this package raises: one stable code each, and what to do about it (the AADSTS table
 * in auth/aadsts.ts is the model). Messages say what happened in this call; hints say what fixes
 * the kind of problem. Neither ever contains a secret value.
 */
export const ERROR_HINTS = {
  CONFIG_INVALID:
    "set the named keys with `pulumi config set` (secrets with --secret) or the REWST_CSP_* environment variables",
  MAPPINGS_INVALID: "fix the mappings file at the lines named; nothing was applied",
  USAGE: "run `rewst-csp` with a command and the options its usage lists",
  FILE_EXISTS: "review the changes listed, then run again with --force to replace the file",
  PROJECT_NOT_EMPTY: "run `rewst-csp init` in an empty folder (or name a new one: rewst-csp init <dir>)",
  EMULATOR_NOT_FOUND:
    "start the emulator first (npx rewst-csp emulator), then run init again with the same --emulator-dir",
  IMPLEMENTATION_NOT_FOUND:
    "install pulumi-rewst-csp in the Pulumi program's folder (npm install pulumi-rewst-csp)",
  PACKAGE_INCOMPLETE: "reinstall pulumi-rewst-csp; a file the package ships is missing",
  AUTH_NO_CONSENT:
    "declare a CpvConsent for the application and run `pulumi up`, or consent in Partner Center",
  AUTH_NO_GDAP:
    "approve or renew the customer's GDAP relationship, with the partner user in its security group",
  AUTH_REFRESH_TOKEN_EXPIRED:
    "create a new partner refresh token (secure application model) and store it with `rewst-csp rotate-token` or `pulumi config set --secret rewst-csp:partnerRefreshToken`",
  AUTH_INVALID_CLIENT:
    "check rewst-csp:partnerAppId and rewst-csp:partnerAppSecret (the secret's value, not its id)",
  AUTH_TENANT_NOT_FOUND: "check the tenant id, and rewst-csp:authorityHost for sovereign clouds",
  AUTH_FAILED: "the identity platform refused the sign-in; the message quotes its error code",
  AUTH_CONDITIONAL_ACCESS:
    "ask the tenant's admin to exclude service provider users from the Conditional Access policy",
  AUTH_MFA_REQUIRED: "create the partner refresh token in an interactive sign-in that completes MFA",
  AUTH_SCOPE_INVALID:
    "check the declared grants for misspelled or deprecated scopes and the consent framework's 8,000-character limit",
  AUTH_RESOURCE_NOT_IN_TENANT:
    "remove that grant from the declaration, or add the resource application to the tenant",
  AUTH_PASSTHROUGH_UNSUPPORTED: "use a partner account that completes MFA in the partner tenant",
  GDAP_ROLE_MISSING:
    "give the partner user's GDAP security group a role the message names for that action (the GDAP role table in docs/emulator.md, Fidelity) in the customer's relationship",
  CANNOT_OBSERVE_TENANT: "restore GDAP and the MSP app's consent in that tenant, then refresh again",
  PARTNER_CENTER_ERROR:
    "quote the correlation id to Microsoft support if the message does not say what to change",
  GRAPH_ERROR:
    "the message quotes Graph's error; most are permissions (GDAP roles) or replication (run again)",
  REWST_ERROR: "check the Rewst credentials and rewst-csp:cspPackConfigId; the message quotes Rewst's error",
  CUSTOMER_NOT_FOUND: "check the tenant id, and that the customer is in Rewst's Microsoft CSP integration",
  MAPPING_CONFLICT: "remove the organization from the other customer first, or from this declaration",
  SHARD_NOT_LISTED: "run the program as one of the stacks the mappings file lists under shards:",
  MAPPINGS_UNREADABLE:
    "restore the mappings file the stack was declared from; to forget a resource without touching the tenant, `pulumi state delete <urn>`",
  CONSENT_TARGET_REFUSED:
    "declare consents only for customer tenants and for the integration's connector app; the message names the field",
  CONSENT_FAILED: "the message names the tenant and why; `pulumi up` finishes a consent left half way",
  OPERATION_TIMEOUT:
    "raise rewst-csp:operationTimeoutSeconds, or run again; nothing beyond what finished was changed",
  RETRY_BUDGET_EXCEEDED:
    "the service kept throttling or failing; run again later, or raise rewst-csp:requestDeadlineSeconds or maxRetryAfterSeconds",
  STACK_UNAVAILABLE:
    "run the command in the Pulumi project's folder (or pass --cwd), with --stack naming one of `pulumi stack ls`, and the stack's passphrase or secrets provider available",
  PREVIEW_FAILED:
    "run `pulumi preview --refresh --stack <name>` in the project folder to see the engine's whole output",
  MIGRATION_FAILED:
    "run `pulumi preview --stack <name>` in the project folder to see the engine's whole output; the stack keeps what the update finished, and running the migration again takes over the rest",
  INPUTS_INVALID: "run `pulumi preview` to see each input that fails its check, and fix the program",
  STATE_UNREADABLE:
    "the stack's state holds a value no release wrote there; inspect it with `pulumi stack export` and fix or forget the entry",
  OUTPUTS_INCOMPLETE: "a bug in pulumi-rewst-csp: report it with the command you ran; nothing was stored",
  ENDPOINT_UNREACHABLE:
    "a refresh uses the settings recorded at the last `pulumi up`: after changing settings, refresh with `pulumi preview --refresh --run-program` (rewst-csp report does) or run `pulumi up`; otherwise check that setting and that the service is reachable from here",
  NETWORK_TIMEOUT:
    "the service did not answer in time; run again, or raise rewst-csp:requestDeadlineSeconds if it is slow",
  IMPORT_ID_INVALID:
    "import a CpvConsent or an EnterpriseApplication by `<tenant id>/<application id>`, e.g. pulumi import rewst-csp:index:CpvConsent <name> <tenant>/<app>",
  IMPORT_UNSUPPORTED:
    "declare the resource in the program and run `pulumi up`: it adopts what the tenant already has without a new consent",
  IMPORT_NOT_FOUND:
    "check the ids: the tenant or Rewst shows nothing under them (no principal of that application, no link of that organization)",
  PAGING_LINK_REFUSED: "a service sent a paging link to another host; report it, nothing follows such a link",
} as const satisfies Record<string, string>;

/** Machine-readable codes of the errors this package raises. */
export type ProviderErrorCode = keyof typeof ERROR_HINTS;

/** The codes as constants, for comparisons that the compiler checks (`error.code === ERROR_CODES.MAPPING_CONFLICT`). */
export const ERROR_CODES = Object.fromEntries(Object.keys(ERROR_HINTS).map((code) => [code, code])) as {
  readonly [C in ProviderErrorCode]: C;
};

/**
 * The base class of every error this package throws (the serialized shim's own bootstrap errors
 * excepted: they must not depend on the package they fail to find).
 *
 * Messages never contain secret values: they name settings and fields, not their contents.
 */
export class ProviderError extends Error {
  /** What fixes this kind of problem. */
  readonly hint: string;

  constructor(
    readonly code: ProviderErrorCode,
    /** What happened, without the code prefix. */
    readonly detail: string,
    /** MS-CorrelationId of the operation, when one was sent (quote it to Microsoft support). */
    readonly correlationId?: string,
    /** The service's own error code (Graph's `error.code`, Partner Center's `code`), when it sent one. */
    readonly serviceCode?: string,
  ) {
    super(`[${code}] ${detail}${correlationId ? ` (correlation id ${correlationId})` : ""}`);
    this.name = "ProviderError";
    this.hint = ERROR_HINTS[code];
  }

  /** The message with the hint, as the engine shows it (`pulumi up` prints only the message). */
  withHint(): string {
    return this.message.includes(this.hint) ? this.message : `${this.message}. What to do: ${this.hint}`;
  }
}

/** What an error says, without a ProviderError's code prefix (to quote it inside another error). */
export const causeOf = (error: unknown): string =>
  error instanceof ProviderError ? error.detail : error instanceof Error ? error.message : String(error);

/** The service code an error carries, if it is a ProviderError that has one. */
export const serviceCodeOf = (error: unknown): string | undefined =>
  error instanceof ProviderError ? error.serviceCode : undefined;

/** A thrown value as an Error (libraries may throw anything): the one place a plain Error is made. */
export const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));
