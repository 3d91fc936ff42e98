import * as pulumi from "@pulumi/pulumi";

import { ProviderError } from "../errors";
import { CONFIG_NAMESPACE } from "./configSource";
import { SECRET_KEYS } from "./providerConfig";

interface RuntimeConfigInternals {
  isConfigSecret?: (key: string) => boolean;
}

let checked = false;

/**
 * Refuses provider secrets stored as plaintext stack config. Runs in the Pulumi program, where the
 * SDK knows which keys are secret, before any resource is registered.
 *
 * @throws Error listing each plaintext secret and the command that stores it properly.
 */
export function assertSecretsAreSecret(): void {
  if (checked) return;
  // isConfigSecret is internal to the SDK (pinned in package.json); without it there is no check.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const internals = require("@pulumi/pulumi/runtime/config") as RuntimeConfigInternals;
  if (!internals.isConfigSecret) return;
  const config = pulumi.runtime.allConfig();
  const plaintext = SECRET_KEYS.map((key) => `${CONFIG_NAMESPACE}:${key}`).filter(
    (key) => config[key] !== undefined && !internals.isConfigSecret!(key),
  );
  if (plaintext.length > 0) {
    throw new ProviderError(
      "CONFIG_INVALID",
      `secrets are stored in plaintext stack config: ${plaintext.join(", ")}. ` +
        plaintext.map((key) => `Run \`pulumi config set --secret ${key} <value>\`.`).join(" "),
    );
  }
  checked = true;
}
