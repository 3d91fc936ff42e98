import * as fs from "fs";
import * as path from "path";

/** Root folder and version of the package this code was loaded from (source tree or dist/ alike). */
export function packageRoot(fromDir: string = __dirname): { dir: string; version: string } | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (parsed.name === "pulumi-rewst-csp" && parsed.version) return { dir, version: parsed.version };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Version of the package this code was loaded from, read from its package.json at load time. */
export function packageVersion(fromDir: string = __dirname): string {
  return packageRoot(fromDir)?.version ?? "0.0.0-unknown";
}

/** User-Agent sent on every API call, so remote logs show which release made it. */
export function userAgent(): string {
  return `pulumi-rewst-csp/${packageVersion()}`;
}
