import { z } from "zod";

import { orElse, orNull } from "./wire";

/**
 * Microsoft Graph v1.0 response shapes, lenient by rule: a field is required only where the code needs
 * its value, everything else may be null, absent or of a value Microsoft adds later (open enums).
 */
const nullableString = orNull(z.string());

export const graphErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: orElse(z.string(), ""),
    // innerError's fields vary by service ("client-request-id" is not always there).
    innerError: z.looseObject({ "request-id": z.string().optional(), date: z.string().optional() }).nullish(),
  }),
});
export type GraphError = z.input<typeof graphErrorSchema>;

export const servicePrincipalSchema = z.object({
  id: z.string(),
  appId: z.string(),
  // Managed identities and apps without a name: displayName is documented non-null but read leniently.
  displayName: orElse(z.string(), ""),
  appDisplayName: nullableString,
  appOwnerOrganizationId: nullableString,
  // Graph omits accountEnabled under $select; absent means Graph's default (enabled).
  accountEnabled: orElse(z.boolean(), true),
  servicePrincipalType: nullableString,
  appRoles: orElse(
    z.array(z.object({ id: z.string(), value: z.string().nullish(), isEnabled: z.boolean().nullish() })),
    [],
  ),
  oauth2PermissionScopes: orElse(
    z.array(z.object({ id: z.string(), value: z.string().nullish(), isEnabled: z.boolean().nullish() })),
    [],
  ),
});
export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

export const oauth2PermissionGrantSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  // Open enum: "AllPrincipals" | "Principal" today.
  consentType: z.string(),
  principalId: nullableString,
  resourceId: z.string(),
  scope: orElse(z.string(), ""),
});
export type OAuth2PermissionGrant = z.infer<typeof oauth2PermissionGrantSchema>;

export const appRoleAssignmentSchema = z.object({
  id: z.string(),
  appRoleId: z.string(),
  principalId: z.string(),
  resourceId: z.string(),
  principalType: nullableString,
  resourceDisplayName: nullableString,
  createdDateTime: nullableString,
});
export type AppRoleAssignment = z.infer<typeof appRoleAssignmentSchema>;

/** GDAP statuses documented today; the enum is evolvable, so parsers accept any string. */
export const GDAP_STATUSES = [
  "activating",
  "active",
  "approvalPending",
  "approved",
  "created",
  "expired",
  "expiring",
  "terminated",
  "terminating",
  "terminationRequested",
] as const;

/** Entra built-in role template ids (documented, the same in every tenant) that GDAP grants matter for. */
export const DIRECTORY_ROLES = {
  globalAdministrator: { id: "62e90394-69f5-4237-9190-012177145e10", name: "Global Administrator" },
  cloudApplicationAdministrator: {
    id: "158c047a-c907-4556-b7ef-446551a6b5f7",
    name: "Cloud Application Administrator",
  },
  applicationAdministrator: { id: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", name: "Application Administrator" },
  privilegedRoleAdministrator: {
    id: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    name: "Privileged Role Administrator",
  },
  directoryReaders: { id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", name: "Directory Readers" },
  globalReader: { id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader" },
  applicationDeveloper: { id: "cf1c38e5-3621-4004-a7cb-879624dced7c", name: "Application Developer" },
  directoryWriters: { id: "9360feb5-f418-4baa-8175-e2a00bac4301", name: "Directory Writers" },
  userAdministrator: { id: "fe930be7-5e62-47db-91af-98c3a49a38b1", name: "User Administrator" },
  hybridIdentityAdministrator: {
    id: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
    name: "Hybrid Identity Administrator",
  },
  identityGovernanceAdministrator: {
    id: "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e",
    name: "Identity Governance Administrator",
  },
  securityAdministrator: { id: "194ae4cb-b126-40b2-bd5b-6091b380977d", name: "Security Administrator" },
} as const;

export type DirectoryRole = (typeof DIRECTORY_ROLES)[keyof typeof DIRECTORY_ROLES];

const unifiedRolesSchema = z
  .object({
    unifiedRoles: orElse(z.array(z.object({ roleDefinitionId: z.string() })), []),
  })
  .nullish()
  .transform((v) => v ?? { unifiedRoles: [] });

/**
 * A GDAP relationship from the partner's listing: `delegatedAdminRelationship` and
 * `resellerDelegatedAdminRelationship` alike; one not active yet has null dates.
 */
export const delegatedAdminRelationshipSchema = z.object({
  "@odata.type": z.string().optional(),
  id: z.string(),
  displayName: nullableString,
  // A relationship created without a customer (an open invite) has customer null.
  customer: z
    .object({ tenantId: z.string().nullish(), displayName: z.string().nullish() })
    .nullish()
    .transform((c) => ({
      tenantId: c?.tenantId?.toLowerCase() ?? null,
      displayName: c?.displayName ?? null,
    })),
  accessDetails: unifiedRolesSchema,
  status: z.string(),
  autoExtendDuration: nullableString,
  activatedDateTime: nullableString,
  endDateTime: nullableString,
});
export type DelegatedAdminRelationship = z.infer<typeof delegatedAdminRelationshipSchema>;

/** Which partner security group holds which roles in a relationship. */
export const delegatedAdminAccessAssignmentSchema = z.object({
  id: z.string(),
  status: z.string(),
  accessContainer: z.object({
    accessContainerId: z.string(),
    accessContainerType: nullableString,
  }),
  accessDetails: unifiedRolesSchema,
});
export type DelegatedAdminAccessAssignment = z.infer<typeof delegatedAdminAccessAssignmentSchema>;

/** A group (or other directory object) the signed-in user is a member of. */
export const directoryObjectRefSchema = z.object({
  id: z.string(),
  "@odata.type": z.string().optional(),
  displayName: z.string().nullish(),
});

/** A page of a Graph collection. */
export function graphPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    value: z.array(item),
    "@odata.nextLink": z.string().nullish(),
  });
}

export const batchRequestSchema = z.object({
  requests: z
    .array(
      z.object({
        id: z.string(),
        method: z.enum(["GET", "POST", "PATCH", "DELETE", "PUT"]),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(20),
});
/**
 * One answer inside a JSON batch. Lenient: a status sent as a numeric string is read as a number,
 * and a header whose value is not a string is dropped rather than failing the answer.
 */
export const batchSubResponseSchema = z.object({
  id: z.string(),
  status: z.coerce.number().int(),
  headers: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((h) =>
      Object.fromEntries(
        Object.entries(h ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
      ),
    ),
  body: z.unknown(),
});
/** A batch answer: its sub-responses are parsed one by one, so one malformed answer spoils only itself. */
export const batchResponseSchema = z.object({ responses: z.array(z.unknown()) });
