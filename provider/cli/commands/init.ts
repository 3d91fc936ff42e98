import * as fs from "fs";
import * as path from "path";

import { LocalWorkspace } from "@pulumi/pulumi/automation";

import {
  EMULATOR_HANDOFF_FILE,
  type EmulatorHandoff,
  defaultEmulatorDir,
  emulatorHandoffSchema,
} from "../../contracts/emulatorHandoff";
import { ProviderError } from "../../errors";
import { packageVersion } from "../../packageInfo";
import { UsageError, checkStackName, parseCommand } from "../args";
import type { CliCommand } from "../command";
import { scaffoldFiles } from "../init/scaffold";
import { automationFailure } from "../stackConfig";

/** What may already be in the folder: a fresh `git init` or clone. */
const ALLOWED_ENTRIES = new Set([".git"]);
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

function readHandoff(dir: string): EmulatorHandoff {
  const file = path.join(dir, EMULATOR_HANDOFF_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new ProviderError("EMULATOR_NOT_FOUND", `no running emulator left its settings in ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = emulatorHandoffSchema.safeParse(json);
  if (!parsed.success)
    throw new ProviderError(
      "EMULATOR_NOT_FOUND",
      `${file} is not an emulator's settings file of this release: ${parsed.error.issues[0].message}`,
    );
  return parsed.data;
}

/** Creates the stack and sets the emulator's settings in Pulumi's own format, secrets encrypted. */
async function configureStack(dir: string, stackName: string, handoff: EmulatorHandoff): Promise<void> {
  try {
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: dir });
    await stack.setAllConfig(handoff.config);
  } catch (error) {
    throw new ProviderError(
      "STACK_UNAVAILABLE",
      `the files are written, but stack ${stackName} could not be set up in ${dir}: ${automationFailure(error)}`,
    );
  }
}

/**
 * `rewst-csp init`: a working project in an empty folder — Pulumi.yaml, package.json, tsconfig, the
 * one-line program, a commented mappings file, .gitignore and the GitHub workflows (apply, pull-request
 * drift check, scheduled drift check). With `--emulator`, the mappings file holds the running
 * emulator's customers and the stack is created with its settings.
 */
export const initCommand: CliCommand = {
  name: "init",
  summary:
    "scaffolds a Pulumi project for your customers in an empty folder, with the GitHub workflows; --emulator wires it to a local emulator",
  usage: "[<dir>] [--name <project>] [--package <spec>] [--emulator] [--emulator-dir <dir>] [--stack <name>]",
  options: [
    ["<dir>", "the folder to create the project in (default: the current folder; must be empty)"],
    ["--name <project>", "the Pulumi project's name (default: the folder's name)"],
    ["--package <spec>", `what package.json depends on for pulumi-rewst-csp (default: ^${packageVersion()})`],
    [
      "--emulator",
      "fill the mappings file with a running emulator's customers and create the stack with its settings",
    ],
    ["--emulator-dir <dir>", `the emulator's --data-dir (default: ${defaultEmulatorDir()})`],
    ["--stack <name>", "the stack --emulator creates (default: dev)"],
  ],
  async run(argv) {
    const args = parseCommand(
      "init",
      argv,
      {
        name: { type: "string" },
        package: { type: "string" },
        emulator: { type: "boolean" },
        "emulator-dir": { type: "string" },
        stack: { type: "string" },
      },
      true,
    );
    // Every problem is found before anything is written.
    if (args.positionals.length > 1) throw new UsageError("init takes at most one folder");
    const dir = path.resolve(args.positionals[0] ?? ".");
    const projectName = args.string("name") ?? path.basename(dir);
    if (!PROJECT_NAME.test(projectName))
      throw new UsageError(
        `--name must be a project name (letters, digits, '-', '_', '.'), got "${projectName}"${args.string("name") ? "" : " from the folder's name"}`,
      );
    const emulatorOnly = ["emulator-dir", "stack"].filter((flag) => args.string(flag) !== undefined);
    if (!args.flag("emulator") && emulatorOnly.length > 0)
      throw new UsageError(`--${emulatorOnly[0]} goes with --emulator`);
    const stackName = checkStackName("stack", args.string("stack") ?? "dev");
    const packageSpec = args.string("package") ?? `^${packageVersion()}`;
    if (packageSpec.trim() === "") throw new UsageError("--package must name a version or a tarball");
    const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((e) => !ALLOWED_ENTRIES.has(e)) : [];
    if (present.length > 0)
      throw new ProviderError(
        "PROJECT_NOT_EMPTY",
        `${dir} is not empty (${present.slice(0, 5).join(", ")}${present.length > 5 ? ", …" : ""}); init writes only into an empty folder`,
      );
    const handoff = args.flag("emulator")
      ? readHandoff(path.resolve(args.string("emulator-dir") ?? defaultEmulatorDir()))
      : undefined;

    const files = scaffoldFiles({ projectName, packageSpec, emulator: handoff });
    for (const file of files) {
      const target = path.join(dir, file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.content, { flag: "wx" });
    }
    const log = (line: string) => process.stderr.write(`init: ${line}\n`);
    log(`wrote ${files.map((f) => f.path).join(", ")} in ${dir}`);
    if (handoff) {
      await configureStack(dir, stackName, handoff);
      log(
        `stack ${stackName} points at the emulator on ${handoff.url}; mappings.yaml holds its ${handoff.customers.length} customers`,
      );
    }
    const cd = path.relative(process.cwd(), dir);
    log("next:");
    if (cd) log(`  cd ${cd}`);
    log("  npm install");
    if (!handoff) log("  pulumi stack init prod   # then set the rewst-csp:* settings (README: Settings)");
    log("  pulumi up");
    log(
      '  pulumi preview --refresh --run-program --policy-pack "$(npx rewst-csp policy-pack)" --expect-no-changes',
    );
    return 0;
  },
};
