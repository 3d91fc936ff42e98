import type * as pulumi from "@pulumi/pulumi";

import { RecordsClient } from "../../clients/recordsClient";
import type { RemoteRecordWire } from "../../contracts/records";
import { CONFIG_KEYS } from "../../config/providerConfig";
import { checkInputs } from "../../dynamic/check";
import type { PropertyBag } from "../../dynamic/contract";
import type { ProviderSession, SessionImplementation } from "../../session";
import { packageVersion, userAgent } from "../../packageInfo";
import { type RemoteRecordInputs, type RemoteRecordOutputs, remoteRecordInputsSchema } from "./schema";

function client(session: ProviderSession): RecordsClient {
  const config = session.settings(CONFIG_KEYS.records);
  return new RecordsClient({
    baseUrl: config.recordsApiUrl,
    token: config.recordsApiToken,
    userAgent: userAgent(),
  });
}

function toOutputs(record: RemoteRecordWire): RemoteRecordOutputs {
  return {
    key: record.key,
    value: record.value,
    ...(record.owner === null ? {} : { owner: record.owner }),
    remoteId: record.id,
    revision: record.revision,
    implementationVersion: packageVersion(),
  };
}

function toInputs(record: RemoteRecordWire): RemoteRecordInputs {
  return { key: record.key, value: record.value, ...(record.owner === null ? {} : { owner: record.owner }) };
}

/**
 * Compares stored outputs (refreshed ones after `--refresh`) with the desired inputs.
 * A new key is a new record (replace); value and owner are updated in place.
 */
export function diffRemoteRecord(olds: PropertyBag, news: PropertyBag): pulumi.dynamic.DiffResult {
  const replaces = olds.key !== news.key ? ["key"] : [];
  const updates = (["value", "owner"] as const).filter((field) => olds[field] !== news[field]);
  return { changes: replaces.length + updates.length > 0, replaces };
}

/** Behaviour of {@link RemoteRecord}, loaded by the shim at call time. */
export const remoteRecordImplementation: SessionImplementation = {
  check: (_olds, news) => Promise.resolve(checkInputs(remoteRecordInputsSchema, news)),

  diff: (_id, olds, news) => Promise.resolve(diffRemoteRecord(olds, news)),

  async create(inputs, session) {
    const desired = remoteRecordInputsSchema.parse(inputs);
    const record = await client(session).create({
      key: desired.key,
      value: desired.value,
      owner: desired.owner ?? null,
    });
    return { id: record.id, outs: toOutputs(record) };
  },

  async read(id, _props, session) {
    const record = await client(session).get(id);
    // No id tells the engine the record is gone, so refresh drops it and the next up re-creates it.
    if (!record) return {};
    return { id, props: toOutputs(record), inputs: toInputs(record) };
  },

  async update(id, _olds, news, session) {
    const desired = remoteRecordInputsSchema.parse(news);
    const record = await client(session).update(id, { value: desired.value, owner: desired.owner ?? null });
    return { outs: toOutputs(record) };
  },

  async delete(id, _props, session) {
    await client(session).delete(id);
  },
};
