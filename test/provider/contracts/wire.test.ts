import { z } from "zod";

import { pagingHeaders, parseWire, sameOriginLink } from "../../../provider/contracts/wire";

describe("following paging links with our credentials", () => {
  test("paths and links on the API's own origin are followed", () => {
    expect(
      sameOriginLink("/v1/customers?seekOperation=Next", "https://api.partnercenter.microsoft.com"),
    ).toBe("/v1/customers?seekOperation=Next");
    const next = "https://graph.microsoft.com/v1.0/servicePrincipals?$skiptoken=abc";
    expect(sameOriginLink(next, "https://graph.microsoft.com")).toBe(next);
  });

  test("a link to another origin is refused, so the bearer token never leaves the API", () => {
    expect(() => sameOriginLink("https://attacker.example/v1.0/x", "https://graph.microsoft.com")).toThrow(
      "refusing to follow a paging link to https://attacker.example, outside https://graph.microsoft.com",
    );
    expect(() =>
      sameOriginLink("//attacker.example/v1/customers", "https://api.partnercenter.microsoft.com"),
    ).toThrow(/attacker\.example/);
  });

  test("only Partner Center's continuation token is taken from a paging link's headers", () => {
    expect(
      pagingHeaders([
        { key: "MS-ContinuationToken", value: "t1" },
        { key: "Authorization", value: "Bearer stolen" },
        { key: "Host", value: "attacker.example" },
      ]),
    ).toEqual({ "MS-ContinuationToken": "t1" });
  });
});

test("parseWire names the field and never quotes the body", () => {
  const parsed = parseWire(z.object({ id: z.string() }), { id: 7, secret: "s3cr3t" }, "the answer");
  expect(parsed).toEqual({
    ok: false,
    message:
      "the answer does not have the documented shape: id: Invalid input: expected string, received number",
  });
});
