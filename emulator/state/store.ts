import * as fs from "fs";
import * as path from "path";

import { type EmulatorState, emulatorStateSchema } from "./model";
import { expandSeed } from "./expand";
import type { Seed } from "./seed";

/**
 * Holds the emulator's state and persists it as one JSON file. Writes go to a temporary file that
 * is fsynced and renamed over the old one, so a crash mid-write leaves the previous state intact.
 */
export class EmulatorStore {
  state: EmulatorState;

  constructor(
    private seed: Seed,
    private readonly stateFile?: string,
  ) {
    this.state = this.loadPersisted() ?? expandSeed(seed);
    this.save();
  }

  /** Back to the seed's world (also used by the control API). */
  reset(seed: Seed = this.seed): void {
    this.seed = seed;
    this.state = expandSeed(seed);
    this.save();
  }

  save(): void {
    if (!this.stateFile) return;
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, "w");
    try {
      fs.writeSync(fd, JSON.stringify(this.state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.stateFile);
  }

  private loadPersisted(): EmulatorState | undefined {
    if (!this.stateFile || !fs.existsSync(this.stateFile)) return undefined;
    const parsed = emulatorStateSchema.safeParse(JSON.parse(fs.readFileSync(this.stateFile, "utf8")));
    if (!parsed.success) {
      throw new Error(
        `emulator state ${this.stateFile} is not valid (${parsed.error.message}); delete it to start from the seed`,
      );
    }
    return parsed.data;
  }
}
