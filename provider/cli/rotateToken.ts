import { spawn } from "child_process";

import { CREDENTIAL_ENVIRONMENT } from "../config/providerConfig";
import { AUDIENCES } from "../contracts/identity";
import { ProviderError } from "../errors";
import type { MicrosoftServices } from "../session/services";

export const REFRESH_TOKEN_KEY = "rewst-csp:partnerRefreshToken";

/** The environment variable that overrides the stack's refresh token (CI secrets). */
const ENVIRONMENT_VARIABLE = CREDENTIAL_ENVIRONMENT.partnerRefreshToken ?? "REWST_CSP_PARTNER_REFRESH_TOKEN";

/** Where a renewed token goes: standard output (a pipe into the secret store) or the stack's config. */
export type TokenSink = "stdout" | "stack-config";

/**
 * Redeems the partner refresh token once (in the partner tenant) and hands the token the identity
 * platform returned to the sink, so its source holds a fresh token whose lifetime starts now. It
 * goes back where the token came from, or nowhere: a token read from the environment variable is
 * never written to stack config (the variable would keep overriding it, so its secret would expire,
 * and the stack file is readable by every job that holds the passphrase, pull requests included).
 * Both refusals happen before the token is redeemed. The value never appears on a command line, in
 * a log or in an error.
 */
export async function rotateRefreshToken(
  microsoft: MicrosoftServices,
  target: { sink: TokenSink; stackName: string; workDir: string; stdoutIsTerminal: boolean },
): Promise<"rotated" | "unchanged"> {
  const fromEnvironment = Boolean(process.env[ENVIRONMENT_VARIABLE]);
  if (target.sink === "stack-config" && fromEnvironment)
    throw new ProviderError(
      "USAGE",
      `rotate-token: the token in use comes from ${ENVIRONMENT_VARIABLE}, which overrides ${REFRESH_TOKEN_KEY}; ` +
        "its successor must go back to that secret: use --to stdout and pipe it into your secret store (nothing was redeemed)",
    );
  if (target.sink === "stdout" && target.stdoutIsTerminal)
    throw new ProviderError(
      "USAGE",
      "rotate-token: --to stdout writes a secret; pipe it into your secret store instead of a terminal (nothing was redeemed)",
    );
  const configured = microsoft.tokens.currentRefreshToken();
  await microsoft.tokens.delegated(microsoft.config.partnerTenantId, AUDIENCES.graph);
  const newest = microsoft.tokens.currentRefreshToken();
  if (newest === configured) return "unchanged";
  if (target.sink === "stdout") process.stdout.write(`${newest}\n`);
  else await setSecretFromStdin(REFRESH_TOKEN_KEY, newest, target.stackName, target.workDir);
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
            new ProviderError(
              "CONFIG_INVALID",
              `pulumi config set ${key} failed (exit ${code}): ${stderr.trim().split("\n")[0]}`,
            ),
          ),
    );
    child.stdin.end(value);
  });
}
