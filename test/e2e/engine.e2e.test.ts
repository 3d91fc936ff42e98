/** The engine every e2e suite drives is the pinned release, matching the installed Node.js SDK. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT, engineBinDir } from "./support/engine";

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

describe("the Pulumi engine", () => {
  const pinned = (readJson(path.join(REPO_ROOT, "package.json")).dependencies as Record<string, string>)[
    "@pulumi/pulumi"
  ];

  test("pulumi and its Node.js language host report the pinned version", () => {
    const bin = engineBinDir();
    expect(execFileSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8" }).trim()).toBe(
      `v${pinned}`,
    );
    expect(
      execFileSync(path.join(bin, "pulumi-language-nodejs"), ["-version"], { encoding: "utf8" }).trim(),
    ).toBe(`v${pinned}`);
  });

  test("the installed SDKs (package and policy pack) are the same release as the engine", () => {
    for (const root of [REPO_ROOT, path.join(REPO_ROOT, "policies")]) {
      expect(readJson(path.join(root, "node_modules/@pulumi/pulumi/package.json")).version).toBe(pinned);
    }
  });
});
