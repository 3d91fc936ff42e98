#!/usr/bin/env node
/**
 * `rewst-csp`: the commands platform teams run next to their stack.
 *
 *   rewst-csp report --stack <name> [--cwd <project>] [--policy-pack policies] [--policy-pack-config f.json]
 *                    [--markdown report.md] [--json report.json] [--csv report.csv] [--drift-only]
 *   rewst-csp import --stack <name> [--cwd <project>] --out <mappings.yaml> [--force] [--allow-partial]
 *                    [--via partnerCenter|rewst] [--connector-app-id <guid>] [--connector-name <name>]
 *                    [--rewst-prod-app-id <guid>]
 *   rewst-csp rotate-token --stack <name> [--cwd <project>]
 *   rewst-csp policy-pack                  prints the folder of the installed policy pack
 *   rewst-csp shards <mappings.yaml> [--default-stack <name>]   the stacks of a fleet, as a JSON list (CI matrices)
 *   rewst-csp emulator [--port 4443] [--customers 25] [--config-out f.json] ...   the emulator, for dry runs
 *
 * report, import and rotate-token read the stack's configuration (secrets decrypted in memory)
 * through the Automation API, so the pulumi CLI must be on PATH and the stack's passphrase or
 * secrets provider available.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

import { stringify } from "yaml";

import { REWST_DEFAULT_APP_IDS } from "../appIds";
import { guidSchema } from "../domain/identifiers";
import { ProviderError } from "../errors";
import { providerSession } from "../session";
import { loadMappings } from "../mappings/load";
import { importMappings } from "./importMappings";
import { REPORT_EXIT, driftOnly, runReport } from "./report";
import { renderCsv } from "./reportCsv";
import { renderMarkdown } from "./reportMarkdown";
import { REFRESH_TOKEN_KEY, rotateRefreshToken } from "./rotateToken";
import { openStack } from "./stackConfig";
import type { runEmulatorCommand } from "../../emulator/cli";
import { mergeImport } from "./mergeImport";
import { writeMappingsFile } from "./writeMappings";

/** import found tenants it could not observe: nothing was written (unless --allow-partial). */
const IMPORT_PARTIAL_EXIT = 4;

const USAGE = `usage:
  rewst-csp report --stack <name> [--cwd <project>] [--policy-pack <dir>] [--policy-pack-config <file>] [--markdown <file>] [--json <file>] [--csv <file>] [--drift-only]
  rewst-csp import --stack <name> [--cwd <project>] --out <file> [--force] [--allow-partial] [--via partnerCenter|rewst] [--connector-app-id <guid>] [--connector-name <name>] [--rewst-prod-app-id <guid>]
  rewst-csp rotate-token --stack <name> [--cwd <project>]
  rewst-csp policy-pack
  rewst-csp shards <mappings file> [--default-stack <name>]
  rewst-csp emulator [--port <n>] [--customers <n>] [--seed <file>] [--data-dir <dir>] [--config-out <file>]
exit codes: report 0 clean, 2 drift, 3 mandatory policy violation; import 4 partial (nothing written); 1 error`;

class UsageError extends ProviderError {
  constructor(detail: string) {
    super("USAGE", detail);
  }
}

