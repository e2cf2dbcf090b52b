/**
 * The lab's VOS admin CLI over SSH (CUCM, IM&P and Unity Connection all run it): an ssh2
 * server on the node's loopback address with a persistent host key, password and
 * keyboard-interactive authentication with the OS administrator account, an interactive
 * shell only (exec and subsystems are refused, as on VOS), and the CLI session of
 * cli-session.ts. Replacing the host key affects new connections only, so a test can prove
 * the bridge refuses a changed key.
 */

import { timingSafeEqual } from "node:crypto";
import { createServer, type Server as NetServer, type Socket } from "node:net";
import { type Connection, Server as SshServer } from "ssh2";
import type { LabCredentials, LabKnobs, LabNode } from "../contracts.ts";
import type { LabCaptures } from "../logs/captures.ts";
import { createCliSession } from "./cli-session.ts";
import { type HostKey, loadOrCreateHostKey, replaceHostKeyFile, VosSshError } from "./host-key.ts";
import type { NodeServiceView } from "./outputs-platform.ts";
import { createTraceSettings } from "./trace-settings.ts";

/** Options of {@link startVosSshServer}. */
export interface VosSshOptions {
  node: LabNode;
  /** Where the host key lives (created on first start, mode 0600). */
  hostKeyPath: string;
  credentials: LabCredentials["os"];
  knobs: LabKnobs;
  /** Product version shown by `show version active`, e.g. `15.0.1.10000-32`. */
  version: string;
  /** The other nodes, for `show network cluster` and replication views (optional; default: this node). */
  clusterNodes?: LabNode[];
  /** Packet captures of this node (CUCM). */
  captures?: LabCaptures;
  /** The node's live service table, shared with the lab's Control Center API. */
  services?: NodeServiceView;
}

/** A running SSH server. */
export interface VosSshServer {
  port: number;
  /** OpenSSH-style `SHA256:…` fingerprint of the current host key. */
  fingerprint(): string;
  /** Generates and persists a new host key; returns its fingerprint. New connections use it. */
  replaceHostKey(): Promise<string>;
  close(): Promise<void>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Starts the SSH server on `node.ip:node.sshPort` (port 0 picks a free port). */
export async function startVosSshServer(opts: VosSshOptions): Promise<VosSshServer> {
  let hostKey: HostKey = loadOrCreateHostKey(opts.hostKeyPath);
  const clients = new Set<Connection>();
  const sockets = new Set<Socket>();
  const ctx = {
    node: opts.node,
    version: opts.version,
    cluster: opts.clusterNodes ?? [opts.node],
    now: () => new Date(),
    ...(opts.captures ? { captures: opts.captures } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    // One trace table per node, kept for the server's life (every session of the node shares it).
    traces: createTraceSettings(),
  };
  const valid = (user: string, password: string) =>
    same(user, opts.credentials.username) && same(password, opts.credentials.password);

  const makeSsh = (key: HostKey) =>
    new SshServer({ hostKeys: [key.privateKey], ident: "OpenSSH_7.4" }, (client) => {
      clients.add(client);
      client.on("close", () => clients.delete(client));
      client.on("error", () => clients.delete(client));
      client.on("authentication", (auth) => {
        if (auth.method === "password") return valid(auth.username, auth.password) ? auth.accept() : auth.reject();
        if (auth.method === "keyboard-interactive") {
          return auth.prompt([{ prompt: "Password: ", echo: false }], (answers) =>
            valid(auth.username, answers[0] ?? "") ? auth.accept() : auth.reject(),
          );
        }
        auth.reject(["password", "keyboard-interactive"]);
      });
      client.on("ready", () => {
        client.on("session", (acceptSession) => {
          const session = acceptSession();
          let rows = 24;
          session.on("pty", (accept, _reject, info) => {
            rows = info.rows || 24;
            accept?.();
          });
          session.on("window-change", (accept, _reject, info) => {
            rows = info.rows || rows;
            accept?.();
          });
          session.on("env", (accept) => accept?.());
          session.on("exec", (_accept, reject) => reject());
          session.on("subsystem", (_accept, reject) => reject());
          session.on("shell", (accept) => {
            const stream = accept();
            const cli = createCliSession(ctx, {
              write: (text) => {
                if (stream.writable) stream.write(text);
              },
              close: () => {
                stream.exit(0);
                stream.end();
              },
              rows: () => rows,
            });
            stream.on("data", (data: Buffer) => cli.input(data.toString("utf8")));
            stream.on("error", () => stream.destroy());
            // VOS prints its first line at once and the welcome and prompt seconds later.
            cli.starting();
            const delay = opts.knobs.get().vosLoginDelayMs + opts.knobs.get().latencyMs;
            if (delay > 0) setTimeout(() => cli.start(), delay);
            else cli.start();
          });
        });
      });
    });

  let ssh = makeSsh(hostKey);
  const listener: NetServer = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    if (opts.knobs.take("resetCount")) return socket.destroy();
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", (error) =>
      reject(
        new VosSshError(
          "LAB_SSH_LISTEN_FAILED",
          `cannot listen on ${opts.node.ip}:${opts.node.sshPort}: ${error.message}`,
        ),
      ),
    );
    listener.listen(opts.node.sshPort, opts.node.ip, () => resolve());
  });
  const address = listener.address();
  const port = typeof address === "object" && address ? address.port : opts.node.sshPort;

  return {
    port,
    fingerprint: () => hostKey.fingerprint,
    async replaceHostKey() {
      hostKey = replaceHostKeyFile(opts.hostKeyPath);
      ssh = makeSsh(hostKey);
      return hostKey.fingerprint;
    },
    close() {
      for (const c of clients) c.end();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
