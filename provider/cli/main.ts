#!/usr/bin/env node
/**
 * `rewst-csp`: the commands platform teams run next to their stack.
 *
 *   rewst-csp report --stack <name> [--cwd <project>] [--policy-pack policies] [--policy-pack-config f.json]
 *                    [--markdown report.md] [--json report.json] [--csv report.csv] [--drift-only]
 *   rewst-csp import --stack <name> [--cwd <project>] --out <mappings.yaml> [--force] [--allow-partial]
 *                    [--via partnerCenter|rewst] [--connector-app-id <guid>] [--connector-name <name>]
 *                    [--rewst-prod-app-id <guid>]
 *   rewst-csp rotate-token --stack <name> [--cwd <project>] --to stdout|stack-config
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

import { stringify } from "yaml";

import { REWST_DEFAULT_APP_IDS } from "../appIds";
import { guidSchema } from "../domain/identifiers";
import { ProviderError } from "../errors";
import { customEndpoints } from "../config/endpoints";
import { UsageError, checkOutputs, checkStackName, parseCommand } from "./args";
import { providerSession } from "../session";
import { loadMappings } from "../mappings/load";
import { importMappings } from "./importMappings";
import { REPORT_EXIT, driftOnly, runReport } from "./report";
import { renderCsv } from "./reportCsv";
import { renderMarkdown } from "./reportMarkdown";
import { REFRESH_TOKEN_KEY, rotateRefreshToken } from "./rotateToken";
import { openStack } from "./stackConfig";
import { runEmulatorProcess } from "./emulatorCommand";
import { mergeImport } from "./mergeImport";
import { writeMappingsFile } from "./writeMappings";

/** import found tenants it could not observe: nothing was written (unless --allow-partial). */
const IMPORT_PARTIAL_EXIT = 4;

const USAGE = `usage:
  rewst-csp report --stack <name> [--cwd <project>] [--policy-pack <dir>] [--policy-pack-config <file>] [--markdown <file>] [--json <file>] [--csv <file>] [--drift-only]
  rewst-csp import --stack <name> [--cwd <project>] --out <file> [--force] [--allow-partial] [--via partnerCenter|rewst] [--connector-app-id <guid>] [--connector-name <name>] [--rewst-prod-app-id <guid>]
  rewst-csp rotate-token --stack <name> [--cwd <project>] --to stdout|stack-config
  rewst-csp policy-pack
  rewst-csp shards <mappings file> [--default-stack <name>]
  rewst-csp emulator [--port <n>] [--customers <n>] [--seed <file>] [--data-dir <dir>] [--config-out <file>]
exit codes: report 0 clean, 2 drift, 3 mandatory policy violation; import 4 partial (nothing written); 1 error`;

/** The compiled policy pack shipped in the package (dist/policies beside dist/provider). */
function installedPolicyPackDir(): string {
  return path.resolve(__dirname, "../../policies");
}

