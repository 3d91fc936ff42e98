/**
 * Where a renewed partner refresh token may go: back to its source or nowhere, decided before the
 * token is redeemed (pure logic over a stand-in token cache).
 */
import { rotateRefreshToken } from "../../../provider/cli/rotateToken";
import type { MicrosoftServices } from "../../../provider/session/services";

function fakeMicrosoft() {
  const state = { token: "old-token", redeemed: 0 };
  const microsoft = {
    config: { partnerTenantId: "11111111-1111-4111-8111-111111111111" },
    tokens: {
      currentRefreshToken: () => state.token,
      delegated: () => {
        state.redeemed++;
        state.token = "new-token";
        return Promise.resolve("access");
      },
    },
  } as unknown as MicrosoftServices;
  return { microsoft, state };
}

describe("rotate-token sinks", () => {
  const target = { stackName: "prod", workDir: "/nonexistent", stdoutIsTerminal: false };
  let written: string[];
  let write: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    write.mockRestore();
    delete process.env.REWST_CSP_PARTNER_REFRESH_TOKEN;
  });

  test("stdout (a pipe) receives the renewed token and nothing else", async () => {
    const { microsoft, state } = fakeMicrosoft();
    await expect(rotateRefreshToken(microsoft, { ...target, sink: "stdout" })).resolves.toBe("rotated");
    expect(written).toEqual(["new-token\n"]);
    expect(state.redeemed).toBe(1);
  });

  test("stdout on a terminal is refused before the token is redeemed", async () => {
    const { microsoft, state } = fakeMicrosoft();
    await expect(
      rotateRefreshToken(microsoft, { ...target, sink: "stdout", stdoutIsTerminal: true }),
    ).rejects.toThrow(/pipe it into your secret store.*nothing was redeemed/);
    expect(state.redeemed).toBe(0);
    expect(written).toEqual([]);
  });

  test("a token from the environment variable never goes to stack config", async () => {
    process.env.REWST_CSP_PARTNER_REFRESH_TOKEN = "old-token";
    const { microsoft, state } = fakeMicrosoft();
    const error = await rotateRefreshToken(microsoft, { ...target, sink: "stack-config" }).catch(
      (e: unknown) => e as Error,
    );
    expect(String(error)).toMatch(/comes from REWST_CSP_PARTNER_REFRESH_TOKEN.*--to stdout/);
    expect(String(error)).not.toContain("old-token");
    expect(state.redeemed).toBe(0);
  });
});
