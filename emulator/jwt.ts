import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from "crypto";
import * as fs from "fs";
import * as path from "path";

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** RS256 signer of the emulator's tokens; the key is kept beside the certificates. */
export class TokenSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(dir: string) {
    const keyPath = path.join(dir, "token-signing-key.pem");
    if (!fs.existsSync(keyPath)) {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(keyPath, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    }
    this.privateKey = createPrivateKey(fs.readFileSync(keyPath, "utf8"));
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = createHash("sha256")
      .update(this.publicKey.export({ type: "spki", format: "der" }))
      .digest("base64url")
      .slice(0, 16);
  }

  sign(claims: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ typ: "JWT", alg: "RS256", kid: this.kid }));
    const body = b64url(JSON.stringify(claims));
    const signature = sign("RSA-SHA256", Buffer.from(`${head}.${body}`), this.privateKey);
    return `${head}.${body}.${b64url(signature)}`;
  }

  /** Returns the claims of a token this signer issued, or undefined when the signature is wrong. */
  verify(token: string): Record<string, unknown> | undefined {
    const [head, body, signature] = token.split(".");
    if (!head || !body || !signature) return undefined;
    const ok = verify(
      "RSA-SHA256",
      Buffer.from(`${head}.${body}`),
      this.publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (!ok) return undefined;
    try {
      return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return {
      keys: [{ ...this.publicKey.export({ format: "jwk" }), kid: this.kid, use: "sig", alg: "RS256" }],
    };
  }
}
