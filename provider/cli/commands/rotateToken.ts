import { UsageError } from "../args";
import { stackCommand } from "../command";
import { REFRESH_TOKEN_KEY, rotateRefreshToken } from "../rotateToken";
import { openStack } from "../stackConfig";
import { providerSession } from "../../session/session";

/** `rewst-csp rotate-token`: renews the partner refresh token into the sink it is told to use. */
export const rotateTokenCommand = stackCommand(
  {
    name: "rotate-token",
    summary:
      "renews the partner refresh token (secure application model) and stores the new one where you say",
    usage: "--to stdout|stack-config",
    options: [
      ["--to stdout", "print it for a pipe into your secret store (refused on a terminal)"],
      ["--to stack-config", "store it as the stack's secret config (only where the token came from there)"],
    ],
  },
  { to: { type: "string" } },
  async ({ args, stackName, cwd, log }) => {
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
  },
);
