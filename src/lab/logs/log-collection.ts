/**
 * The lab's LogCollectionPortTypeService (`/logcollectionservice2/services/LogCollectionPortTypeService`):
 * listNodeServiceLogs (the services whose logs the node keeps) and selectLogFiles (files of the
 * named services in a window given either as RelText/RelTime, e.g. Hours 1, or as FromDate/ToDate
 * in `MM/DD/YY hh:mm AM` form, read as UTC). Also the DimeGetFileService endpoint
 * (`/logcollectionservice/services/DimeGetFileService`): GetOneFile answers as MTOM
 * (multipart/related, the file in its own binary part), as CUCM sends files.
 */
import type { LabCredentials, LabNode } from "../contracts.ts";
import { checkBasicAuth } from "../ris/basic-auth.ts";
import { soapFault } from "../ris/response.ts";
import { el, LabSoapFault, type SoapRequest, soapEndpoint, soapResponse, textOf } from "../serviceability/soap.ts";
import { LAB_LOG_SERVICES, type LabTraceFiles } from "./trace-files.ts";

/** Where a node serves these APIs. */
export const LOG_ROUTES = {
  logCollection: "/logcollectionservice2/services/LogCollectionPortTypeService",
  dime: "/logcollectionservice/services/DimeGetFileService",
} as const;

const REL_MS: Record<string, number> = { Minutes: 60_000, Hours: 3_600_000, Days: 86_400_000, Weeks: 604_800_000 };

/** `MM/DD/YY hh:mm AM` (UTC) to ms; NaN when malformed. */
function parseCiscoDate(text: string): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2}):(\d{2}) (AM|PM)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const hour = (Number(m[4]) % 12) + (m[6] === "PM" ? 12 : 0);
  return Date.UTC(2000 + Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]));
}

function items(value: unknown): string[] {
  const list = (value ?? {}) as Record<string, unknown>;
  return ((list["item"] as unknown[] | undefined) ?? []).map(textOf).filter((s) => s !== "");
}

/** Options of the two handlers. */
export interface LogCollectionOptions {
  node: LabNode;
  traces: LabTraceFiles;
  credentials: LabCredentials["axl"];
  now?: () => number;
}

/** The LogCollectionPortTypeService handler of one node. */
export function createLogCollectionHandler(opts: LogCollectionOptions): (req: Request) => Promise<Response> {
  const now = opts.now ?? Date.now;
  const answer = (req: SoapRequest): string => {
    switch (req.operation) {
      case "listNodeServiceLogs":
        return soapResponse(
          req.operation,
          el("listNodeServiceLogsReturn", {
            xml:
              el("name", opts.node.name) +
              el("ServiceLog", {
                xml: Object.keys(LAB_LOG_SERVICES)
                  .map((s) => el("item", s))
                  .join(""),
              }) +
              el("SystemLog", { xml: "" }),
          }),
        );
      case "selectLogFiles": {
        const c = (req.body["FileSelectionCriteria"] ?? {}) as Record<string, unknown>;
        const services = items(c["ServiceLogs"]);
        if (services.length === 0 && items(c["SystemLogs"]).length === 0)
          throw new LabSoapFault("FileSelectionCriteria names no ServiceLogs or SystemLogs item.");
        const relText = textOf(c["RelText"]) || "None";
        let from: number;
        let to: number;
        if (relText !== "None") {
          const span = REL_MS[relText];
          const rel = Number(textOf(c["RelTime"]));
          if (span === undefined || !Number.isInteger(rel) || rel < 1)
            throw new LabSoapFault(
              `RelText "${relText}" with RelTime "${textOf(c["RelTime"])}" is not a valid window.`,
            );
          to = now();
          from = to - rel * span;
        } else {
          from = parseCiscoDate(textOf(c["FromDate"]));
          to = parseCiscoDate(textOf(c["ToDate"]));
          if (Number.isNaN(from) || Number.isNaN(to))
            throw new LabSoapFault("FromDate and ToDate must read MM/DD/YY hh:mm AM (or set RelText and RelTime).");
        }
        const lists = services.map((service) => {
          const files = opts.traces.list(service, from, to).filter((f) => f.startMs <= now());
          return el("ServiceLogs", {
            xml:
              el("name", service) +
              el("SetOfFiles", {
                xml: files
                  .map((f) => {
                    const size = opts.traces.read(f.absolutepath)?.length ?? 0;
                    return el("File", {
                      xml:
                        el("name", f.name) +
                        el("absolutepath", f.absolutepath) +
                        el("filesize", size) +
                        el("modifiedDate", new Date(Math.min(f.endMs, now())).toUTCString()),
                    });
                  })
                  .join(""),
              }),
          });
        });
        return soapResponse(
          req.operation,
          el("ResultSet", {
            xml: el("SchemaFileSelectionResult", {
              xml: el("Node", { xml: el("name", opts.node.name) + el("ServiceList", { xml: lists.join("") }) }),
            }),
          }),
        );
      }
      default:
        throw new LabSoapFault(
          `The lab does not simulate LogCollectionPortTypeService operation ${req.operation}; it serves listNodeServiceLogs and selectLogFiles.`,
        );
    }
  };
  return soapEndpoint("LogCollectionPortTypeService", opts.credentials, answer);
}

const FAULT_HEADERS = { "content-type": "text/xml; charset=utf-8" };

/** The DimeGetFileService handler: GetOneFile(FileName) as an MTOM answer. */
export function createDimeHandler(opts: {
  credentials: LabCredentials["axl"];
  read: (path: string) => Uint8Array | undefined;
}): (req: Request) => Promise<Response> {
  return async (req) => {
    if (!checkBasicAuth(req, opts.credentials))
      return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Basic realm="Cisco"' } });
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "POST" } });
    const xml = await req.text();
    const name = /<(?:\w+:)?FileName[^>]*>([^<]*)<\/(?:\w+:)?FileName>/.exec(xml)?.[1]?.trim() ?? "";
    if (name === "")
      return new Response(soapFault("Client", "GetOneFile needs a FileName (the file's absolute path)."), {
        status: 500,
        headers: FAULT_HEADERS,
      });
    const data = opts.read(name);
    if (data === undefined)
      return new Response(soapFault("Server", `FileName ${name} do not exist`), {
        status: 500,
        headers: FAULT_HEADERS,
      });
    const boundary = `MIMEBoundary_${Date.now().toString(16)}`;
    const cid = `file.${Date.now().toString(16)}@apache.org`;
    const root = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:GetOneFileReturn xmlns:ns="http://schemas.cisco.com/ast/soap"><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:${cid}"/></ns:GetOneFileReturn></soapenv:Body></soapenv:Envelope>`;
    const head = `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <0.root@apache.org>\r\n\r\n${root}\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${cid}>\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const body = Buffer.concat([Buffer.from(head), Buffer.from(data), Buffer.from(tail)]);
    return new Response(body, {
      headers: {
        "content-type": `multipart/related; boundary=${boundary}; type="application/xop+xml"; start="<0.root@apache.org>"; start-info="text/xml"`,
      },
    });
  };
}
