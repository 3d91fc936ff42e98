#!/usr/bin/env node
/**
 * `rewst-csp`: the commands platform teams run next to their stack.
 *
 *   rewst-csp report --stack <name> [--cwd <project>] [--policy-pack policies] [--policy-pack-config f.json]
 *                    [--markdown report.md] [--json report.json]
 *   rewst-csp import --stack <name> [--cwd <project>] --out <mappings.yaml> [--via partnerCenter|rewst]
 *                    [--connector-app-id <guid>] [--connector-name <name>] [--rewst-prod-app-id <guid>]
 *
 * Both read the stack's configuration (secrets decrypted in memory) through the Automation API, so
 * the pulumi CLI must be on PATH and the stack's passphrase or secrets provider available.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

import { stringify } from "yaml";

import { loadProviderConfig } from "../config/providerConfig";
import { REWST_DEFAULT_APP_IDS } from "../appIds";
import { parseMappings } from "../mappings/load";
import { microsoftServices, rewstServices } from "../services";
import { importMappings } from "./importMappings";
import { REPORT_EXIT, renderMarkdown, runReport } from "./report";
import { openStack } from "./stackConfig";

const USAGE = `usage:
  rewst-csp report --stack <name> [--cwd <project>] [--policy-pack <dir>] [--policy-pack-config <file>] [--markdown <file>] [--json <file>]
  rewst-csp import --stack <name> [--cwd <project>] --out <file> [--via partnerCenter|rewst] [--connector-app-id <guid>] [--connector-name <name>] [--rewst-prod-app-id <guid>]
exit codes of report: 0 clean, 2 drift, 3 mandatory policy violation, 1 error`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      stack: { type: "string" },
      cwd: { type: "string", default: process.cwd() },
      "policy-pack": { type: "string" },
      "policy-pack-config": { type: "string" },
      markdown: { type: "string" },
      json: { type: "string" },
      out: { type: "string" },
      via: { type: "string", default: "partnerCenter" },
      "connector-app-id": { type: "string", default: REWST_DEFAULT_APP_IDS.cspConnector },
      "connector-name": { type: "string", default: "Rewst CSP Connector" },
      "rewst-prod-app-id": { type: "string", default: REWST_DEFAULT_APP_IDS.rewstProd },
    },
  });
  if (command !== "report" && command !== "import")
    throw new UsageError(`unknown command ${command ?? "(none)"}`);
  if (!values.stack) throw new UsageError("--stack is required");
  const cwd = path.resolve(values.cwd);
  const log = (line: string) => process.stderr.write(`${command}: ${line}\n`);

  if (command === "report") {
    const pack = path.resolve(cwd, values["policy-pack"] ?? "policies");
    log(`preview --refresh of stack ${values.stack} with the policy pack ${pack}`);
    const { stack } = await openStack(values.stack, cwd);
    const report = await runReport(stack, pack, values["policy-pack-config"]);
    const markdown = renderMarkdown(report);
    if (values.markdown) fs.writeFileSync(values.markdown, markdown);
    else process.stdout.write(markdown);
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`exit ${report.exitCode} (${report.changes.length} changes)`);
    return report.exitCode;
  }

  if (!values.out) throw new UsageError("--out is required");
  if (values.via !== "partnerCenter" && values.via !== "rewst")
    throw new UsageError('--via must be "partnerCenter" or "rewst"');
  const { config } = await openStack(values.stack, cwd);
  const ms = microsoftServices(config);
  const rewst = rewstServices(config);
  const packConfigId = loadProviderConfig(config, ["cspPackConfigId"]).cspPackConfigId;
  if (!packConfigId)
    throw new UsageError("the stack needs rewst-csp:cspPackConfigId to read Rewst's mappings");
  const result = await importMappings(ms, rewst.client, {
    connectorAppId: values["connector-app-id"],
    connectorDisplayName: values["connector-name"],
    via: values.via,
    cspPackConfigId: packConfigId,
    rewstProdAppId: values["rewst-prod-app-id"],
    progress: log,
  });
  const text =
    `# Written by rewst-csp import from stack ${values.stack} on ${new Date().toISOString()}.\n` +
    "# Review it, then pulumi up adopts everything it lists without writing anything.\n" +
    stringify(result.file);
  parseMappings(text, values.out); // what we write must be what the stack accepts
  fs.writeFileSync(path.resolve(cwd, values.out), text);
  for (const warning of result.warnings) log(`warning: ${warning}`);
  log(`wrote ${result.file.customers.length} customers to ${values.out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      /ENOENT: pulumi/.test(message)
        ? "rewst-csp: the pulumi CLI is not on PATH (in this repository, npm run ensure-pulumi prints its folder)\n"
        : `rewst-csp: ${message}\n`,
    );
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exitCode = REPORT_EXIT.error;
  },
);
