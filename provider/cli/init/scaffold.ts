import * as fs from "fs";
import * as path from "path";

import { parseDocument } from "yaml";

import type { EmulatorHandoff } from "../../contracts/emulatorHandoff";
import { nameFromCompany } from "../../mappings/names";
import { packageRoot } from "../../packageInfo";

/** The sample project `init` copies: shipped in the package (`examples/project`). */
export const EXAMPLE_PROJECT = path.join(packageRoot()?.dir ?? ".", "examples", "project");

/** npm leaves `.gitignore` out of a published package, so the example keeps it under this name. */
const RENAMED = new Map([["gitignore", ".gitignore"]]);

export interface ScaffoldOptions {
  /** The Pulumi project's name (Pulumi.yaml, package.json). */
  projectName: string;
  /** What package.json depends on for this package, e.g. `^0.1.0` or `file:…tgz`. */
  packageSpec: string;
  /** Fill the mappings file with the emulator's customers. */
  emulator?: EmulatorHandoff;
}

export interface ScaffoldFile {
  /** Relative to the new project's folder, with `/`. */
  path: string;
  content: string;
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

/** The files of a new project: the example's, named for it and, with an emulator, filled with its customers. */
export function scaffoldFiles(options: ScaffoldOptions, exampleDir = EXAMPLE_PROJECT): ScaffoldFile[] {
  return listFiles(exampleDir).map((file) => {
    const text = fs.readFileSync(path.join(exampleDir, file), "utf8");
    const target = RENAMED.get(file) ?? file;
    switch (file) {
      case "package.json":
        return { path: target, content: packageJson(text, options) };
      case "Pulumi.yaml":
        return { path: target, content: text.replace(/^name: .*$/m, `name: ${options.projectName}`) };
      case "mappings.yaml":
        return { path: target, content: options.emulator ? mappingsFor(text, options.emulator) : text };
      default:
        return { path: target, content: text };
    }
  });
}

function packageJson(text: string, options: ScaffoldOptions): string {
  const manifest = JSON.parse(text) as { name: string; dependencies: Record<string, string> };
  manifest.name = options.projectName;
  manifest.dependencies["pulumi-rewst-csp"] = options.packageSpec;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The example's mappings file (its comments kept) with Rewst Prod and every emulator customer, each
 * mapped to the organization named like its company.
 */
function mappingsFor(text: string, emulator: EmulatorHandoff): string {
  const document = parseDocument(text);
  document.set("enterpriseApplications", [
    { name: "rewst-prod", tenantId: emulator.partnerTenantId, applicationId: emulator.rewstProdAppId },
  ]);
  const taken = new Set<string>();
  document.set(
    "customers",
    emulator.customers.map((customer) => ({
      name: nameFromCompany(customer.companyName, taken),
      tenantId: customer.tenantId,
      companyName: customer.companyName,
      organizations: customer.organizationId ? [customer.organizationId] : [],
      consent: {},
    })),
  );
  return document.toString();
}
