/**
 * The provider object of CpvConsent: this module's exports themselves. An installed package is under
 * node_modules, so Pulumi stores a one-line `require` of this module instead of the shim's code
 * (see {@link createShimProvider}). The path is part of the state contract: keep it.
 */
import { createShimProvider } from "../shim";
import { CPV_CONSENT_TYPE } from "../../typeTokens";

export = createShimProvider(CPV_CONSENT_TYPE);
