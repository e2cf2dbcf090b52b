/**
 * The lab's RisPort70 endpoint (`/realtimeservice2/services/RISService70`, Cisco "Serviceability
 * XML API – RisPort70"): Basic auth with the AXL application user, the three operations of
 * RISService70.wsdl, StateInfo paging at most 2000 devices per reply (knobs change the cap, turn
 * paging off, or make selectCmDeviceExt refuse wildcards), the per-node per-minute
 * query budget with CUCM's fault text, and the lab's fault knobs (latency, connection resets,
 * malformed XML, padded huge replies). A plain `(Request) => Promise<Response>` so the cluster
 * can mount it on any node's HTTPS server and tests can call it directly.
 */
import type { LabCredentials, LabDeviceSource, LabKnobs, LabNode } from "../contracts.ts";
import { checkBasicAuth } from "./basic-auth.ts";
import { selectCtiItemXml } from "./cti.ts";
import { createRateWindow, risRateFaultText } from "./rate-limit.ts";
import { parseRisRequest, RisRequestError } from "./request.ts";
import { selectCmDeviceXml, soapFault } from "./response.ts";
import { selectDevices } from "./select.ts";
import { encodeStateInfo } from "./state-info.ts";
import { createWsdlSource } from "./wsdl.ts";

/** Options of {@link createRisHandler}. */
export interface RisHandlerOptions {
  /** The node this endpoint runs on (its budget is counted separately). */
  node: LabNode;
  /** Every lab node; the CUCM ones appear in `CmNodes`. */
  nodes: LabNode[];
  devices: LabDeviceSource;
  knobs: LabKnobs;
  credentials: LabCredentials["axl"];
  /** Wall clock in ms (injected for tests); scaled by `knobs.clockSpeed` for the rate window. */
  now?: () => number;
  /**
   * Directory of Cisco's schema files (`ris/RISService70.wsdl` inside), read at run time to
   * answer `GET …/RISService70?wsdl` like a real node; without it that GET is a clear 404.
   */
  schemaDir?: string;
}

const XML_HEADERS = { "content-type": "text/xml; charset=utf-8" };

/** Creates the RisPort70 request handler for one node. */
export function createRisHandler(opts: RisHandlerOptions): (req: Request) => Promise<Response> {
  const now = opts.now ?? Date.now;
  const window = createRateWindow();
  const startTime = Math.floor(now() / 1000);
  let lastReal = now();
  let labClock = 0;
  const labNow = (): number => {
    const real = now();
    labClock += Math.max(0, real - lastReal) * Math.max(opts.knobs.get().clockSpeed || 1, 0);
    lastReal = real;
    return labClock;
  };
  const cucmNodes = opts.nodes.filter((n) => n.product === "cucm");
  const wsdl = createWsdlSource(opts.schemaDir, opts.node);

  return async (req) => {
    if (!checkBasicAuth(req, opts.credentials)) return unauthorized();
    if (opts.knobs.take("resetCount")) return resetConnection();
    const knobs = opts.knobs.get();
    if (knobs.latencyMs > 0) await Bun.sleep(knobs.latencyMs);
    if (req.method === "GET") {
      if (new URL(req.url).searchParams.has("wsdl")) return wsdl.answer();
      return new Response(
        "<html><body><h1>RISService70</h1><p>This SOAP endpoint takes POST requests.</p></body></html>",
        {
          headers: { "content-type": "text/html" },
        },
      );
    }
    if (req.method !== "POST") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
    if (!window.admit(labNow(), Math.max(1, knobs.risPerMinute))) {
      return xml(soapFault("Server", risRateFaultText(knobs.risPerMinute)), 500);
    }
    let body: string;
    try {
      const parsed = parseRisRequest(await req.text());
      body = answer(parsed);
    } catch (error) {
      if (error instanceof RisRequestError) return xml(soapFault("Client", error.message), 500);
      throw error;
    }
    if (opts.knobs.take("malformedCount")) return xml(body.slice(0, Math.max(40, Math.floor(body.length / 2))), 200);
    if (opts.knobs.take("hugeResponseCount")) body = pad(body, knobs.hugeResponseBytes);
    return xml(body, 200);
  };

  function answer(parsed: ReturnType<typeof parseRisRequest>): string {
    if (parsed.op === "selectCtiItem") {
      const items = opts.devices.ctiItems?.() ?? [];
      const dns = new Map<string, string>();
      if (parsed.criteria.mgrClass === "Line" || parsed.criteria.dirNumbers.length > 0) {
        for (const d of opts.devices.risDevices()) {
          const first = d.dirNumbers[0];
          if (first && !dns.has(d.name))
            dns.set(d.name, first.includes("-") ? first.slice(0, first.lastIndexOf("-")) : first);
        }
      }
      return selectCtiItemXml(
        items,
        cucmNodes,
        parsed.criteria,
        (name) => dns.get(name) ?? "",
        opts.knobs.get().risMaxPerReply,
      );
    }
    const knobs = opts.knobs.get();
    if (
      parsed.op === "selectCmDeviceExt" &&
      knobs.risExtWildcards === "refuse" &&
      parsed.criteria.items.some((i) => i.includes("*"))
    ) {
      throw new RisRequestError(
        "selectCmDeviceExt does not accept wildcards in SelectItems; list the device names, or use selectCmDevice",
      );
    }
    const page = selectDevices(
      opts.devices.risDevices(),
      cucmNodes.map((n) => n.name),
      parsed.criteria,
      // A node that does not page through StateInfo hands one out but answers every request as a first page.
      knobs.risStateInfoPaging === "ignored" ? "" : parsed.stateInfo,
      parsed.op === "selectCmDeviceExt",
      knobs.risMaxPerReply,
    );
    const stateInfo =
      page.nextOffset === undefined
        ? ""
        : encodeStateInfo(
            { offset: page.nextOffset, criteriaHash: page.criteriaHash },
            page.nodes.map((n) => ({ name: n.name, found: n.found, returned: n.devices.length })),
            startTime,
          );
    return selectCmDeviceXml(page.totalFound, page.nodes, stateInfo);
  }
}

function xml(body: string, status: number): Response {
  return new Response(body, { status, headers: XML_HEADERS });
}

function unauthorized(): Response {
  return new Response(
    "<html><head><title>Apache Tomcat - Error report</title></head><body><h1>HTTP Status 401 - Unauthorized</h1></body></html>",
    {
      status: 401,
      headers: { "content-type": "text/html;charset=utf-8", "www-authenticate": 'Basic realm="Cisco RIS"' },
    },
  );
}

/** A reply whose body fails at once: the server drops the connection without a complete answer. */
function resetConnection(): Response {
  const stream = new ReadableStream({
    start(controller) {
      controller.error(new Error("lab knob: connection reset"));
    },
  });
  return new Response(stream, { status: 200, headers: XML_HEADERS });
}

/** Pads a document with a trailing XML comment (legal after the root element) to `size` bytes. */
function pad(body: string, size: number): string {
  const missing = size - Buffer.byteLength(body) - 7;
  return missing > 0 ? `${body}<!--${" ".repeat(missing)}-->` : body;
}
