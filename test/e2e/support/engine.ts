import { execFileSync } from "child_process";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");

let cached: string | undefined;

/**
 * The bin directory of the pinned Pulumi engine (see scripts/ensure-pulumi.sh).
 *
 * It is never built from inside a test run; a missing engine fails the suite with the command that
 * provides it, so a machine without the engine can never pass by skipping.
 */
export function engineBinDir(): string {
  if (cached) return cached;
  try {
    cached = execFileSync("bash", [path.join(REPO_ROOT, "scripts/ensure-pulumi.sh"), "--check"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`the Pulumi engine is not available; run \`npm run ensure-pulumi\` first.\n${stderr}`, {
      cause: error,
    });
  }
  return cached;
}
