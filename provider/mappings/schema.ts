import { z } from "zod";

import { consentTargetProblems } from "../domain/consentTargets";
import { EVERY_CUSTOMER, EXEMPTIONS_POLICY, exemptionSchema } from "../domain/exemptions";
import { consentGrantListSchema } from "../domain/grants";
import {
  displayNameSchema,
  guidSchema,
  organizationIdSchema,
  readableTextSchema,
  viaSchema,
} from "../domain/identifiers";

/** Pulumi resource names are derived from these: lower-case, digits and dashes. */
const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
  error: "must be lower-case letters, digits and dashes (it names the Pulumi resources), e.g. contoso",
});
/** A stack name, as Pulumi spells them: one stack per shard of the fleet. */
const shardNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
  error:
    "must be a stack name starting with a letter or digit (then letters, digits, '-', '_', '.'), e.g. fleet-01",
});
const grantListSchema = consentGrantListSchema;

const consentDefaultsSchema = z.strictObject({
  /** The app consented for customers that do not name one, usually the Rewst CSP Connector. */
  applicationId: guidSchema.optional(),
  displayName: displayNameSchema.optional(),
  via: viaSchema.optional(),
  grantProfile: z.string().min(1).optional(),
  /** Offboarding a customer deletes the connector's principal after its consent, unless kept. */
  keepServicePrincipal: z.boolean().optional(),
});

const customerConsentSchema = z.strictObject({
  applicationId: guidSchema.optional(),
  displayName: displayNameSchema.optional(),
  via: viaSchema.optional(),
  /** Either grants here, or the name of a profile under grantProfiles. */
  grants: grantListSchema.optional(),
  grantProfile: z.string().min(1, { error: "must name a profile under grantProfiles" }).optional(),
  keepServicePrincipal: z.boolean().optional(),
});

const customerSchema = z.strictObject({
  name: nameSchema,
  tenantId: guidSchema,
  /** For readers of the file and the report; Partner Center's company name. */
  companyName: readableTextSchema.optional(),
  /** Rewst organization ids linked to this customer (one org per customer in Rewst's rules). */
  organizations: z.array(organizationIdSchema).default([]),
  /** Omitted: no consent is managed for this customer. */
  consent: customerConsentSchema.optional(),
  /** Pins the customer to one of `shards` (otherwise a stable hash of its tenant id picks it). */
  shard: shardNameSchema.optional(),
});

const enterpriseApplicationSchema = z.strictObject({
  name: nameSchema,
  tenantId: guidSchema,
  applicationId: guidSchema,
  /** The shard that manages it (default: the first of `shards`); the others only read it. */
  shard: shardNameSchema.optional(),
});

/**
 * The declarative mappings file (YAML) the stack reads: customers with their Rewst organizations and
 * consent, reusable grant profiles, and enterprise applications such as Rewst Prod.
 *
 * @example
 * consentDefaults: { applicationId: 9359814a-7403-4af9-9113-d5c8cab020ed, displayName: Rewst CSP Connector, grantProfile: connector }
 * grantProfiles:
 *   connector:
 *     - enterpriseApplicationId: 00000003-0000-0000-c000-000000000000
 *       scopes: [Directory.Read.All]
 * customers:
 *   - name: contoso
 *     tenantId: 6f9c…
 *     organizations: [4a1e…]
 *     consent: {}
 */
