/**
 * The .NET SDK (provider/native/sdk/dotnet) cannot be regenerated here on every run: its generator
 * was built once from a checkout of pulumi/pulumi-dotnet (docs/native.md). This holds it to the
 * committed schema instead: every resource and function by token, every input by name.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..", "provider", "native");
const DOTNET = path.join(ROOT, "sdk", "dotnet");

interface Schema {
  version: string;
  resources: Record<string, { inputProperties: Record<string, unknown>; requiredInputs: string[] }>;
  functions: Record<string, unknown>;
}
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")) as Schema;
const sourceOf = (token: string) => {
  const name = token.split(":")[2];
  return fs.readFileSync(path.join(DOTNET, `${name.charAt(0).toUpperCase()}${name.slice(1)}.cs`), "utf8");
};

describe("the generated .NET SDK matches the committed schema", () => {
  test("each resource by its token, with every input (required ones marked)", () => {
    for (const [token, resource] of Object.entries(schema.resources)) {
      const source = sourceOf(token);
      expect(source).toContain(`ResourceType("${token}")`);
      for (const input of Object.keys(resource.inputProperties)) {
        const required = resource.requiredInputs.includes(input);
        expect({
          token,
          input,
          declared: source.includes(`[Input("${input}"${required ? ", required: true" : ""})]`),
        }).toEqual({ token, input, declared: true });
      }
    }
  });

  test("each function by its token; the package version", () => {
    for (const token of Object.keys(schema.functions)) expect(sourceOf(token)).toContain(`"${token}"`);
    expect(fs.readFileSync(path.join(DOTNET, "version.txt"), "utf8").trim()).toBe(schema.version);
  });
});
