/**
 * SSH host-key pinning for VOS nodes (RFC 4251 section 4.1: the client must verify the server's
 * host key). Fingerprints are OpenSSH's `SHA256:<base64 without padding>` of the key blob. An
 * unknown key is refused (no trust-on-first-use: an admin trusts the fingerprint first through
 * the fingerprint tool); a key that differs from the pinned one is refused loudly.
 */
import { createHash } from "node:crypto";
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { ProtocolError } from "../errors.ts";

/** Where trusted fingerprints live (the credential vault, per host and port). */
export interface KnownHostsStore {
  /** The trusted fingerprint of `host:port`, or undefined when none is pinned. */
  trusted(host: string, port: number): string | undefined | Promise<string | undefined>;
}

/** OpenSSH-style SHA256 fingerprint of a raw public key blob. */
export function sshFingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(PROTOCOL_PATTERNS.base64Padding, "")}`;
}

/** The verdict of one verification, kept so a refused handshake maps to the right error. */
export interface HostKeyCheck {
  verifier: (key: Buffer, verify: (ok: boolean) => void) => void;
  /** The error to throw when the handshake was refused, if the refusal was ours. */
  refusal(): ProtocolError | undefined;
}

/** Builds an ssh2 `hostVerifier` for one connection. */
export function hostKeyCheck(store: KnownHostsStore, host: string, port: number): HostKeyCheck {
  let refusal: ProtocolError | undefined;
  return {
    refusal: () => refusal,
    verifier(key, verify) {
      const seen = sshFingerprint(key);
      Promise.resolve(store.trusted(host, port)).then(
        (pinned) => {
          if (pinned === seen) return verify(true);
          refusal = pinned === undefined ? untrusted(host, port, seen) : changed(host, port, pinned, seen);
          verify(false);
        },
        (err) => {
          refusal = new ProtocolError(
            "SSH_SESSION",
            `Could not read the trusted host keys for ${host}`,
            "Check the credential store.",
            { host },
            { cause: err },
          );
          verify(false);
        },
      );
    },
  };
}

function untrusted(host: string, port: number, fingerprint: string): ProtocolError {
  return new ProtocolError(
    "UNTRUSTED_HOST_KEY",
    `The SSH host key of ${host}:${port} is not trusted yet (${fingerprint})`,
    `Compare ${fingerprint} with the node's key (console: \`show myself\` / your records), then have an admin trust it with the fingerprint tool.`,
    { host, fingerprint },
  );
}

function changed(host: string, port: number, pinned: string, seen: string): ProtocolError {
  return new ProtocolError(
    "HOST_KEY_CHANGED",
    `WARNING: the SSH host key of ${host}:${port} CHANGED (pinned ${pinned}, offered ${seen}); connection refused`,
    "This can be a man-in-the-middle attack or a reinstalled node. Verify the new key out of band before an admin re-trusts it.",
    { host, fingerprint: seen, pinned },
  );
}
