/**
 * The provider object of EnterpriseApplication: this module's exports themselves. An installed package is under
 * node_modules, so Pulumi stores a one-line `require` of this module instead of the shim's code
 * (see {@link createShimProvider}). The path is part of the state contract: keep it.
 */
import { createShimProvider } from "../shim";
import { ENTERPRISE_APPLICATION_TYPE } from "../../typeTokens";

export = createShimProvider(ENTERPRISE_APPLICATION_TYPE);
