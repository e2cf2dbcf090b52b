/**
 * HTTP Basic authentication (RFC 7617) for the lab's simulated Cisco services (RisPort70,
 * CUPI, phone web servers), compared in constant time so the lab does not teach clients to
 * rely on timing. Shared by the lab service handlers.
 */
import { timingSafeEqual } from "node:crypto";

/** A username/password pair the lab accepts. */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** True when the request's `Authorization: Basic …` header carries exactly these credentials. */
export function checkBasicAuth(request: Request, expected: BasicCredentials): boolean {
  const header = request.headers.get("authorization") ?? "";
  if (header.slice(0, 6).toLowerCase() !== "basic ") return false;
  let decoded: string;
  try {
    decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  } catch {
    return false;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  return sameText(decoded.slice(0, colon), expected.username) && sameText(decoded.slice(colon + 1), expected.password);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  // Compare equal-length buffers so the comparison time does not depend on where they differ.
  const padded = Buffer.alloc(Math.max(left.length, right.length));
  const other = Buffer.alloc(padded.length);
  left.copy(padded);
  right.copy(other);
  return timingSafeEqual(padded, other) && left.length === right.length;
}

/** The `Authorization` header value for these credentials (lab tests and clients). */
export function basicAuthHeader(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64")}`;
}
