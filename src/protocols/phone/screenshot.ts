/**
 * Phone screenshots: `GET /CGI/Screenshot` on the phone's own web server with HTTP Basic auth
 * (the phone forwards the credentials to its Authentication URL on CUCM; the user must control
 * the device). Phones present self-signed per-device certificates, so TLS is not verified for
 * them (see docs/cucm.md); the IP always comes from RisPort70, never from the agent.
 * HTTPS only: plain HTTP would send the phone user's password in clear, so it is used only when
 * the stored phone credential says so (`plainHttp`), and then instead of HTTPS, never as a
 * fallback an attacker on the path could force by blocking port 443.
 * BMP answers (older 79xx) are converted to PNG with the shared codecs in src/util/image.
 */
import { isIP } from "node:net";
import { decodeBmp, isBmp } from "../../util/image/bmp.ts";
import { encodePng, isPng } from "../../util/image/png.ts";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import { PHONE_TLS } from "../tls.ts";

/** The phone to ask. */
export interface PhoneTarget {
  /** IP address from RIS (`RisDeviceRecord.ipv4`). */
  ip: string;
  /** Web server port when not the scheme default (the lab uses loopback ports). */
  port?: number;
  username: string;
  password: string;
  /** SERVER_CUCM_PHONE_SCREENSHOT_TIMEOUT × 1000. */
  timeoutMs: number;
  /** Plain HTTP instead of HTTPS: set only from a stored credential that explicitly allows it. */
  plainHttp?: boolean;
}

/** A screenshot ready for an MCP image content block. */
export interface Screenshot {
  data: Uint8Array;
  mimeType: "image/png" | "image/jpeg";
  /** What the phone sent. */
  source: "png" | "bmp" | "jpeg";
}

const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

/** Fetches and normalises a screenshot. */
export async function fetchScreenshot(fetchFn: FetchLike, target: PhoneTarget): Promise<Screenshot> {
  if (isIP(target.ip) === 0) {
    throw new ProtocolError(
      "INVALID_REQUEST",
      `"${target.ip}" is not an IP address`,
      "Use the IP address RisPort70 reports for the phone.",
    );
  }
  const host = isIP(target.ip) === 6 ? `[${target.ip}]` : target.ip;
  const scheme = target.plainHttp === true ? "http" : "https";
  // Errors name the address and port actually tried, so a wrong stored port shows at once.
  const where = `${host}:${target.port ?? (scheme === "https" ? 443 : 80)}`;
  const res = await httpRequest(fetchFn, {
    url: `${scheme}://${host}${target.port ? `:${target.port}` : ""}/CGI/Screenshot`,
    method: "GET",
    headers: {
      authorization: basicAuth(target.username, target.password),
      accept: "image/png, image/bmp, image/jpeg",
    },
    timeoutMs: target.timeoutMs,
    ...(scheme === "https" ? { tls: PHONE_TLS } : {}),
    maxBytes: MAX_IMAGE_BYTES,
    host: where,
  });
  if (res.status === 404) {
    throw new ProtocolError(
      "UPSTREAM_HTTP",
      `${where} has no /CGI/Screenshot over ${scheme}`,
      "Enable Web Access on the phone.",
      { host: target.ip, status: 404 },
    );
  }
  return toScreenshot(res.status, res.body, where);
}

function toScreenshot(status: number, body: Uint8Array, ip: string): Screenshot {
  const text = body.byteLength < 2048 ? new TextDecoder().decode(body) : "";
  if (status === 401 || status === 403 || text.includes("CiscoIPPhoneError")) {
    throw new ProtocolError(
      "UPSTREAM_AUTH",
      `The phone ${ip} refused the screenshot credentials`,
      "The phone user must have this phone in Controlled Devices (and a CTI role); the phone checks credentials against its Authentication URL on CUCM.",
      { host: ip, status },
    );
  }
  if (status !== 200) {
    throw new ProtocolError(
      "UPSTREAM_HTTP",
      `The phone ${ip} answered HTTP ${status}`,
      "Check that Web Access is enabled on the phone.",
      { host: ip, status },
    );
  }
  if (isPng(body)) return { data: body, mimeType: "image/png", source: "png" };
  if (isBmp(body)) {
    try {
      return { data: encodePng(decodeBmp(body)), mimeType: "image/png", source: "bmp" };
    } catch (err) {
      throw new ProtocolError(
        "UPSTREAM_PROTOCOL",
        `The phone ${ip} sent an unreadable BMP`,
        "Retry; phones serve a screenshot at most every 2 s.",
        { host: ip },
        { cause: err },
      );
    }
  }
  if (body[0] === 0xff && body[1] === 0xd8) return { data: body, mimeType: "image/jpeg", source: "jpeg" };
  throw new ProtocolError(
    "UPSTREAM_PROTOCOL",
    `The phone ${ip} did not send an image`,
    "Check the phone model supports /CGI/Screenshot and Web Access is enabled.",
    { host: ip },
  );
}