export const mappingsFileSchema = z
  .strictObject({
    /**
     * Splits the fleet across stacks: one stack per name, each declaring only its customers.
     * Omitted: one stack declares them all.
     */
    shards: z.array(shardNameSchema).min(1, { error: "must list at least one stack name" }).optional(),
    consentDefaults: consentDefaultsSchema.default({}),
    grantProfiles: z.record(z.string(), grantListSchema).default({}),
    enterpriseApplications: z.array(enterpriseApplicationSchema).default([]),
    customers: z.array(customerSchema),
    /** Policy findings accepted for a while, each with a reason, an owner and an expiry. */
    exemptions: z.array(exemptionSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const firstIndex = new Map<string, number>();
    const once = (key: string, path: (string | number)[], what: string) => {
      const seen = firstIndex.get(key);
      if (seen !== undefined)
        ctx.addIssue({ code: "custom", path, message: `${what} (first at customers[${seen}])` });
      else firstIndex.set(key, Number(path[1]));
    };
    file.customers.forEach((customer, i) => {
      once(`name:${customer.name}`, ["customers", i, "name"], `repeats the name ${customer.name}`);
      once(
        `tenant:${customer.tenantId.toLowerCase()}`,
        ["customers", i, "tenantId"],
        `repeats tenant ${customer.tenantId}; list each customer once`,
      );
      customer.organizations.forEach((org, j) =>
        once(
          `org:${org}`,
          ["customers", i, "organizations", j],
          `repeats organization ${org}; Rewst links an organization to one customer`,
        ),
      );
      const consent = customer.consent;
      if (!consent) return;
      const path = ["customers", i, "consent"];
      if (consent.grants && consent.grantProfile) {
        ctx.addIssue({ code: "custom", path, message: "sets both grants and grantProfile; keep one" });
      }
      const profile = consent.grants
        ? undefined
        : (consent.grantProfile ?? file.consentDefaults.grantProfile);
      if (!consent.grants && !profile) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "needs grants or a grantProfile (here or in consentDefaults)",
        });
      } else if (profile && !Object.prototype.hasOwnProperty.call(file.grantProfiles, profile)) {
        ctx.addIssue({
          code: "custom",
          path: consent.grantProfile ? [...path, "grantProfile"] : path,
          message: `names the grant profile "${profile}", which grantProfiles does not define (known: ${Object.keys(file.grantProfiles).join(", ") || "none"})`,
        });
      }
      if (!consent.applicationId && !file.consentDefaults.applicationId) {
        ctx.addIssue({ code: "custom", path, message: "needs applicationId (here or in consentDefaults)" });
      }
      if (!consent.displayName && !file.consentDefaults.displayName) {
        ctx.addIssue({ code: "custom", path, message: "needs displayName (here or in consentDefaults)" });
      }
      // Never a consent whose removal would take away what the partner's side or Microsoft owns.
      const applicationId = consent.applicationId ?? file.consentDefaults.applicationId;
      if (!applicationId) return;
      const known =
        profile !== undefined && Object.prototype.hasOwnProperty.call(file.grantProfiles, profile);
      const grants = consent.grants ?? (known ? file.grantProfiles[profile] : []);
      for (const problem of consentTargetProblems(
        {
          customerTenantId: customer.tenantId,
          applicationId,
          via: consent.via ?? file.consentDefaults.via ?? "partnerCenter",
          grants,
        },
        { enterpriseApplications: file.enterpriseApplications },
      ))
        ctx.addIssue({
          code: "custom",
          // An app taken from consentDefaults is named on the customer's consent.
          path:
            problem.property === "customerTenantId"
              ? ["customers", i, "tenantId"]
              : consent.applicationId
                ? [...path, "applicationId"]
                : path,
          message:
            problem.property === "applicationId" && !consent.applicationId
              ? `applicationId (from consentDefaults) ${problem.reason}`
              : problem.reason,
        });
    });
    const appKeys = new Map<string, number>();
    file.enterpriseApplications.forEach((app, i) => {
      const key = `${app.tenantId.toLowerCase()}|${app.applicationId.toLowerCase()}`;
      const first = appKeys.get(key);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["enterpriseApplications", i, "applicationId"],
          message: `declares ${app.applicationId} in tenant ${app.tenantId} again (first at enterpriseApplications[${first}]); removing one would delete the principal the other declares`,
        });
      else appKeys.set(key, i);
    });
    const shards = new Set<string>();
    (file.shards ?? []).forEach((shard, i) => {
      if (shards.has(shard))
        ctx.addIssue({ code: "custom", path: ["shards", i], message: `repeats the stack name ${shard}` });
      shards.add(shard);
    });
    const pinned = (shard: string | undefined, path: (string | number)[]) => {
      if (shard !== undefined && !shards.has(shard))
        ctx.addIssue({
          code: "custom",
          path,
          message: file.shards
            ? `names the shard "${shard}", which shards does not list (known: ${file.shards.join(", ")})`
            : `names the shard "${shard}", but the file has no shards list; add shards: [${shard}, …] or remove it`,
        });
    };
    file.customers.forEach((customer, i) => pinned(customer.shard, ["customers", i, "shard"]));
    file.enterpriseApplications.forEach((app, i) =>
      pinned(app.shard, ["enterpriseApplications", i, "shard"]),
    );
    const appNames = new Set<string>();
    file.enterpriseApplications.forEach((app, i) => {
      if (appNames.has(app.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["enterpriseApplications", i, "name"],
          message: `repeats the name ${app.name}`,
        });
      }
      appNames.add(app.name);
    });
    const subjects = new Set([EVERY_CUSTOMER, ...file.customers.map((c) => c.name), ...appNames]);
    const exempted = new Map<string, number>();
    file.exemptions.forEach((exemption, i) => {
      if (!subjects.has(exemption.customer))
        ctx.addIssue({
          code: "custom",
          path: ["exemptions", i, "customer"],
          message: `names "${exemption.customer}", which is neither a customer nor an enterprise application of this file (use a name from customers or enterpriseApplications, or "*")`,
        });
      if (exemption.policy === EXEMPTIONS_POLICY)
        ctx.addIssue({
          code: "custom",
          path: ["exemptions", i, "policy"],
          message: `cannot exempt ${EXEMPTIONS_POLICY}: it is the policy that judges the exemptions`,
        });
      const key = `${exemption.policy}|${exemption.customer}`;
      const first = exempted.get(key);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["exemptions", i],
          message: `exempts ${exemption.policy} for ${exemption.customer} again (first at exemptions[${first}]); keep one, with one expiry`,
        });
      else exempted.set(key, i);
    });
  });
export type MappingsFile = z.infer<typeof mappingsFileSchema>;
/** What the file says, before defaults (what `import` writes). */
export type MappingsFileInput = z.input<typeof mappingsFileSchema>;
