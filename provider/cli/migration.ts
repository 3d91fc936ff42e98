/**
 * The dynamic → native migration, judged before anything is applied. The native face declares
 * each resource with aliases of its dynamic type, so the engine moves the dynamic face's state to
 * the rewst-csp plugin as "same" steps: no provider call that writes. The plan of a preview is
 * judged here; the update then runs under that plan (`up --plan`), which the engine refuses to
 * exceed, so a world or state that changed in between cannot turn the move into a write.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";

import { ProviderError } from "../errors";
import { automationFailure } from "./stackConfig";
import {
  type MigrationPlan,
  type PlannedStep,
  dynamicResourcesOf,
  judgeMigration,
  withoutSerializedProviders,
} from "./migrationPlan";

/** What `rewst-csp migrate-to-native` found and did. */
export interface MigrationOutcome extends MigrationPlan {
  /** The stack's dynamic CSP resources before. */
  dynamicBefore: number;
  applied: boolean;
}

/**
 * Previews the program (switched to the native face) with a saved plan, judges it, and unless it
 * is a dry run or refused, runs the update under that plan; then checks that no dynamic resource
 * is left in the stack.
 */
export async function migrateToNative(
  stack: Stack,
  { dryRun, log }: { dryRun: boolean; log: (line: string) => void },
): Promise<MigrationOutcome> {
  const dynamicBefore = dynamicResourcesOf((await stack.exportStack()).deployment);
  if (dynamicBefore.length === 0) return { moves: [], refusals: [], dynamicBefore: 0, applied: false };
  // The plan file may hold ciphertext of the stack's secrets: it lives in a private folder, removed after.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-migration-"));
  const planFile = path.join(folder, "plan.json");
  try {
    const steps: PlannedStep[] = [];
    log(`preview of stack ${stack.name} with the program's native face (plan saved for the update)`);
    await stack
      .preview({ plan: planFile, onEvent: (event) => collectStep(event, steps) })
      .catch((error: unknown) => {
        throw new ProviderError(
          "PREVIEW_FAILED",
          `pulumi preview of stack ${stack.name} failed: ${automationFailure(error)}`,
        );
      });
    const plan = judgeMigration(steps, dynamicBefore);
    if (plan.refusals.length > 0 || dryRun)
      return { ...plan, dynamicBefore: dynamicBefore.length, applied: false };
    log(`update of stack ${stack.name} under the saved plan (${plan.moves.length} resources move)`);
    await stack.up({ plan: planFile }).catch((error: unknown) => {
      throw new ProviderError(
        "MIGRATION_FAILED",
        `pulumi up --plan of stack ${stack.name} failed: ${automationFailure(error)}`,
      );
    });
    const exported = await stack.exportStack();
    const left = dynamicResourcesOf(exported.deployment);
    if (left.length > 0)
      throw new ProviderError(
        "MIGRATION_FAILED",
        `the update finished, yet ${left.length} resources of the dynamic face are still in stack ${stack.name} (${left[0]}, …)`,
      );
    // A "same" step keeps the outputs as they were, the dynamic face's serialized provider with them.
    const cleaned = withoutSerializedProviders(exported.deployment);
    if (cleaned.removed > 0) {
      log(`removing the serialized dynamic provider from ${cleaned.removed} resources' state`);
      await stack.importStack({ ...exported, deployment: cleaned.deployment });
    }
    return { ...plan, dynamicBefore: dynamicBefore.length, applied: true };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function collectStep(event: EngineEvent, steps: PlannedStep[]): void {
  const meta = event.resourcePreEvent?.metadata;
  if (!meta) return;
  steps.push({
    op: meta.op,
    urn: meta.urn,
    type: meta.type,
    ...(meta.old ? { oldUrn: meta.old.urn, oldType: meta.old.type } : {}),
  });
}
