import * as fs from "fs";
import * as path from "path";

import { ProviderError } from "../errors";
import { packageRoot } from "../packageInfo";

/** Path of Rewst's SDL inside the package (the same from the source tree and from dist/). */
export function rewstSdlPath(): string {
  const root = packageRoot(__dirname)?.dir;
  if (!root)
    throw new ProviderError("PACKAGE_INCOMPLETE", "cannot find the package root to load rewst.graphqls");
  return path.join(root, "provider", "contracts", "rewst.graphqls");
}

/** Rewst's GraphQL SDL (the subset this project uses), as Rewst declares it. */
export function rewstSdl(): string {
  return fs.readFileSync(rewstSdlPath(), "utf8");
}
