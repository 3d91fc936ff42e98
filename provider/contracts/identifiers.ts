/** The shape of a GUID as Entra, Partner Center and Rewst write them (any case). */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The all-zero GUID: a placeholder, never an id. */
export const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/** The value the Pulumi SDK stands in for an unknown during preview: never a real id. */
export const PULUMI_UNKNOWN_GUID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
