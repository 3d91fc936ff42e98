import * as fs from "fs";
import * as path from "path";

/**
 * Resolves a path from stack config: relative paths start at the project, the nearest folder with a
 * Pulumi.yaml above the working directory (programs run in their main's folder, e.g. stacks/).
 */
export function projectPath(file: string, from: string = process.cwd()): string {
  if (path.isAbsolute(file)) return file;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return path.join(dir, file);
    if (path.dirname(dir) === dir) return path.resolve(from, file);
  }
}
