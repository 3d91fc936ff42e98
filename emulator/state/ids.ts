import { createHash } from "crypto";

/** A stable GUID derived from a name, so seeds are reproducible (UUID v5 layout, SHA-1). */
export function stableGuid(name: string): string {
  const hex = createHash("sha1").update(`pulumi-rewst-csp:${name}`).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
