/**
 * One typed adapter between the shim's untyped property bags and a resource's operations: the
 * plan-time annotations are stripped once, inputs are parsed once with the strict schema, stored
 * props of any release go through one explicit `upgrade`, and what an operation returns is checked
 * against the one output declaration before the engine stores it.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import type { PropertyBag } from "../dynamic/contract";
import { ProviderError } from "../errors";
import type { ProviderSession, SessionImplementation } from "../session/session";

/** A resource's behaviour on typed values: `Inputs` as declared, `State` as stored, `Outputs` as returned. */
export interface ResourceDefinition<Inputs, State, Outputs extends object> {
  /** The strict input schema (check() reports its failures before anything is written). */
  inputs: z.ZodType<Inputs>;
  /** Fields check() adds to the planned inputs for the policy pack: never part of the declaration. */
  annotations?: readonly string[];
  /** Stored props of this or any earlier release, in this release's state shape. */
  upgrade: (props: PropertyBag) => State;
  /** Every computed output key: a result without one of them is a bug, refused before it is stored. */
  outputKeys: readonly (keyof Outputs & string)[];
  check(olds: PropertyBag, news: PropertyBag, session: ProviderSession): Promise<pulumi.dynamic.CheckResult>;
  /** `news` may still hold unknown values at preview, so it comes unparsed (annotations stripped). */
  diff(
    id: string,
    olds: State,
    news: PropertyBag,
    session: ProviderSession,
  ): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Inputs, session: ProviderSession): Promise<{ id: string; outs: Outputs }>;
  /**
   * `pulumi import <type> <name> <id>`: the state an import starts from, made from the id alone (the
   * engine sends no properties). Left out: the resource cannot be imported (IMPORT_UNSUPPORTED).
   */
  importState?: (id: string) => State;
  /**
   * Undefined: the resource is gone from the tenant (the engine drops it from state). `importing`:
   * the state is {@link importState}'s, so the declaration is what the tenant shows.
   */
  read(
    id: string,
    state: State,
    session: ProviderSession,
    options: { importing: boolean },
  ): Promise<{ id: string; props: Outputs; inputs?: PropertyBag } | undefined>;
  update(id: string, olds: State, news: Inputs, session: ProviderSession): Promise<{ outs: Outputs }>;
  delete(id: string, state: State, session: ProviderSession): Promise<void>;
}

const problemsOf = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.map(String).join(".") || "(all)"} ${issue.message}`).join("; ");

/** The shim contract's implementation of a typed resource definition. */
export function defineResource<Inputs, State, Outputs extends object>(
  definition: ResourceDefinition<Inputs, State, Outputs>,
): SessionImplementation {
  const annotations = new Set(definition.annotations ?? []);
  const declared = (bag: PropertyBag): PropertyBag =>
    Object.fromEntries(Object.entries(bag).filter(([key]) => !annotations.has(key)));
  const parse = (bag: PropertyBag): Inputs => {
    const parsed = definition.inputs.safeParse(declared(bag));
    if (parsed.success) return parsed.data;
    throw new ProviderError(
      "INPUTS_INVALID",
      `the inputs do not pass their check: ${problemsOf(parsed.error)}`,
    );
  };
  const checked = (outs: Outputs): PropertyBag => {
    const absent = definition.outputKeys.filter((key) => outs[key] === undefined);
    if (absent.length > 0)
      throw new ProviderError("OUTPUTS_INCOMPLETE", `a result left out the outputs ${absent.join(", ")}`);
    return outs as PropertyBag;
  };
  const stored = (props: PropertyBag): State => {
    try {
      return definition.upgrade(props);
    } catch (error) {
      // An upgrade that fails for another reason is a bug of ours, not the state's: it passes as it is.
      if (!(error instanceof z.ZodError)) throw error;
      throw new ProviderError("STATE_UNREADABLE", `the stored state does not read: ${problemsOf(error)}`);
    }
  };
  return {
    check: (olds, news, session) => definition.check(olds, news, session),
    // Every operation is async, so a refusal here is a rejected promise like any other failure.
    diff: async (id, olds, news, session) => definition.diff(id, stored(olds), declared(news), session),
    create: async (inputs, session) => {
      const { id, outs } = await definition.create(parse(inputs), session);
      return { id, outs: checked(outs) };
    },
    read: async (id, props, session) => {
      // An import sends the id alone: no stored props at all (state always holds some).
      const importing = Object.keys(props).length === 0;
      if (importing && !definition.importState)
        throw new ProviderError("IMPORT_UNSUPPORTED", `this resource cannot be imported by id (${id})`);
      const state = importing && definition.importState ? definition.importState(id) : stored(props);
      const result = await definition.read(id, state, session, { importing });
      if (!result) return {};
      const { id: readId, props: outs, inputs } = result;
      return { id: readId, props: checked(outs), ...(inputs ? { inputs } : {}) };
    },
    update: async (id, olds, news, session) => ({
      outs: checked((await definition.update(id, stored(olds), parse(news), session)).outs),
    }),
    delete: async (id, props, session) => definition.delete(id, stored(props), session),
  };
}
