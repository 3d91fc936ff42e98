/**
 * Where provider settings come from at call time.
 *
 * The engine hands the whole stack configuration to the provider's `configure()` (secrets
 * decrypted). Settings are read from there on every provider start and never captured into the
 * serialized provider, so nothing secret lands in state and a new release reads settings its way.
 */
export type ConfigLookup = (key: string) => string | undefined;

/** Config namespace of every provider setting (`rewst-csp:<name>` in Pulumi.<stack>.yaml). */
export const CONFIG_NAMESPACE = "rewst-csp";
