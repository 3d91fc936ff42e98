import type {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/**
 * Runs policies on constructed arguments, without the engine. Dynamic resources have no
 * `__pulumiType` the policy SDK's helpers could use, so resources are described by type string.
 */
export interface FakeResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

const urnOf = (r: FakeResource) => `urn:pulumi:test::test::${r.type}::${r.name}`;

function resourceArgs(r: FakeResource): ResourceValidationArgs {
  return {
    type: r.type,
    name: r.name,
    urn: urnOf(r),
    props: r.props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    },
    stackTags: new Map(),
    getConfig: <T extends object>() => ({}) as T,
    isType: () => false,
    asType: () => undefined,
    notApplicable: () => {
      throw new Error("notApplicable");
    },
  };
}

export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  r: FakeResource,
): Promise<string[]> {
  const messages: string[] = [];
  const validators = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  for (const validate of validators) {
    if (!validate) continue;
    await validate(resourceArgs(r), (message: string) => messages.push(message));
  }
  return messages;
}

/** The policy's config as the engine gives it: schema defaults, then the overrides. */
function configOf(
  policy: { configSchema?: { properties?: Record<string, unknown> } },
  overrides: Record<string, unknown>,
) {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
      .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
  return { ...defaults, ...overrides };
}

export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: FakeResource[],
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const messages: string[] = [];
  const stackResources = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: urnOf(r),
    props: r.props,
    opts: resourceArgs(r).opts,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  const args = {
    resources: stackResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => configOf(policy, config) as T,
    notApplicable: () => {
      throw new Error("notApplicable");
    },
  } as unknown as StackValidationArgs;
  await policy.validateStack(args, (message: string) => messages.push(message));
  return messages;
}
