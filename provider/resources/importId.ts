import { guidSchema } from "../domain/identifiers";
import { ProviderError } from "../errors";

/**
 * The two GUIDs of an import id `<a>/<b>` (`pulumi import <type> <name> <a>/<b>`), lower-cased;
 * `shape` names them for the error, e.g. "<tenant id>/<application id>".
 */
export function guidPairOf(id: string, shape: string): [string, string] {
  const [first, second, ...rest] = id.split("/");
  const a = guidSchema.safeParse(first);
  const b = guidSchema.safeParse(second);
  if (rest.length > 0 || !a.success || !b.success)
    throw new ProviderError(
      "IMPORT_ID_INVALID",
      `the import id ${JSON.stringify(id)} is not ${shape} (two GUIDs)`,
    );
  return [a.data, b.data];
}
