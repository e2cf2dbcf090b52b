/**
 * The lab's AXL endpoint (`/axl/`) for one node, in the shape of CUCM's Axis2 service (AXL
 * Developer Guide: authentication, versioning, throttling, errors): Basic auth or JSESSIONIDSSO,
 * SOAPAction and body namespace checked against the supported versions (HTTP 599 otherwise),
 * unknown operations answered with Axis2's EPR fault, and the lab's fault knobs applied (latency,
 * resets, 503 write throttling, memory faults, malformed and padded answers).
 */
import { timingSafeEqual } from "node:crypto";
import { LAB_PATTERNS } from "../../../util/patterns.ts";
import type { LabCredentials, LabKnobs, LabNode } from "../../contracts.ts";
import {
  AxlFault,
  badVersionResponse,
  clientFaultResponse,
  faultResponse,
  memoryFault,
  throttledResponse,
  unauthorizedResponse,
  unknownOperationResponse,
} from "./faults.ts";
import { createSessionStore, sessionCookie } from "./sessions.ts";
import { type OrderedNode, readOrderedOperation, readSoapRequest, responseEnvelope, SoapReadError } from "./xml.ts";

/** One operation the endpoint serves: returns the inner XML of `<ns:{op}Response>`. */
export interface AxlOperation {
  write: boolean;
  /** `version`: the AXL schema version of the request (`15.0`). */
  run(request: Record<string, unknown>, version: string): string;
}

/** Options of {@link createAxlHandler}. */
export interface AxlHandlerOptions {
  node: LabNode;
  credentials: LabCredentials["axl"];
  knobs: LabKnobs;
  operations: ReadonlyMap<string, AxlOperation>;
  /** Page title of `GET /axl/` ("Cisco CallManager: AXL Web Service"). */
  title: string;
  /**
   * Whether a name is a real AXL operation the lab does not serve: those get a plain "the lab does
   * not simulate" fault; anything else gets Axis2's EPR fault, as a misspelt operation does on CUCM.
   */
  isRealOperation?: (name: string) => boolean;
  /** Schema check of a request (AXLSoap.xsd of the request's version): the violation, or undefined. */
  validate?: (version: string, operation: OrderedNode) => string | undefined;
}

