import { z } from "zod";

/**
 * Wire shapes of the records API, the walking-skeleton remote that {@link RemoteRecord} manages.
 * Used by both the client and the emulator so the two cannot disagree.
 */
export const recordKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
  error: "must be 1-63 lowercase letters, digits or '-', starting with a letter or digit",
});

export const recordValueSchema = z.string().max(1024, { error: "must be at most 1024 characters" });

export const recordOwnerSchema = z.string().min(1, { error: "must not be empty" }).max(128);

export const remoteRecordSchema = z.object({
  id: z.string(),
  key: recordKeySchema,
  value: recordValueSchema,
  owner: recordOwnerSchema.nullable(),
  revision: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
});
export type RemoteRecordWire = z.infer<typeof remoteRecordSchema>;

export const createRecordRequestSchema = z.object({
  key: recordKeySchema,
  value: recordValueSchema,
  owner: recordOwnerSchema.nullable(),
});
export type CreateRecordRequest = z.infer<typeof createRecordRequestSchema>;

export const updateRecordRequestSchema = createRecordRequestSchema.omit({ key: true });
export type UpdateRecordRequest = z.infer<typeof updateRecordRequestSchema>;

export const recordsErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type RecordsErrorWire = z.infer<typeof recordsErrorSchema>;
