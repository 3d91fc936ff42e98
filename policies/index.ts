// Assembles the pack; each policy lives in its own module (tests import those, never this file,
// because constructing a PolicyPack starts its gRPC server).
import { PolicyPack } from "@pulumi/policy";

import { remoteRecordKeysUnique } from "./remoteRecordKeysUnique";
import { remoteRecordOwnerRequired } from "./remoteRecordOwnerRequired";

new PolicyPack("rewst-csp", {
  policies: [remoteRecordOwnerRequired, remoteRecordKeysUnique],
});
