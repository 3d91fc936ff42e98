/**
 * Partner Center's refusal of a token without MFA, whose body no document settles: the 2026 code
 * 900421, the older 10001, and a 401 that only says so in words all become AUTH_MFA_REQUIRED with
 * the one hint that fixes it.
 */
import { startEmulator } from "../../../emulator/server";
import { IMMEDIATE_CONSISTENCY, generateSeed } from "../../../emulator/state/seed";
import { partnerCenterHint } from "../../../provider/auth/aadsts";
import type { ProviderError } from "../../../provider/errors";
import { providerSession } from "../../../provider/session/session";
import { emulatorSettings } from "../../support/emulatorConfig";

test.each([900421, 10001] as const)(
  "Partner Center answering %s to a token without MFA is AUTH_MFA_REQUIRED, naming the fix",
  async (code) => {
    const seed = generateSeed({
      customerCount: 1,
      options: { ...IMMEDIATE_CONSISTENCY, partnerCenterMfaRefusalCode: code },
    });
    seed.partner.user = { ...seed.partner.user, refreshTokenMfa: false };
    const emulator = await startEmulator({ seed });
    try {
      const session = providerSession(emulatorSettings(emulator));
      const error = await session.microsoft.partnerCenter.listCustomers().catch((e: unknown) => e);
      expect([(error as ProviderError).code, (error as Error).message]).toEqual([
        "AUTH_MFA_REQUIRED",
        expect.stringMatching(new RegExp(`\\(${code}\\): .*interactive sign-in that completes MFA`)),
      ]);
    } finally {
      await emulator.stop();
    }
  },
);

test("an unknown code whose 401 speaks of multi-factor authentication is read the same way; other refusals are not", () => {
  expect(partnerCenterHint(401, "123", "Multi-factor authentication is required")?.code).toBe(
    "AUTH_MFA_REQUIRED",
  );
  expect(partnerCenterHint(403, "123", "Multi-factor authentication is required")).toBeUndefined();
  expect(partnerCenterHint(401, "900", "The token has expired")).toBeUndefined();
});
