import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import type { Seed } from "../../../emulator/state/seed";
import type { PulumiWorkspace } from "./workspace";

/** A running emulator and the throw-away workspace whose stack points at it. */
export interface EmulatorStack {
  emulator: RunningEmulator;
  ws: PulumiWorkspace;
}

/**
 * The lifecycle every e2e suite shares: before the suite, the emulator starts with `seed` and the
 * workspace is made for it (then `ready` runs, e.g. to keep them in the suite's variables or
 * configure the stack); after it, both are torn down, also when set-up failed half way.
 */
export function useEmulatorStack(
  options: { seed: Seed; workspace: (emulator: RunningEmulator) => Promise<PulumiWorkspace> },
  ready: (started: EmulatorStack) => void | Promise<void>,
): void {
  let emulator: RunningEmulator | undefined;
  let ws: PulumiWorkspace | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: options.seed });
    ws = await options.workspace(emulator);
    await ready({ emulator, ws });
  });
  afterAll(async () => {
    ws?.dispose();
    await emulator?.stop();
  });
}
