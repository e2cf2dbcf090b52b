/**
 * The server's RSA key pair (JWT signing, backup key wrapping, manifest signatures).
 * Generated natively by node:crypto at first boot (AUTH_RSA_KEY_SIZE bits), verified at every
 * start: a missing half, an unreadable file or a public key that does not match the private
 * key is regenerated, and the caller is told so (every issued token then changes).
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { SECRET_FILE_MODE, writeFileAtomic } from "../fs/atomic.ts";

const generate = promisify(generateKeyPair);

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  /** True when this start generated a new pair. */
  generated: boolean;
  modulusBits: number;
}

export interface RsaKeyPaths {
  privatePath: string;
  publicPath: string;
  bits: number;
}

/** Loads the key pair, or generates and stores a new one when it is missing or broken. */
export async function ensureRsaKeyPair(paths: RsaKeyPaths): Promise<RsaKeyPair> {
  const existing = tryLoad(paths);
  if (existing) return existing;
  const { privateKey, publicKey } = await generate("rsa", {
    modulusLength: paths.bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  writeFileAtomic(paths.privatePath, privateKey, { mode: SECRET_FILE_MODE });
  writeFileAtomic(paths.publicPath, publicKey, { mode: SECRET_FILE_MODE });
  return {
    privateKey: createPrivateKey(privateKey),
    publicKey: createPublicKey(publicKey),
    publicPem: publicKey,
    generated: true,
    modulusBits: paths.bits,
  };
}

function tryLoad(paths: RsaKeyPaths): RsaKeyPair | undefined {
  if (!existsSync(paths.privatePath) || !existsSync(paths.publicPath)) return undefined;
  try {
    const privateKey = createPrivateKey(readFileSync(paths.privatePath, "utf8"));
    const publicPem = readFileSync(paths.publicPath, "utf8");
    const publicKey = createPublicKey(publicPem);
    const derived = createPublicKey(privateKey).export({ type: "spki", format: "der" });
    const stored = publicKey.export({ type: "spki", format: "der" });
    if (privateKey.asymmetricKeyType !== "rsa" || !derived.equals(stored)) return undefined;
    const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    return { privateKey, publicKey, publicPem, generated: false, modulusBits };
  } catch {
    return undefined;
  }
}
