import * as fs from "fs";
import * as path from "path";

import { customEndpoints } from "../../config/endpoints";
import { mappingsLines } from "../../mappings/lines";
import { packageVersion } from "../../packageInfo";
import { UsageError, checkOutputs } from "../args";
import { stackCommand } from "../command";
import { checkPackConfig } from "../packConfig";
import { driftOnly, runReport } from "../report";
import { renderCsv } from "../reportCsv";
import { renderMarkdown } from "../reportMarkdown";
import { renderSarif } from "../reportSarif";
import { openStack } from "../stackConfig";
import { installedPolicyPack } from "./policyPack";

/** `rewst-csp report`: the drift check with the policy pack, as Markdown, JSON or CSV and an exit code. */
export const reportCommand = stackCommand(
  {
    name: "report",
    summary:
      "the drift check: pulumi preview --refresh with the policy pack, as a report per customer and an exit code",
    usage:
      "[--policy-pack <dir>] [--policy-pack-config <file>] [--markdown <file>] [--json <file>] [--csv <file>] [--sarif <file>] [--mappings-file <file>] [--drift-only]",
    options: [
      [
        "--policy-pack <dir>",
        "the policy pack (default: the one installed with this package, `rewst-csp policy-pack`)",
      ],
      [
        "--policy-pack-config <file>",
        "the pack's configuration (levels, app ids, allow-lists); a policy or setting the pack does not have is refused",
      ],
      ["--markdown <file>", "write the report as Markdown there (default: print it)"],
      ["--json <file>", "write the report as JSON there"],
      ["--csv <file>", "write one row per customer there"],
      [
        "--sarif <file>",
        "write the findings as SARIF 2.1.0 there, each on the mappings file line of its customer (for code scanning)",
      ],
      ["--mappings-file <file>", "the mappings file --sarif points into (default: mappings.yaml)"],
      ["--drift-only", "list only customers with a change, a violation or a leftover"],
    ],
  },
  {
    "policy-pack": { type: "string" },
    "policy-pack-config": { type: "string" },
    markdown: { type: "string" },
    json: { type: "string" },
    csv: { type: "string" },
    sarif: { type: "string" },
    "mappings-file": { type: "string" },
    "drift-only": { type: "boolean" },
  },
  async ({ args, stackName, cwd, log }) => {
    const outputs = {
      markdown: args.string("markdown"),
      json: args.string("json"),
      csv: args.string("csv"),
      sarif: args.string("sarif"),
    };
    checkOutputs(cwd, outputs);
    const mappingsFile = path.resolve(cwd, args.string("mappings-file") ?? "mappings.yaml");
    if (args.string("mappings-file") !== undefined && !outputs.sarif)
      throw new UsageError("--mappings-file goes with --sarif");
    if (outputs.sarif && !fs.existsSync(mappingsFile))
      throw new UsageError(
        `--sarif points findings into the mappings file, and ${mappingsFile} does not exist; name it with --mappings-file`,
      );
    const given = args.string("policy-pack");
    const pack = given ? path.resolve(cwd, given) : installedPolicyPack();
    const givenConfig = args.string("policy-pack-config");
    const packConfig = givenConfig === undefined ? undefined : path.resolve(cwd, givenConfig);
    checkPackConfig(pack, packConfig);
    log(`preview --refresh of stack ${stackName} with the policy pack ${pack}`);
    const { stack, config } = await openStack(stackName, cwd);
    const full = {
      ...(await runReport(stack, pack, packConfig)),
      customEndpoints: customEndpoints(config),
    };
    for (const endpoint of full.customEndpoints) log(`non-default endpoint ${endpoint}`);
    // --drift-only: a fleet's report lists only the customers that need attention (exit code alike).
    const report = args.flag("drift-only") ? driftOnly(full) : full;
    const markdown = renderMarkdown(report);
    if (outputs.csv) fs.writeFileSync(outputs.csv, renderCsv(report));
    if (outputs.sarif) {
      const target = {
        uri: path.relative(cwd, mappingsFile).split(path.sep).join("/"),
        lines: mappingsLines(fs.readFileSync(mappingsFile, "utf8")),
      };
      fs.writeFileSync(outputs.sarif, renderSarif(report, target, packageVersion()));
    }
    if (outputs.markdown) fs.writeFileSync(outputs.markdown, markdown);
    else process.stdout.write(markdown);
    if (outputs.json) fs.writeFileSync(outputs.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`exit ${report.exitCode} (${report.changes.length} changes)`);
    return report.exitCode;
  },
);
