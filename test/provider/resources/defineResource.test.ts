import { z } from "zod";

import { ProviderError } from "../../../provider/errors";
import { defineResource } from "../../../provider/resources/defineResource";
import { providerSession } from "../../../provider/session/session";

/** A resource whose operations report what the adapter handed them. */
function probe() {
  const seen: { op: string; value: unknown }[] = [];
  const outputs = (inputs: { name: string }) => ({ ...inputs, size: inputs.name.length });
  const impl = defineResource({
    inputs: z.strictObject({ name: z.string().min(1) }),
    annotations: ["note"],
    upgrade: (props) => z.object({ name: z.string(), size: z.number().default(0) }).parse(props),
    outputKeys: ["size"],
    check: (_olds, news) => Promise.resolve({ inputs: news }),
    diff: (_id, olds, news) => {
      seen.push({ op: "diff", value: { olds, news } });
      return Promise.resolve({ changes: false });
    },
    create: (inputs) => {
      seen.push({ op: "create", value: inputs });
      return Promise.resolve({ id: inputs.name, outs: outputs(inputs) });
    },
    read: (id, state) => {
      seen.push({ op: "read", value: state });
      return Promise.resolve(state.name === "gone" ? undefined : { id, props: { ...state } });
    },
    update: (_id, _olds, news) =>
      Promise.resolve({ outs: { name: news.name } as { name: string; size: number } }),
    delete: (_id, state) => {
      seen.push({ op: "delete", value: state });
      return Promise.resolve();
    },
  });
  return { impl, seen };
}

const session = providerSession(() => undefined);

describe("defineResource", () => {
  test("plan-time annotations are stripped from inputs once; stored state keeps its fields", async () => {
    const { impl, seen } = probe();
    await impl.create({ name: "abc", note: "for the pack" }, session);
    await impl.diff(
      "abc",
      { name: "abc", size: 3, note: "stored" },
      { name: "abc", note: "planned" },
      session,
    );
    expect(seen).toEqual([
      { op: "create", value: { name: "abc" } },
      { op: "diff", value: { olds: { name: "abc", size: 3 }, news: { name: "abc" } } },
    ]);
  });

  test("state of an earlier release goes through upgrade; state no release wrote is refused by code", async () => {
    const { impl, seen } = probe();
    await impl.read("abc", { name: "abc" }, session);
    expect(seen[0]).toEqual({ op: "read", value: { name: "abc", size: 0 } });
    expect(await impl.read("gone", { name: "gone" }, session)).toEqual({});
    const refused = impl.delete("abc", { name: 42 }, session);
    await expect(refused).rejects.toBeInstanceOf(ProviderError);
    await expect(refused).rejects.toMatchObject({
      code: "STATE_UNREADABLE",
      message: expect.stringContaining("name") as unknown,
    });
    expect(seen.filter((s) => s.op === "delete")).toEqual([]);
  });

  test("inputs that fail their schema and results missing an output never reach the engine", async () => {
    const { impl } = probe();
    await expect(impl.create({ name: "" }, session)).rejects.toMatchObject({ code: "INPUTS_INVALID" });
    await expect(
      impl.update("abc", { name: "abc", size: 3 }, { name: "abcd" }, session),
    ).rejects.toMatchObject({
      code: "OUTPUTS_INCOMPLETE",
      message: expect.stringContaining("size") as unknown,
    });
  });
});
