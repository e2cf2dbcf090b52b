/**
 * A scripted upstream for protocol unit tests: a `fetch`-like function that records every request
 * and answers from a list of handlers (one per expected request, the last one repeats). It stands
 * in for CUCM/CUC/phones, not for any of our own code.
 */
import type { FetchLike } from "../../src/protocols/http.ts";

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  tls: unknown;
}

export type Responder = (req: RecordedRequest) => Response | Promise<Response>;

export interface FakeUpstream {
  fetch: FetchLike;
  requests: RecordedRequest[];
}

/** Answers requests in order with `responders` (the last one keeps answering). */
export function fakeUpstream(...responders: Responder[]): FakeUpstream {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const body = typeof init.body === "string" ? init.body : new TextDecoder().decode(init.body ?? new Uint8Array());
    const req = { url, method: init.method, headers: init.headers, body, tls: init.tls };
    requests.push(req);
    const r = responders[Math.min(requests.length - 1, responders.length - 1)];
    if (!r) throw new Error("no responder");
    return r(req);
  };
  return { fetch, requests };
}

/** A SOAP 1.1 envelope around `inner`, in CUCM's style (single-quoted declaration). */
export function soapEnvelope(inner: string): string {
  return `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

/** An AXL response element around `inner`. */
export function axlResponse(
  op: string,
  inner: string,
  version = "15.0",
  status = 200,
  headers: Record<string, string> = {},
) {
  return new Response(
    soapEnvelope(
      `<ns:${op}Response xmlns:ns="http://www.cisco.com/AXL/API/${version}"><return>${inner}</return></ns:${op}Response>`,
    ),
    { status, headers: { "content-type": "text/xml;charset=utf-8", ...headers } },
  );
}

/** An AXL SOAP fault (HTTP 500). */
export function axlFaultResponse(code: number, message: string, request = "executeSQLQuery") {
  return new Response(
    soapEnvelope(
      `<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${message}</faultstring><detail><axlError><axlcode>${code}</axlcode><axlmessage>${message}</axlmessage><request>${request}</request></axlError></detail></soapenv:Fault>`,
    ),
    { status: 500, headers: { "content-type": "text/xml;charset=utf-8" } },
  );
}

/** A fake sleep that records waits and returns at once. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
