#!/usr/bin/env node
/**
 * The native provider plugin's process (`pulumi-resource-rewst-csp` runs it): the engine starts it,
 * reads the port it prints, and calls it over gRPC for every `rewst-csp:index:*` resource.
 */
import * as provider from "@pulumi/pulumi/provider";

import { implementations, packageVersion } from "../runtime";
import { capturingConfigure, configuredSettings } from "./configure";
import { readWithoutProperties, wrapProviderHandlers } from "./grpcHandlers";
import { nativeProvider } from "./provider";
import { providerSchema } from "./schema";

wrapProviderHandlers({ configure: capturingConfigure, read: readWithoutProperties });
void provider.main(
  nativeProvider(
    implementations,
    configuredSettings,
    packageVersion,
    JSON.stringify(providerSchema(packageVersion)),
  ),
  process.argv.slice(2),
);
