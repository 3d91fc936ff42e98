import { expandSeed } from "../../emulator/state/expand";
import { relationshipNow } from "../../emulator/state/gdap";
import { DEFAULT_GDAP_ROLES, generateSeed } from "../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00.000Z");
const ended = new Date(now.getTime() - 10 * DAY).toISOString();

describe("GDAP relationships over time, as Microsoft runs them", () => {
  const state = expandSeed(
    generateSeed({
      customerCount: 3,
      customers: {
        1: { gdapEndDateTime: ended },
        2: { gdapEndDateTime: ended, gdapAutoExtend: "PT0S" },
        // Microsoft refuses auto-extend with Global Administrator in the relationship.
        3: {
          gdapEndDateTime: ended,
          gdapRoles: [...DEFAULT_GDAP_ROLES, DIRECTORY_ROLES.globalAdministrator.id],
        },
      },
    }),
  );
  const [extending, lapsing, withGlobalAdmin] = state.gdapRelationships;

  test("past its end, an auto-extended relationship is extended by 180 days and stays active", () => {
    expect(extending.autoExtendDuration).toBe("P180D");
    const current = relationshipNow(extending, now);
    expect(current.status).toBe("active");
    expect(new Date(current.endDateTime!).getTime()).toBe(new Date(ended).getTime() + 180 * DAY);
  });

  test("past its end without auto-extend, it has expired; Global Administrator forces that", () => {
    expect(relationshipNow(lapsing, now)).toEqual({ status: "expired", endDateTime: ended });
    expect(withGlobalAdmin.autoExtendDuration).toBe("PT0S");
    expect(relationshipNow(withGlobalAdmin, now).status).toBe("expired");
  });

  test("before its end, nothing changes", () => {
    const later = new Date(new Date(ended).getTime() - DAY);
    expect(relationshipNow(lapsing, later)).toEqual({ status: "active", endDateTime: ended });
  });
});
