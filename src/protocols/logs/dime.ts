/**
 * DimeGetFileService (`/logcollectionservice/services/DimeGetFileService`): GetOneFile(FileName)
 * returns one file of a node by its absolute path (as selectLogFiles lists it). CUCM answers
 * with a multipart/related (MTOM / SwA) body: the SOAP envelope first, the file in its own
 * binary part; an answer with the bytes inline as base64 in GetOneFileReturn is read too. The body
 * is read as a stream and refused once it passes the caller's cap, so a large file never fills memory.
 */
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import type { ServiceabilityTarget } from "../serviceability/soap-call.ts";
import { buildEnvelope } from "../soap/build.ts";
import { decodeFault } from "../soap/fault.ts";
import { createSoapParser } from "../soap/parse.ts";
import { objectOf, textOf } from "../soap/shape.ts";
import { decodeXmlBytes } from "../soap/xml-guard.ts";

/** Where the service lives on a node's HTTPS port. */
const DIME_PATH = "/logcollectionservice/services/DimeGetFileService";

/** Room for the envelope and MIME headers around the file. */
const ENVELOPE_ROOM = 64 * 1024;

const parser = createSoapParser({ arrayTags: [], maxBytes: 1024 * 1024 });

/** The client. */
export interface DimeClient {
  /** The bytes of `path`; refuses a file larger than `maxBytes`. */
  getOneFile(target: ServiceabilityTarget, path: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/** The parts of a multipart body (headers lower-cased, raw bytes). */
function splitMultipart(
  body: Uint8Array,
  boundary: string,
): Array<{ headers: Record<string, string>; data: Uint8Array }> {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const marker = Buffer.from(`--${boundary}`);
  const parts: Array<{ headers: Record<string, string>; data: Uint8Array }> = [];
  let at = buf.indexOf(marker);
  while (at !== -1) {
    const start = at + marker.length;
    if (buf.subarray(start, start + 2).toString() === "--") break;
    const next = buf.indexOf(marker, start);
    if (next === -1) break;
    const part = buf.subarray(start + 2, next - 2); // drop the CRLF after the marker and before the next
    const split = part.indexOf("\r\n\r\n");
    const head = split === -1 ? "" : part.subarray(0, split).toString("latin1");
    const headers: Record<string, string> = {};
    for (const line of head.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, data: split === -1 ? part : part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/** Creates the client on an injected fetch. */
export function createDimeClient(fetchFn: FetchLike): DimeClient {
  return {
    async getOneFile(target, path, maxBytes, signal) {
      let res: Awaited<ReturnType<typeof httpRequest>>;
      try {
        res = await httpRequest(fetchFn, {
          url: `https://${target.host}:${target.port}${DIME_PATH}`,
          method: "POST",
          headers: {
            "content-type": "text/xml; charset=utf-8",
            soapaction: "http://schemas.cisco.com/ast/soap/action/#LogCollectionPort#GetOneFile",
            authorization: basicAuth(target.username, target.password),
          },
          body: buildEnvelope({
            namespace: "http://schemas.cisco.com/ast/soap",
            prefix: "soap",
            operation: "GetOneFile",
            payload: { FileName: path },
            qualifyChildren: true,
          }),
          timeoutMs: target.timeoutMs,
          tls: target.tls,
          maxBytes: maxBytes + ENVELOPE_ROOM,
          host: target.host,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        if (error instanceof ProtocolError && error.code === "UPSTREAM_TOO_LARGE")
          throw new ProtocolError(
            "UPSTREAM_TOO_LARGE",
            `${path} on ${target.host} is larger than the ${maxBytes}-byte download cap; nothing was saved`,
            "Pick a smaller file (a shorter window gives smaller trace files) or ask an administrator to raise LOGS_DOWNLOAD_MAX_BYTES.",
            { host: target.host },
          );
        throw error;
      }
      if (res.status === 401 || res.status === 403)
        throw new ProtocolError(
          "UPSTREAM_AUTH",
          `${target.host} refused the DIME credentials (HTTP ${res.status})`,
          "Check the stored AXL credentials and that the application user has a serviceability role.",
          { host: target.host, status: res.status },
        );
      const type = res.headers.get("content-type") ?? "";
      const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
      let xmlBytes = res.body;
      let attachment: Uint8Array | undefined;
      if (/^multipart\//i.test(type) && boundary) {
        const parts = splitMultipart(res.body, boundary);
        xmlBytes = parts[0]?.data ?? new Uint8Array();
        attachment = parts[1]?.data;
      }
      if (res.status !== 200 && res.status !== 500)
        throw new ProtocolError(
          "UPSTREAM_HTTP",
          `${target.host} answered GetOneFile with HTTP ${res.status}`,
          "Retry later; check the node's Cisco Tomcat service.",
          {
            host: target.host,
            status: res.status,
          },
        );
      const body = parser.parseEnvelope(decodeXmlBytes(xmlBytes, 1024 * 1024, target.host), target.host);
      if (body.name === "Fault") {
        const fault = decodeFault(body.value);
        throw new ProtocolError(
          "UPSTREAM_PROTOCOL",
          `GetOneFile fault from ${target.host}: ${fault.faultstring}`,
          "Use a path exactly as the log listing gives it; the file may have rotated away.",
          { host: target.host, faultcode: fault.faultcode },
        );
      }
      // Inline, the file is the base64 text of GetOneFileReturn inside the response element.
      const data = attachment ?? Buffer.from(textOf(objectOf(body.value)["GetOneFileReturn"]) ?? "", "base64");
      if (data.byteLength > maxBytes)
        throw new ProtocolError(
          "UPSTREAM_TOO_LARGE",
          `${path} is larger than the ${maxBytes}-byte download cap`,
          "Pick a smaller file.",
          {
            host: target.host,
          },
        );
      return data;
    },
  };
}