/** The compiled policy pack shipped in the package (dist/policies beside dist/provider). */
function installedPolicyPackDir(): string {
  return path.resolve(__dirname, "../../policies");
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "policy-pack") {
    if (rest.length > 0) throw new UsageError("policy-pack takes no options");
    process.stdout.write(`${installedPolicyPackDir()}\n`);
    return 0;
  }
  if (command === "shards") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { "default-stack": { type: "string" } },
    });
    if (positionals.length !== 1) throw new UsageError("shards takes one mappings file");
    // The stacks that split the fleet, or the one stack that holds it all.
    const shards = loadMappings(path.resolve(positionals[0])).shards;
    if (!shards && !values["default-stack"])
      throw new UsageError(`${positionals[0]} has no shards list; pass --default-stack <name>`);
    process.stdout.write(`${JSON.stringify(shards ?? [values["default-stack"]])}\n`);
    return 0;
  }
  if (command === "emulator") {
    // Loaded only for this command: the emulator is a dry-run tool beside the provider, not part of it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const emulator = require("../../emulator/cli") as { runEmulatorCommand: typeof runEmulatorCommand };
    await emulator.runEmulatorCommand(rest);
    return new Promise<number>(() => undefined); // runs until SIGINT/SIGTERM
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      stack: { type: "string" },
      cwd: { type: "string", default: process.cwd() },
      "policy-pack": { type: "string" },
      "policy-pack-config": { type: "string" },
      markdown: { type: "string" },
      json: { type: "string" },
      csv: { type: "string" },
      "drift-only": { type: "boolean", default: false },
      out: { type: "string" },
      force: { type: "boolean", default: false },
      "allow-partial": { type: "boolean", default: false },
      via: { type: "string", default: "partnerCenter" },
      "connector-app-id": { type: "string", default: REWST_DEFAULT_APP_IDS.cspConnector },
      "connector-name": { type: "string", default: "Rewst CSP Connector" },
      "rewst-prod-app-id": { type: "string", default: REWST_DEFAULT_APP_IDS.rewstProd },
    },
  });
  if (command !== "report" && command !== "import" && command !== "rotate-token")
    throw new UsageError(`unknown command ${command ?? "(none)"}`);
  if (!values.stack) throw new UsageError("--stack is required");
  const cwd = path.resolve(values.cwd);
  const log = (line: string) => process.stderr.write(`${command}: ${line}\n`);

  if (command === "report") {
    const pack = path.resolve(cwd, values["policy-pack"] ?? "policies");
    log(`preview --refresh of stack ${values.stack} with the policy pack ${pack}`);
    const { stack } = await openStack(values.stack, cwd);
    const full = await runReport(stack, pack, values["policy-pack-config"]);
    // --drift-only: a fleet's report lists only the customers that need attention (exit code alike).
    const report = values["drift-only"] ? driftOnly(full) : full;
    const markdown = renderMarkdown(report);
    if (values.csv) fs.writeFileSync(values.csv, renderCsv(report));
    if (values.markdown) fs.writeFileSync(values.markdown, markdown);
    else process.stdout.write(markdown);
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`exit ${report.exitCode} (${report.changes.length} changes)`);
    return report.exitCode;
  }

  if (command === "rotate-token") {
    const { config } = await openStack(values.stack, cwd);
    const outcome = await rotateRefreshToken(providerSession(config).microsoft, values.stack, cwd);
    log(
      outcome === "rotated"
        ? `stored the renewed ${REFRESH_TOKEN_KEY} in stack ${values.stack} (secret); commit Pulumi.${values.stack}.yaml`
        : "the identity platform returned no new refresh token; the stack's token is unchanged",
    );
    return 0;
  }

  if (!values.out) throw new UsageError("--out is required");
  if (values.via !== "partnerCenter" && values.via !== "rewst")
    throw new UsageError('--via must be "partnerCenter" or "rewst"');
  for (const flag of ["connector-app-id", "rewst-prod-app-id"] as const) {
    const checked = guidSchema.safeParse(values[flag]);
    if (!checked.success) throw new UsageError(`--${flag} ${checked.error.issues[0].message}`);
  }
  if (!/^[\w.-]+\.ya?ml$/.test(path.basename(values.out)))
    throw new UsageError("--out must name a .yaml or .yml file");
  const { config } = await openStack(values.stack, cwd);
  const session = providerSession(config);
  const packConfigId = session.cspPackConfigId;
  if (!packConfigId)
    throw new UsageError("the stack needs rewst-csp:cspPackConfigId to read Rewst's mappings");
  const result = await importMappings(session.microsoft, session.rewst.client, {
    connectorAppId: values["connector-app-id"],
    connectorDisplayName: values["connector-name"],
    via: values.via,
    cspPackConfigId: packConfigId,
    rewstProdAppId: values["rewst-prod-app-id"],
    progress: log,
  });
  const out = path.resolve(cwd, values.out);
  for (const warning of result.warnings) log(`warning: ${warning}`);
  const previous = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined;
  let text: string;
  if (previous === undefined) {
    text =
      `# Written by rewst-csp import from stack ${values.stack} on ${new Date().toISOString()}.\n` +
      "# Review it, then pulumi up adopts everything it lists without writing anything.\n" +
      stringify(result.file);
  } else {
    // An existing file is merged into, never rewritten: nothing in it is renamed or removed.
    const merged = mergeImport(previous, result.file, values.out);
    text = merged.text;
    log(
      `against ${values.out}: ${merged.changes.length ? `\n  ${merged.changes.join("\n  ")}` : "no customer changes"}` +
        "\n  (merged: names, comments, shards and settings kept; nothing removed, so nothing would be revoked)",
    );
  }
  // A tenant that could not be observed would lose its consent in the file, and the next up would
  // revoke it: a partial result is written only when asked for.
  if (result.unobserved.length > 0 && !values["allow-partial"]) {
    log(
      `${result.unobserved.length} tenants could not be observed; nothing written. Fix access and run again, or pass --allow-partial`,
    );
    return IMPORT_PARTIAL_EXIT;
  }
  writeMappingsFile(out, text, values.force);
  log(`wrote ${result.file.customers.length} customers to ${values.out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A usage mistake reads as before, without a code; every other error keeps its code.
    const message =
      error instanceof UsageError ? error.detail : error instanceof Error ? error.message : String(error);
    process.stderr.write(
      /ENOENT: pulumi/.test(message)
        ? "rewst-csp: the pulumi CLI is not on PATH (in this repository, npm run ensure-pulumi prints its folder)\n"
        : `rewst-csp: ${message}\n`,
    );
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    else if (error instanceof ProviderError) process.stderr.write(`rewst-csp: what to do: ${error.hint}\n`);
    process.exitCode = REPORT_EXIT.error;
  },
);
