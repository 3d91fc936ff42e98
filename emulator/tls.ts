import * as fs from "fs";
import * as path from "path";

import { generate } from "selfsigned";

export interface EmulatorCertificates {
  /** PEM of the emulator's CA; give it to clients (NODE_EXTRA_CA_CERTS or an explicit `ca`). */
  ca: string;
  caPath: string;
  cert: string;
  key: string;
}

/**
 * Loads the emulator's CA and loopback server certificate from `dir`, generating them on first use.
 * The server certificate covers localhost, 127.0.0.1 and ::1 only.
 */
export async function ensureCertificates(dir: string): Promise<EmulatorCertificates> {
  const caPath = path.join(dir, "ca.pem");
  const certPath = path.join(dir, "server.pem");
  const keyPath = path.join(dir, "server-key.pem");
  if ([caPath, certPath, keyPath].every((file) => fs.existsSync(file))) {
    return {
      ca: fs.readFileSync(caPath, "utf8"),
      caPath,
      cert: fs.readFileSync(certPath, "utf8"),
      key: fs.readFileSync(keyPath, "utf8"),
    };
  }
  const notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const ca = await generate([{ name: "commonName", value: "pulumi-rewst-csp emulator CA" }], {
    keySize: 2048,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyPath, server.private, { mode: 0o600 });
  fs.writeFileSync(certPath, server.cert);
  fs.writeFileSync(caPath, ca.cert);
  return { ca: ca.cert, caPath, cert: server.cert, key: server.private };
}
