// Assembles the pack; each policy lives in its own module (tests import those, never this file,
// because constructing a PolicyPack starts its gRPC server).
import { PolicyPack } from "@pulumi/policy";

import { POLICIES } from "./all";

new PolicyPack("rewst-csp", { policies: POLICIES });
