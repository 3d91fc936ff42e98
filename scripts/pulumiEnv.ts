import * as path from "path";

/**
 * The environment every program here (tests, benchmarks, the demo) runs the pulumi CLI in: the
 * built engine first on PATH, a home and a file backend of its own, no update check and no plugin
 * downloads, so nothing of the user's Pulumi setup is read or written.
 */
export function isolatedPulumiEnv(options: {
  /** The folder holding `pulumi` and its language host. */
  engineBin: string;
  home: string;
  backendDir: string;
  /** Omitted: whatever the caller's environment sets. */
  passphrase?: string;
  extra?: NodeJS.ProcessEnv;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${options.engineBin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: options.home,
    PULUMI_BACKEND_URL: `file://${options.backendDir}`,
    ...(options.passphrase === undefined ? {} : { PULUMI_CONFIG_PASSPHRASE: options.passphrase }),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...options.extra,
  };
}
