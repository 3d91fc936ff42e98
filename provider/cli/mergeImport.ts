import { isMap, isSeq, parseDocument } from "yaml";

import { ProviderError } from "../errors";
import { resolveMappings } from "../mappings/resolve";
import { type MappingsFileInput, mappingsFileSchema } from "../mappings/schema";

export interface MergedImport {
  /** The existing file with the new customers appended (comments, names and settings kept). */
  text: string;
  /** One line per customer that changes or that the reviewer should look at. */
  changes: string[];
}

/**
 * Merges what `import` found into an existing mappings file without renaming or removing anything:
 * names, comments, `shards:`, pins, settings and profiles stay; customers the file lacks are
 * appended with their consent spelled out (so they resolve whatever the file's defaults are);
 * customers the import did not find are listed and kept, for the user to remove (which offboards
 * them). So a merge never leads to a revocation.
 */
export function mergeImport(previousText: string, imported: MappingsFileInput, file: string): MergedImport {
  const doc = parseDocument(previousText);
  const customers = doc.get("customers");
  if (doc.errors.length > 0 || !isMap(doc.contents) || !isSeq(customers))
    throw new ProviderError(
      "MAPPINGS_INVALID",
      `${file} is not a mappings file import can merge into (${doc.errors[0]?.message ?? "no customers list"}); ` +
        "fix it, or write the import to another file with --out",
    );
  // Both sides as mapping objects, read by the one schema: what the file declares, what import found.
  const declared = mappingsFileSchema.safeParse(doc.toJS());
  if (!declared.success)
    throw new ProviderError(
      "MAPPINGS_INVALID",
      `${file} does not pass the mappings file's rules (${declared.error.issues[0]?.message ?? "invalid"}); ` +
        "fix it (pulumi preview names each line), or write the import to another file with --out",
    );
  const existing = declared.data.customers;
  const names = new Set(existing.map((c) => c.name));
  const found = resolveMappings(mappingsFileSchema.parse(imported));
  // Tenant ids compare ignoring case; a fleet of a thousand is not scanned once per customer.
  const tenantKey = (id: unknown) => String(id).toLowerCase();
  const existingTenants = new Set(existing.map((c) => tenantKey(c.tenantId)));
  const foundTenants = new Set(found.customers.map((c) => tenantKey(c.tenantId)));
  const changes: string[] = [];
  for (const customer of found.customers) {
    if (existingTenants.has(tenantKey(customer.tenantId))) continue;
    let name = customer.name;
    for (let n = 2; names.has(name); n++) name = `${customer.name}-${n}`;
    names.add(name);
    const { consent } = customer;
    customers.add(
      doc.createNode({
        name,
        tenantId: customer.tenantId,
        ...(customer.companyName ? { companyName: customer.companyName } : {}),
        organizations: customer.organizations,
        ...(consent
          ? {
              consent: {
                applicationId: consent.applicationId,
                displayName: consent.displayName,
                via: consent.via,
                grants: consent.grants,
              },
            }
          : {}),
      }),
    );
    changes.push(`+ ${name} (${customer.tenantId}): added${consent ? " with its consent" : ""}`);
  }
  for (const customer of existing)
    if (!foundTenants.has(tenantKey(customer.tenantId)))
      changes.push(
        `! ${customer.name} (${customer.tenantId}): not found by import, kept; remove it from the file yourself to offboard it`,
      );
  // No folding: the file's own flow-style lines stay as they were written.
  return { text: doc.toString({ lineWidth: 0 }), changes };
}
