import { stackCommand } from "../command";
import { EXIT } from "../exitCodes";
import { migrateToNative } from "../migration";
import { openStack } from "../stackConfig";

/** `rewst-csp migrate-to-native`: moves a stack of the dynamic face to the rewst-csp plugin, writing nothing to any tenant. */
export const migrateToNativeCommand = stackCommand(
  {
    name: "migrate-to-native",
    summary:
      "moves a stack's resources from the dynamic face to the rewst-csp plugin without a write to any tenant (switch the program first)",
    usage: "[--dry-run]",
    options: [
      ["--dry-run", "preview and judge the move, apply nothing (exit 0: it would move everything unchanged)"],
    ],
  },
  { "dry-run": { type: "boolean" } },
  async ({ args, stackName, cwd, log }) => {
    const dryRun = args.flag("dry-run");
    const { stack } = await openStack(stackName, cwd);
    const outcome = await migrateToNative(stack, { dryRun, log });
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (outcome.dynamicBefore === 0) {
      out(`stack ${stackName} holds no resource of the dynamic face: nothing to migrate`);
      return EXIT.clean;
    }
    if (outcome.refusals.length > 0) {
      out(`refused: the move would not leave every tenant as it is; nothing was applied`);
      for (const refusal of outcome.refusals) out(`- ${refusal}`);
      return EXIT.migrationRefused;
    }
    const counts = new Map<string, number>();
    for (const move of outcome.moves) counts.set(move.type, (counts.get(move.type) ?? 0) + 1);
    const kinds = [...counts].map(([type, n]) => `${n} ${type}`).join(", ");
    out(
      outcome.applied
        ? `moved ${outcome.moves.length} resources to the rewst-csp plugin (${kinds}); nothing was written to any tenant`
        : `dry run: ${outcome.moves.length} resources would move to the rewst-csp plugin unchanged (${kinds}); run without --dry-run to apply`,
    );
    return EXIT.clean;
  },
);
