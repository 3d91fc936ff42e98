import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT, engineBinDir } from "./engine";
import { isolatedPulumiEnv } from "../../../scripts/pulumiEnv";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "the output mentions X" assertions. */
  output: string;
}

/** Runs a command to its end (SIGKILL after `timeoutMs`), collecting what it printed. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * A throw-away Pulumi project for one e2e suite: a copy of a fixture program, its own file backend,
 * PULUMI_HOME and passphrase, and a copy of the built package in its node_modules, so a test can
 * "upgrade" the package the program and the stored provider load.
 *
 * It lives under <repo>/.e2e-work so Node resolves shared dependencies (@pulumi/pulumi, zod, axios)
 * from the repository's node_modules, while the engine's plugin discovery sees only the copy.
 */
export class PulumiWorkspace {
  readonly env: NodeJS.ProcessEnv;

  private constructor(
    readonly dir: string,
    readonly stateDir: string,
  ) {
    const bin = engineBinDir();
    this.env = isolatedPulumiEnv({
      engineBin: bin,
      home: path.join(dir, ".pulumi-home"),
      backendDir: stateDir,
      passphrase: `e2e-${randomUUID()}`,
      // The fixture is type-checked by the repository's lint/build; skip it at run time for speed.
      extra: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
  }

  static create(fixture: string): PulumiWorkspace {
    const dir = path.join(REPO_ROOT, ".e2e-work", `${fixture}-${randomUUID().slice(0, 8)}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, "test/e2e/fixtures", fixture), dir, { recursive: true });
    const stateDir = path.join(dir, ".state");
    fs.mkdirSync(stateDir);
    return new PulumiWorkspace(dir, stateDir);
  }

  /**
   * Installs the built package (package.json + dist) into the program's node_modules under a given
   * version. `runtimeAppendix` is JavaScript appended to the package's runtime module, to give a
   * simulated release behaviour the current one does not have.
   */
  installPackage(version: string, runtimeAppendix = ""): void {
    const target = path.join(this.dir, "node_modules", "pulumi-rewst-csp");
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(path.join(target, "package.json"), JSON.stringify({ ...manifest, version }, null, 2));
    fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(target, "dist"), { recursive: true });
    if (runtimeAppendix)
      fs.appendFileSync(path.join(target, "dist/provider/runtime.js"), `\n${runtimeAppendix}\n`);
  }

  /** Runs the pulumi CLI in the project directory. */
  pulumi(args: string[], timeoutMs = 180_000): Promise<CliResult> {
    return this.run("pulumi", [...args, "--non-interactive", "--color", "never"], timeoutMs);
  }

  /**
   * Runs the pulumi CLI and kills it and everything it started (language host, program, provider)
   * with SIGKILL as soon as `killWhen()` holds: a crash at a chosen point. Resolves with whether the
   * kill happened before the command finished by itself.
   */
  pulumiKilledWhen(
    args: string[],
    killWhen: () => boolean,
    timeoutMs = 180_000,
  ): Promise<{ killed: boolean }> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
        cwd: this.dir,
        env: this.env,
        stdio: "ignore",
        // Its own process group, so one signal reaches the engine's children too.
        detached: true,
      });
      let killed = false;
      const poll = setInterval(() => {
        if (killed || !killWhen()) return;
        killed = true;
        this.killEverything(child.pid!);
      }, 2);
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
      child.on("error", reject);
      child.on("close", () => {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ killed });
      });
    });
  }

  /**
   * SIGKILL to the CLI's process group and to every process working in this project: the engine
   * starts providers in process groups of their own, and a crash takes them down too.
   */
  private killEverything(cliPid: number): void {
    const pids = new Set<number>([-cliPid]);
    for (const entry of fs.existsSync("/proc") ? fs.readdirSync("/proc") : []) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(this.dir)) pids.add(Number(entry));
      } catch {
        // gone, or not ours to read
      }
    }
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  /** Runs the installed package's `rewst-csp` command in the project directory. */
  rewstCsp(args: string[], timeoutMs = 180_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const main = path.join(this.dir, "node_modules/pulumi-rewst-csp/dist/provider/cli/main.js");
    return runCommand(process.execPath, [main, ...args], {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
      timeoutMs,
    });
  }

  private run(command: string, args: string[], timeoutMs: number): Promise<CliResult> {
    return runCommand(command, args, { cwd: this.dir, env: this.env, timeoutMs });
  }

  /** Like {@link pulumi} but fails with the CLI's output when the exit code is not 0. */
  async pulumiOk(args: string[]): Promise<CliResult> {
    const result = await this.pulumi(args);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    }
    return result;
  }

  /** The checkpoint file the file backend writes for a stack. */
  rawStateFile(project: string, stack: string): string {
    return fs.readFileSync(path.join(this.stateDir, ".pulumi", "stacks", project, `${stack}.json`), "utf8");
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
