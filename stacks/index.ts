/**
 * The program platform teams copy. For now it is the walking skeleton: it declares the records
 * listed in stack config (`pulumi-rewst-csp:records`) on the records API the dev stack points at.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { RemoteRecord } from "../provider";
import { remoteRecordInputsSchema } from "../provider/resources/remoteRecord/schema";

const declarationsSchema = z.array(remoteRecordInputsSchema.extend({ name: z.string().min(1) }));

const config = new pulumi.Config();
const parsed = declarationsSchema.safeParse(config.requireObject<unknown>("records"));
if (!parsed.success) {
  const problems = parsed.error.issues.map(
    (issue) => `  - records.${issue.path.join(".")}: ${issue.message}`,
  );
  throw new Error(`stack config pulumi-rewst-csp:records is invalid:\n${problems.join("\n")}`);
}

const records = parsed.data.map(({ name, ...args }) => [name, new RemoteRecord(name, args)] as const);

export const recordIds = Object.fromEntries(records.map(([name, record]) => [name, record.remoteId]));
