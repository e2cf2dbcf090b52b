/**
 * The lab's IP phone web servers: one HTTPS listener per phone, on the phone's own loopback IP
 * (the address RisPort70 reports), all on the same port. `/CGI/Screenshot` (case-sensitive, as
 * on the phones) answers behind HTTP Basic auth with a generated image of the model's size, PNG
 * or BMP by model; `/DeviceInformationX` gives the phone's XML identity.
 * At most {@link MAX_PHONE_SERVERS} phones get a server (each listener
 * costs a socket), and only phones whose IP is a 127.x address can be bound.
 */
import type { LabCredentials, RisDevice } from "../contracts.ts";
import { checkBasicAuth } from "../ris/basic-auth.ts";
import { escapeXml } from "../ris/xml-text.ts";
import { screenshotOf } from "./screen.ts";

/** Most phone servers started (the first phones with a loopback IP, in list order). */
export const MAX_PHONE_SERVERS = 200;

/** TLS material for one listener. */
export interface PhoneTls {
  certPem: string;
  keyPem: string;
}

/** Options of {@link startPhoneServers}. */
export interface PhoneServersOptions {
  phones: RisDevice[];
  /** One certificate for all, or one per IP. */
  tls: PhoneTls | ((ip: string) => PhoneTls);
  credentials: LabCredentials["phone"];
  /** Port on every phone IP; 0 lets the first listener pick one that all then share. */
  port: number;
}

/** Why the phone servers could not start. `PHONE_PORT_DENIED`: retry with a port above 1023. */
export class PhoneServerError extends Error {
  readonly code: "PHONE_PORT_DENIED" | "PHONE_PORT_IN_USE" | "PHONE_LISTEN_FAILED";
  readonly ip: string;
  readonly port: number;
  constructor(code: PhoneServerError["code"], ip: string, port: number, message: string) {
    super(message);
    this.name = "PhoneServerError";
    this.code = code;
    this.ip = ip;
    this.port = port;
  }
}

/** Picks the phones that get a server: one per IP (the newest record), loopback only, capped. */
export function phonesToServe(phones: RisDevice[]): RisDevice[] {
  const byIp = new Map<string, RisDevice>();
  for (const p of phones) {
    if (p.deviceClass !== "Phone" || !p.ip.startsWith("127.")) continue;
    const seen = byIp.get(p.ip);
    if (!seen || p.timestamp > seen.timestamp) byIp.set(p.ip, p);
  }
  return [...byIp.values()].slice(0, MAX_PHONE_SERVERS);
}

function handlerFor(phone: RisDevice, credentials: LabCredentials["phone"]) {
  return async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (path === "/CGI/Screenshot") {
      if (!checkBasicAuth(req, credentials)) {
        return new Response('<CiscoIPPhoneError Number="4" />', {
          status: 401,
          headers: { "www-authenticate": 'Basic realm="IP Phone"', "content-type": "text/xml" },
        });
      }
      const shot = screenshotOf(phone);
      return new Response(shot.bytes, { headers: { "content-type": shot.contentType, "cache-control": "no-cache" } });
    }
    if (path === "/DeviceInformationX") {
      const xml = `<?xml version="1.0" encoding="utf-8"?><DeviceInformation><HostName>${escapeXml(phone.name)}</HostName><phoneDN>${escapeXml((phone.dirNumbers[0] ?? "").split("-")[0] ?? "")}</phoneDN><versionID>${escapeXml(phone.activeLoadId)}</versionID><modelNumber>${escapeXml(phone.product)}</modelNumber></DeviceInformation>`;
      return new Response(xml, { headers: { "content-type": "text/xml" } });
    }
    return new Response("Not Found", { status: 404 });
  };
}

function bindError(error: unknown, ip: string, port: number): PhoneServerError {
  const code = (error as { code?: string }).code;
  if (code === "EACCES") {
    return new PhoneServerError(
      "PHONE_PORT_DENIED",
      ip,
      port,
      `Port ${port} needs root privileges; start the phones on a port above 1023.`,
    );
  }
  if (code === "EADDRINUSE") {
    return new PhoneServerError(
      "PHONE_PORT_IN_USE",
      ip,
      port,
      `Port ${port} on ${ip} is already in use; pick another phone port.`,
    );
  }
  return new PhoneServerError(
    "PHONE_LISTEN_FAILED",
    ip,
    port,
    `Cannot listen on ${ip}:${port}: ${(error as Error).message}`,
  );
}

/** Starts the phone web servers; on any bind failure, stops those already started and throws. */
export async function startPhoneServers(
  opts: PhoneServersOptions,
): Promise<{ port: number; count: number; close(): Promise<void> }> {
  const servers: Array<ReturnType<typeof Bun.serve>> = [];
  let port = opts.port;
  for (const phone of phonesToServe(opts.phones)) {
    const tls = typeof opts.tls === "function" ? opts.tls(phone.ip) : opts.tls;
    try {
      const server = Bun.serve({
        hostname: phone.ip,
        port,
        tls: { cert: tls.certPem, key: tls.keyPem },
        fetch: handlerFor(phone, opts.credentials),
      });
      servers.push(server);
      port = server.port ?? port;
    } catch (error) {
      await Promise.all(servers.map((s) => s.stop(true)));
      throw bindError(error, phone.ip, port);
    }
  }
  return {
    port,
    count: servers.length,
    async close() {
      await Promise.all(servers.map((s) => s.stop(true)));
    },
  };
}
