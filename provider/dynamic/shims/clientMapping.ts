/**
 * The provider object of ClientMapping: this module's exports themselves. An installed package is under
 * node_modules, so Pulumi stores a one-line `require` of this module instead of the shim's code
 * (see {@link createShimProvider}). The path is part of the state contract: keep it.
 */
import { createShimProvider } from "../shim";
import { CLIENT_MAPPING_TYPE } from "../../typeTokens";

export = createShimProvider(CLIENT_MAPPING_TYPE);
