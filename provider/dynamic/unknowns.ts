/**
 * The value the engine sends for inputs that are not known yet during preview
 * (`@pulumi/pulumi/runtime/rpc` unknownValue); validation must let it through.
 */
export const UNKNOWN_INPUT = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_INPUT;
}
