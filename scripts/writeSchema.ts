/**
 * Writes the native provider's package schema to provider/native/schema.json (committed; a test
 * fails when it differs from what the zod declarations generate, and the e2e suite checks that
 * `pulumi package get-schema` serves the same). Run: npm run schema
 */
import * as fs from "fs";
import * as path from "path";

import { providerSchema } from "../provider/native/schema";
import { packageRoot, packageVersion } from "../provider/packageInfo";

if (require.main === module) {
  const file = path.join(packageRoot()?.dir ?? process.cwd(), "provider", "native", "schema.json");
  fs.writeFileSync(file, `${JSON.stringify(providerSchema(packageVersion()), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