const XML_HEADERS = { "content-type": "text/xml; charset=utf-8" };
/** Largest request body read (AXL answers are capped at 8 MB; requests stay far below). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** Creates the `/axl/` request handler. */
export function createAxlHandler(opts: AxlHandlerOptions): (req: Request) => Promise<Response> {
  const sessions = createSessionStore();
  const expected = Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`);
  const basicOk = (header: string | null): boolean => {
    if (!header?.startsWith("Basic ")) return false;
    const given = Buffer.from(Buffer.from(header.slice(6).trim(), "base64").toString("utf8"));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return async (req) => {
    if (opts.knobs.take("resetCount")) return resetConnection();
    const knobs = opts.knobs.get();
    if (knobs.latencyMs > 0) await Bun.sleep(knobs.latencyMs);
    const cookie = sessionCookie(req.headers.get("cookie"));
    // A node that invalidated the session asks for credentials again (knob axlSession401Count).
    if (cookie !== undefined && !req.headers.has("authorization") && opts.knobs.take("axlSession401Count"))
      return unauthorizedResponse();
    const cookieOk = cookie !== undefined && sessions.touch(cookie);
    let setCookie: string | undefined;
    if (!cookieOk) {
      if (!basicOk(req.headers.get("authorization"))) {
        if (cookie !== undefined && !req.headers.has("authorization"))
          return new Response("Session expired", { status: 404 });
        return unauthorizedResponse();
      }
      setCookie = `JSESSIONIDSSO=${sessions.open()}; Path=/; Secure; HttpOnly`;
    }
    const withCookie = (res: Response): Response => {
      if (setCookie) res.headers.append("set-cookie", setCookie);
      return res;
    };
    if (req.method === "GET") {
      return withCookie(
        new Response(
          `<html><head><title>${opts.title}</title></head><body><h1>${opts.title}</h1><p>The AXL Web Service is working and accepting requests. Use HTTP POST to send a request.</p></body></html>`,
          { headers: { "content-type": "text/html;charset=utf-8" } },
        ),
      );
    }
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
    return withCookie(await answer(req, knobs.axlVersions, knobs.axlWriteQueueDepth));
  };

  async function answer(req: Request, versions: readonly string[], queueDepth: number): Promise<Response> {
    const soapAction = (req.headers.get("soapaction") ?? "").trim();
    const action = LAB_PATTERNS.soapAction.exec(soapAction);
    if (action && !versions.includes(action[1] ?? "")) return badVersionResponse(versions);
    if (Number(req.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) {
      return clientFaultResponse(
        `The request is larger than ${MAX_REQUEST_BYTES} bytes; split it into smaller requests`,
      );
    }
    let body: ReturnType<typeof readSoapRequest>;
    const text = await req.text();
    try {
      body = readSoapRequest(text);
    } catch (error) {
      if (error instanceof SoapReadError) return clientFaultResponse(error.message);
      throw error;
    }
    let nsVersion = LAB_PATTERNS.axlNamespace.exec(body.namespace)?.[1];
    // No SOAPAction and namespace 1.0: AXL picks the lowest supported schema (AXL Developer Guide, "Versioning").
    if (!action && nsVersion === "1.0") nsVersion = [...versions].sort((a, b) => Number(a) - Number(b))[0];
    if (nsVersion === undefined || !versions.includes(nsVersion)) return badVersionResponse(versions);
    if (action && action[1] !== nsVersion) {
      return faultResponse(
        new AxlFault(
          -1,
          `The SOAPAction version ${action[1]} does not match the namespace version ${nsVersion}`,
          "soapenv:Client",
        ),
        body.operation,
      );
    }
    const opName = action?.[2] ?? body.operation;
    const operation = opts.operations.get(opName);
    if (!operation && opName === body.operation && opts.isRealOperation?.(opName)) {
      return faultResponse(
        new AxlFault(
          -1,
          `The lab does not simulate the AXL operation ${opName}; a real CUCM has it. docs/lab.md lists the operations the lab serves.`,
        ),
        opName,
      );
    }
    if (!operation || opName !== body.operation) {
      return unknownOperationResponse(
        opts.node.ip,
        opts.node.httpsPort,
        soapAction === "" ? body.operation : soapAction.replaceAll('"', ""),
      );
    }
    if (opts.knobs.take("axl503Count") || (operation.write && queueDepth > 1500)) return throttledResponse();
    // CUCM checks a request against the schema before it runs it.
    const violation = opts.validate ? validation(opts.validate, nsVersion, text) : undefined;
    if (violation !== undefined) return faultResponse(new AxlFault(-1, violation, "soapenv:Client"), opName);
    if (opts.knobs.take("axlMemoryFaultCount")) return faultResponse(memoryFault(), opName);
    let inner: string;
    try {
      inner = operation.run(body.value, nsVersion);
    } catch (error) {
      if (error instanceof AxlFault) return faultResponse(reworded(error, opts.knobs.get().axlTooLargeWording), opName);
      throw error;
    }
    const dropAbove = opts.knobs.get().axlSqlDisconnectRows;
    if (opName === "executeSQLQuery" && dropAbove > 0 && countRows(inner) > dropAbove) return droppedMidAnswer(inner);
    const sequence = typeof body.value["@sequence"] === "string" ? (body.value["@sequence"] as string) : undefined;
    let xml = responseEnvelope(opName, body.namespace, inner, sequence);
    if (opts.knobs.take("malformedCount")) xml = xml.slice(0, Math.max(40, Math.floor(xml.length / 2)));
    else if (opts.knobs.take("hugeResponseCount")) xml = pad(xml, opts.knobs.get().hugeResponseBytes);
    return new Response(xml, { status: 200, headers: XML_HEADERS });
  }
}

function validation(
  check: NonNullable<AxlHandlerOptions["validate"]>,
  version: string,
  text: string,
): string | undefined {
  const operation = readOrderedOperation(text);
  return operation ? check(version, operation) : undefined;
}

/** Pads a document with a trailing comment (legal after the root element) up to `size` bytes. */
function pad(body: string, size: number): string {
  const missing = size - Buffer.byteLength(body) - 7;
  return missing > 0 ? `${body}<!--${" ".repeat(missing)}-->` : body;
}

/** An answer whose body fails at once: the client sees the connection drop mid-response. */
/** Cisco's other documented wording of the too-large fault (knob axlTooLargeWording). */
function reworded(fault: AxlFault, wording: "suggestive" | "suggested"): AxlFault {
  if (wording !== "suggested" || !fault.message.includes("Suggestive Row Fetch")) return fault;
  return new AxlFault(
    fault.axlcode,
    fault.message.replace("Suggestive Row Fetch", "Suggested row fetch"),
    fault.faultcode,
  );
}

function countRows(inner: string): number {
  let n = 0;
  for (let i = inner.indexOf("<row>"); i !== -1; i = inner.indexOf("<row>", i + 5)) n++;
  return n;
}

/** CUCM 12.5 on a large SQL answer: the first part of the envelope, then the connection drops. */
function droppedMidAnswer(inner: string): Response {
  const head = new TextEncoder().encode(inner.slice(0, Math.min(4096, Math.floor(inner.length / 2))));
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(head);
      // An error without a value resets the connection without Bun printing it.
      setTimeout(() => controller.error(undefined), 5);
    },
  });
  return new Response(stream, { status: 200, headers: XML_HEADERS });
}

function resetConnection(): Response {
  const stream = new ReadableStream({
    start(controller) {
      controller.error(new Error("lab knob: connection reset"));
    },
  });
  return new Response(stream, { status: 200, headers: XML_HEADERS });
}
