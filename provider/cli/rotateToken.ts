import { spawn } from "child_process";

import { AUDIENCES } from "../contracts/identity";
import type { MicrosoftServices } from "../services";

export const REFRESH_TOKEN_KEY = "rewst-csp:partnerRefreshToken";

/**
 * Redeems the stack's partner refresh token once (in the partner tenant) and stores the token the
 * identity platform returned as the stack's secret, so the stack holds a fresh token whose
 * lifetime starts now. The value goes to `pulumi config set` on standard input: never on a command
 * line (other users can read those), in a log or in an error.
 */
export async function rotateRefreshToken(
  microsoft: MicrosoftServices,
  stackName: string,
  workDir: string,
): Promise<"rotated" | "unchanged"> {
  const configured = microsoft.tokens.currentRefreshToken();
  await microsoft.tokens.delegated(microsoft.config.partnerTenantId, AUDIENCES.graph);
  const newest = microsoft.tokens.currentRefreshToken();
  if (newest === configured) return "unchanged";
  await setSecretFromStdin(REFRESH_TOKEN_KEY, newest, stackName, workDir);
  return "rotated";
}

function setSecretFromStdin(key: string, value: string, stackName: string, workDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "pulumi",
      ["config", "set", key, "--secret", "--stack", stackName, "--non-interactive"],
      { cwd: workDir, stdio: ["pipe", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`pulumi config set ${key} failed (exit ${code}): ${stderr.trim().split("\n")[0]}`),
          ),
    );
    child.stdin.end(value);
  });
}
