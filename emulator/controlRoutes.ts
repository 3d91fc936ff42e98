import { z } from "zod";

import { type EmulatorControl, driftSchema } from "./control";
import { type Router, faultRuleSchema, parseJson } from "./http";
import { seedSchema } from "./state/seed";

/** Serves the control API under /_emulator (loopback only, like the rest of the emulator). */
export function registerControlRoutes(router: Router, control: EmulatorControl): void {
  const bad = (message: string) => ({ status: 400, body: { error: message } });
  router.add("control.reset", "POST", /^\/_emulator\/reset$/, (req) => {
    const body = parseJson(req.body);
    const seed = body === undefined ? undefined : seedSchema.safeParse(body);
    if (seed && !seed.success) return bad(seed.error.message);
    control.reset(seed?.data);
    return { status: 204 };
  });
  router.add("control.state", "GET", /^\/_emulator\/state$/, () => ({
    status: 200,
    body: control.exportState(),
  }));
  router.add("control.faults", "PUT", /^\/_emulator\/faults$/, (req) => {
    const rules = z.array(faultRuleSchema).safeParse(parseJson(req.body));
    if (!rules.success) return bad(rules.error.message);
    control.setFaults(rules.data);
    return { status: 204 };
  });
  router.add("control.drift", "POST", /^\/_emulator\/drift$/, (req) => {
    const change = driftSchema.safeParse(parseJson(req.body));
    if (!change.success) return bad(change.error.message);
    try {
      control.drift(change.data);
    } catch (error) {
      return { status: 404, body: { error: (error as Error).message } };
    }
    return { status: 204 };
  });
  router.add("control.customers", "POST", /^\/_emulator\/customers$/, (req) => {
    const body = z.strictObject({ count: z.number().int().min(1).max(1000) }).safeParse(parseJson(req.body));
    if (!body.success) return bad(body.error.message);
    try {
      return { status: 201, body: { tenantIds: control.addCustomers(body.data.count) } };
    } catch (error) {
      return { status: 409, body: { error: (error as Error).message } };
    }
  });
  router.add("control.requests", "GET", /^\/_emulator\/requests$/, () => ({
    status: 200,
    body: control.requestLog,
  }));
  router.add("control.requests.clear", "DELETE", /^\/_emulator\/requests$/, () => {
    control.requestLog.length = 0;
    return { status: 204 };
  });
}
