/**
 * Secrets as the engine sends them to a provider that accepts secrets: `{ <sig>: <secret sig>, value }`.
 * The native face unwraps them before the implementation sees its inputs and wraps the same
 * top-level properties again in what it returns, so a secret input stays secret in state.
 */
import type { PropertyBag } from "../dynamic/contract";

/** `@pulumi/pulumi/runtime/rpc` specialSigKey and specialSecretSig. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isSecret = (value: unknown): value is { value: unknown } =>
  typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

function unwrap(value: unknown): { plain: unknown; secret: boolean } {
  if (isSecret(value)) return { plain: unwrap(value.value).plain, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(unwrap);
    return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, unwrap(item)] as const);
    return {
      plain: Object.fromEntries(entries.map(([key, item]) => [key, item.plain])),
      secret: entries.some(([, item]) => item.secret),
    };
  }
  return { plain: value, secret: false };
}

/** The bag without secret wrappers, and the top-level properties that held a secret. */
export function unwrapSecrets(bag: PropertyBag | undefined): { plain: PropertyBag; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const plain: PropertyBag = {};
  for (const [key, value] of Object.entries(bag ?? {})) {
    const item = unwrap(value);
    plain[key] = item.plain;
    if (item.secret) secretKeys.add(key);
  }
  return { plain, secretKeys };
}

/** The bag with each of `secretKeys` it has wrapped as a secret again. */
export function wrapSecrets(bag: PropertyBag, secretKeys: ReadonlySet<string>): PropertyBag {
  return Object.fromEntries(
    Object.entries(bag).map(([key, value]) => [
      key,
      secretKeys.has(key) && value !== undefined ? { [SIG_KEY]: SECRET_SIG, value } : value,
    ]),
  );
}
