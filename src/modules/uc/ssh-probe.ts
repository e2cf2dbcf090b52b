/**
 * SSH checks that need no shell: read the host key a node presents (for the trust tool, which
 * compares it with what the admin typed — the admin's out-of-band value is the authority, the
 * node only confirms it), and an authentication check behind the pinned key (connectivity tool).
 * RFC 4253 section 8 (host key in the key exchange), RFC 4252 (authentication).
 */
import type { Client } from "ssh2";
import { ProtocolError } from "../../protocols/errors.ts";
import { hostKeyCheck, type KnownHostsStore, sshFingerprint } from "../../protocols/vos-ssh/host-keys.ts";

/** Where to connect. */
export interface ProbeTarget {
  host: string;
  port: number;
  timeoutMs: number;
}

function unreachable(t: ProbeTarget, err: unknown): ProtocolError {
  return new ProtocolError(
    "UPSTREAM_UNREACHABLE",
    `Could not reach SSH on ${t.host}:${t.port}`,
    "Check the host, the SSH port (credential port or the product's SERVER_*_SSH_PORT) and firewalls.",
    { host: t.host },
    { cause: err },
  );
}

/** Connects only far enough to see the host key; never authenticates. */
export function presentedFingerprint(client: Client, t: ProbeTarget): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen: string | undefined;
    const timer = setTimeout(() => {
      client.end();
      reject(unreachable(t, new Error("timeout")));
    }, t.timeoutMs);
    client.on("error", (err) => {
      clearTimeout(timer);
      if (seen !== undefined) resolve(seen);
      else reject(unreachable(t, err));
    });
    client.connect({
      host: t.host,
      port: t.port,
      username: "probe",
      readyTimeout: t.timeoutMs,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        seen = sshFingerprint(key);
        clearTimeout(timer);
        resolve(seen);
        verify(false);
      },
    } as Parameters<Client["connect"]>[0]);
  });
}

/** Logs in behind the pinned key and disconnects; resolves on success, throws a ProtocolError otherwise. */
export function sshLogin(
  client: Client,
  t: ProbeTarget & { username: string; password: string },
  known: KnownHostsStore,
): Promise<void> {
  const check = hostKeyCheck(known, t.host, t.port);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end();
      reject(
        new ProtocolError("UPSTREAM_TIMEOUT", `SSH login to ${t.host} timed out`, "Retry later.", { host: t.host }),
      );
    }, t.timeoutMs);
    client.on("keyboard-interactive", (_n, _i, _l, prompts, finish) => finish(prompts.map(() => t.password)));
    client.once("ready", () => {
      clearTimeout(timer);
      client.end();
      resolve();
    });
    client.on("error", (err) => {
      clearTimeout(timer);
      const refusal = check.refusal();
      const auth = (err as { level?: string }).level === "client-authentication";
      reject(
        refusal ??
          (auth
            ? new ProtocolError("UPSTREAM_AUTH", `${t.host} refused the OS credentials`, "Fix them.", { host: t.host })
            : unreachable(t, err)),
      );
      client.end();
    });
    client.connect({
      host: t.host,
      port: t.port,
      username: t.username,
      password: t.password,
      tryKeyboard: true,
      readyTimeout: t.timeoutMs,
      hostVerifier: check.verifier,
    });
  });
}