/** Flags of the commands that work on a stack, and each command's own. */
const STACK_OPTIONS = { stack: { type: "string" }, cwd: { type: "string" } } as const;
const COMMAND_OPTIONS = {
  report: {
    "policy-pack": { type: "string" },
    "policy-pack-config": { type: "string" },
    markdown: { type: "string" },
    json: { type: "string" },
    csv: { type: "string" },
    "drift-only": { type: "boolean" },
  },
  import: {
    out: { type: "string" },
    force: { type: "boolean" },
    "allow-partial": { type: "boolean" },
    via: { type: "string" },
    "connector-app-id": { type: "string" },
    "connector-name": { type: "string" },
    "rewst-prod-app-id": { type: "string" },
  },
  "rotate-token": { to: { type: "string" } },
} as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "policy-pack") {
    if (rest.length > 0) throw new UsageError("policy-pack takes no options");
    process.stdout.write(`${installedPolicyPackDir()}\n`);
    return 0;
  }
  if (command === "shards") {
    const args = parseCommand("shards", rest, { "default-stack": { type: "string" } }, true);
    if (args.positionals.length !== 1) throw new UsageError("shards takes one mappings file");
    const defaultStack = args.string("default-stack");
    if (defaultStack !== undefined) checkStackName("default-stack", defaultStack);
    // The stacks that split the fleet, or the one stack that holds it all.
    const shards = loadMappings(path.resolve(args.positionals[0])).shards;
    if (!shards && !defaultStack)
      throw new UsageError(`${args.positionals[0]} has no shards list; pass --default-stack <name>`);
    process.stdout.write(`${JSON.stringify(shards ?? [defaultStack])}\n`);
    return 0;
  }
  // The emulator is a dry-run tool beside the provider, not part of it: a process of its own.
  if (command === "emulator") return runEmulatorProcess(rest);
  if (command !== "report" && command !== "import" && command !== "rotate-token")
    throw new UsageError(`unknown command ${command ?? "(none)"}`);
  const args = parseCommand(command, rest, { ...STACK_OPTIONS, ...COMMAND_OPTIONS[command] });
  const stackName = args.string("stack");
  if (!stackName) throw new UsageError("--stack is required");
  checkStackName("stack", stackName);
  const cwd = path.resolve(args.string("cwd") ?? process.cwd());
  const log = (line: string) => process.stderr.write(`${command}: ${line}\n`);

  if (command === "report") {
    const outputs = { markdown: args.string("markdown"), json: args.string("json"), csv: args.string("csv") };
    checkOutputs(cwd, outputs);
    const pack = path.resolve(cwd, args.string("policy-pack") ?? "policies");
    log(`preview --refresh of stack ${stackName} with the policy pack ${pack}`);
    const { stack, config } = await openStack(stackName, cwd);
    const full = {
      ...(await runReport(stack, pack, args.string("policy-pack-config"))),
      customEndpoints: customEndpoints(config),
    };
    for (const endpoint of full.customEndpoints) log(`non-default endpoint ${endpoint}`);
    // --drift-only: a fleet's report lists only the customers that need attention (exit code alike).
    const report = args.flag("drift-only") ? driftOnly(full) : full;
    const markdown = renderMarkdown(report);
    if (outputs.csv) fs.writeFileSync(outputs.csv, renderCsv(report));
    if (outputs.markdown) fs.writeFileSync(outputs.markdown, markdown);
    else process.stdout.write(markdown);
    if (outputs.json) fs.writeFileSync(outputs.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`exit ${report.exitCode} (${report.changes.length} changes)`);
    return report.exitCode;
  }

  if (command === "rotate-token") {
    const sink = args.string("to");
    if (sink !== "stdout" && sink !== "stack-config")
      throw new UsageError(
        "rotate-token needs --to stdout (pipe it into your secret store, e.g. | gh secret set PARTNER_REFRESH_TOKEN --env production) " +
          "or --to stack-config (only where the token comes from the stack's own config)",
      );
    const { config } = await openStack(stackName, cwd);
    const outcome = await rotateRefreshToken(providerSession(config).microsoft, {
      sink,
      stackName,
      workDir: cwd,
      stdoutIsTerminal: process.stdout.isTTY === true,
    });
    log(
      outcome === "unchanged"
        ? "the identity platform returned no new refresh token; nothing was written"
        : sink === "stdout"
          ? "wrote the renewed refresh token to standard output; store it where the token came from"
          : `stored the renewed ${REFRESH_TOKEN_KEY} in stack ${stackName} (secret); commit Pulumi.${stackName}.yaml`,
    );
    return 0;
  }

  const values = {
    out: args.string("out"),
    via: args.string("via") ?? "partnerCenter",
    "connector-app-id": args.string("connector-app-id") ?? REWST_DEFAULT_APP_IDS.cspConnector,
    "connector-name": args.string("connector-name") ?? "Rewst CSP Connector",
    "rewst-prod-app-id": args.string("rewst-prod-app-id") ?? REWST_DEFAULT_APP_IDS.rewstProd,
    force: args.flag("force"),
    "allow-partial": args.flag("allow-partial"),
    stack: stackName,
  };
  if (!values.out) throw new UsageError("--out is required");
  if (values.via !== "partnerCenter" && values.via !== "rewst")
    throw new UsageError('--via must be "partnerCenter" or "rewst"');
  for (const flag of ["connector-app-id", "rewst-prod-app-id"] as const) {
    const checked = guidSchema.safeParse(values[flag]);
    if (!checked.success) throw new UsageError(`--${flag} ${checked.error.issues[0].message}`);
  }
  if (!/^[\w.-]+\.ya?ml$/.test(path.basename(values.out)))
    throw new UsageError("--out must name a .yaml or .yml file");
  checkOutputs(cwd, { out: values.out });
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
