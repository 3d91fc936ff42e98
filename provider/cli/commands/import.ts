import * as fs from "fs";
import * as path from "path";

import { stringify } from "yaml";

import { REWST_DEFAULT_APP_IDS } from "../../appIds";
import { guidSchema } from "../../domain/identifiers";
import { providerSession } from "../../session/session";
import { UsageError, checkOutputs } from "../args";
import { stackCommand } from "../command";
import { EXIT } from "../exitCodes";
import { importMappings } from "../importMappings";
import { mergeImport } from "../mergeImport";
import { openStack } from "../stackConfig";
import { writeMappingsFile } from "../writeMappings";

/**
 * `rewst-csp import`: writes (or merges into) a mappings file from what Partner Center, Graph and
 * Rewst hold now, so that `pulumi up` adopts it all without writing anything.
 */
export const importCommand = stackCommand(
  {
    name: "import",
    summary:
      "writes (or merges into) a mappings file from what Partner Center, Graph and Rewst hold now, so pulumi up adopts it with no write",
    usage:
      "--out <file> [--force] [--allow-partial] [--via partnerCenter|rewst] [--connector-app-id <guid>] [--connector-name <name>] [--rewst-prod-app-id <guid>]",
    options: [
      [
        "--out <file>",
        "the mappings file to write; an existing one is merged into (nothing renamed or removed)",
      ],
      ["--force", "replace the file after the changes listed"],
      ["--allow-partial", "write even when some tenants could not be observed (their consents are left out)"],
      ["--via partnerCenter|rewst", "the consent channel written for new customers (default: partnerCenter)"],
      [
        "--connector-app-id <guid>",
        "the connector app whose consents are imported (default: Rewst's CSP Connector)",
      ],
      ["--connector-name <name>", "its display name (default: Rewst CSP Connector)"],
      ["--rewst-prod-app-id <guid>", "Rewst's app in the partner tenant (default: Rewst Prod)"],
    ],
  },
  {
    out: { type: "string" },
    force: { type: "boolean" },
    "allow-partial": { type: "boolean" },
    via: { type: "string" },
    "connector-app-id": { type: "string" },
    "connector-name": { type: "string" },
    "rewst-prod-app-id": { type: "string" },
  },
  async ({ args, stackName, cwd, log }) => {
    const out = args.string("out");
    const via = args.string("via") ?? "partnerCenter";
    const appIds = {
      "connector-app-id": args.string("connector-app-id") ?? REWST_DEFAULT_APP_IDS.cspConnector,
      "rewst-prod-app-id": args.string("rewst-prod-app-id") ?? REWST_DEFAULT_APP_IDS.rewstProd,
    };
    if (!out) throw new UsageError("--out is required");
    if (via !== "partnerCenter" && via !== "rewst")
      throw new UsageError('--via must be "partnerCenter" or "rewst"');
    for (const [flag, value] of Object.entries(appIds)) {
      const checked = guidSchema.safeParse(value);
      if (!checked.success) throw new UsageError(`--${flag} ${checked.error.issues[0].message}`);
    }
    if (!/^[\w.-]+\.ya?ml$/.test(path.basename(out)))
      throw new UsageError("--out must name a .yaml or .yml file");
    checkOutputs(cwd, { out });
    const { config } = await openStack(stackName, cwd);
    const session = providerSession(config);
    const packConfigId = session.cspPackConfigId;
    if (!packConfigId)
      throw new UsageError("the stack needs rewst-csp:cspPackConfigId to read Rewst's mappings");
    const result = await importMappings(session.microsoft, session.rewst.client, {
      connectorAppId: appIds["connector-app-id"],
      connectorDisplayName: args.string("connector-name") ?? "Rewst CSP Connector",
      via,
      cspPackConfigId: packConfigId,
      rewstProdAppId: appIds["rewst-prod-app-id"],
      progress: log,
    });
    const target = path.resolve(cwd, out);
    for (const warning of result.warnings) log(`warning: ${warning}`);
    const previous = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    let text: string;
    if (previous === undefined) {
      text =
        `# Written by rewst-csp import from stack ${stackName} on ${new Date().toISOString()}.\n` +
        "# Review it, then pulumi up adopts everything it lists without writing anything.\n" +
        stringify(result.file);
    } else {
      // An existing file is merged into, never rewritten: nothing in it is renamed or removed.
      const merged = mergeImport(previous, result.file, out);
      text = merged.text;
      log(
        `against ${out}: ${merged.changes.length ? `\n  ${merged.changes.join("\n  ")}` : "no customer changes"}` +
          "\n  (merged: names, comments, shards and settings kept; nothing removed, so nothing would be revoked)",
      );
    }
    // A tenant that could not be observed would lose its consent in the file, and the next up would
    // revoke it: a partial result is written only when asked for.
    if (result.unobserved.length > 0 && !args.flag("allow-partial")) {
      log(
        `${result.unobserved.length} tenants could not be observed; nothing written. Fix access and run again, or pass --allow-partial`,
      );
      return EXIT.importPartial;
    }
    writeMappingsFile(target, text, args.flag("force"));
    log(`wrote ${result.file.customers.length} customers to ${out}`);
    return 0;
  },
);
