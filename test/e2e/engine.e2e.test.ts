/**
 * The engine every e2e suite drives: a pulumi at or above the package's minimum (the lower bound of
 * its @pulumi/pulumi peer range), with the language host of the same release beside it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT, engineBinDir } from "./support/engine";

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
const manifest = readJson(path.join(REPO_ROOT, "package.json"));
const devPin = (manifest.devDependencies as Record<string, string>)["@pulumi/pulumi"];
const peerRange = (manifest.peerDependencies as Record<string, string>)["@pulumi/pulumi"];

const numeric = (version: string) => version.replace(/^v/, "").split(/[-+]/)[0].split(".").map(Number);
const atLeast = (version: string, minimum: string) => {
  const [a, b] = [numeric(version), numeric(minimum)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

describe("the Pulumi engine", () => {
  test("the peer range starts at the SDK version the repository develops and tests with", () => {
    expect(peerRange).toBe(`^${devPin}`);
  });

  test("pulumi is at or above the package's minimum, and its Node.js language host is the same release", () => {
    const bin = engineBinDir();
    const cli = execFileSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8" }).trim();
    expect(atLeast(cli, devPin)).toBe(true);
    expect(
      execFileSync(path.join(bin, "pulumi-language-nodejs"), ["-version"], { encoding: "utf8" }).trim(),
    ).toBe(cli);
  });

  test("the installed SDKs (package and policy pack) are the dev pin", () => {
    for (const root of [REPO_ROOT, path.join(REPO_ROOT, "policies")]) {
      expect(readJson(path.join(root, "node_modules/@pulumi/pulumi/package.json")).version).toBe(devPin);
    }
  });
});
