import * as fs from "fs";
import * as path from "path";

import { ProviderError } from "../errors";
import { parseMappings } from "../mappings/load";

/**
 * Writes the file atomically (a temporary file beside it, then a rename), after checking that the
 * stack accepts what is written. An existing file is replaced only when `force` is set.
 */
export function writeMappingsFile(file: string, text: string, force: boolean): void {
  parseMappings(text, file);
  if (fs.existsSync(file) && !force)
    throw new ProviderError(
      "FILE_EXISTS",
      `${file} exists; pass --force to replace it (the changes are listed above)`,
    );
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text, { flag: "wx" });
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
