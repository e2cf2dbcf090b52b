/**
 * One request to a Cisco Serviceability SOAP service (ControlCenterServices, PerfmonService,
 * LogCollectionPortTypeService, CDRonDemandService):
 * the shared envelope builder and scanner, Basic auth with the node's application user, and
 * Cisco's answers turned into typed ProtocolErrors. These services share one namespace,
 * `http://schemas.cisco.com/ast/soap`, with qualified children and SOAPAction = operation name
 * (ControlCenterServices.wsdl, PerfmonService.wsdl, DevNet "Serviceability XML API").
 */
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import { buildEnvelope } from "../soap/build.ts";
import { decodeFault } from "../soap/fault.ts";
import { createSoapParser, type SoapBody } from "../soap/parse.ts";
import { decodeXmlBytes } from "../soap/xml-guard.ts";
import type { FetchTls } from "../tls.ts";

/** The namespace of every Serviceability SOAP service. */
const SERVICEABILITY_NS = "http://schemas.cisco.com/ast/soap";

/** Paths of the services on a node's HTTPS port (8443). */
export const SERVICEABILITY_PATHS = {
  controlCenter: "/controlcenterservice2/services/ControlCenterServices",
  perfmon: "/perfmonservice2/services/PerfmonService",
  logCollection: "/logcollectionservice2/services/LogCollectionPortTypeService",
  cdrOnDemand: "/CDRonDemandService2/services/CDRonDemandService",
} as const;

/** A node and the application user that may call its serviceability APIs. */
export interface ServiceabilityTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  timeoutMs: number;
  tls: FetchTls;
}

/** What a call needs besides the target. */
export interface SoapCall {
  service: keyof typeof SERVICEABILITY_PATHS;
  operation: string;
  payload: Record<string, unknown>;
  signal?: AbortSignal;
}

/** Answers are small (service lists, counter sets); 16 MB covers the largest counter catalogue. */
const MAX_BYTES = 16 * 1024 * 1024;

const parser = createSoapParser({
  // Elements that repeat in these services' answers (ArrayOf… items and the perfmon returns).
  arrayTags: [
    "item",
    "Service",
    "perfmonCollectCounterDataReturn",
    "perfmonCollectSessionDataReturn",
    "perfmonListCounterReturn",
    "perfmonListInstanceReturn",
    "ServiceLogs",
    "File",
    "listNodeServiceLogsReturn",
    "FileName",
  ],
  maxBytes: MAX_BYTES,
});

const LABEL = {
  controlCenter: "Control Center",
  perfmon: "PerfMon",
  logCollection: "Log Collection",
  cdrOnDemand: "CDR on Demand",
} as const;

const HINT = {
  perfmon: "Check the object, instance and counter names (list them first); a session handle expires when unused.",
  controlCenter: "Check the service names (list the catalogue first) and the node name.",
  logCollection: "Check the service names (list them first) and the time window.",
  cdrOnDemand: "Check the window: UTC, lower bound before upper, at most one hour per request.",
} as const;

/** Sends one operation; returns the Body's first child or throws a typed ProtocolError. */
export async function callServiceability(
  fetchFn: FetchLike,
  target: ServiceabilityTarget,
  call: SoapCall,
): Promise<SoapBody> {
  const label = LABEL[call.service];
  const res = await httpRequest(fetchFn, {
    url: `https://${target.host}:${target.port}${SERVICEABILITY_PATHS[call.service]}`,
    method: "POST",
    headers: {
      "content-type": "text/xml; charset=utf-8",
      soapaction: call.operation,
      authorization: basicAuth(target.username, target.password),
    },
    body: buildEnvelope({
      namespace: SERVICEABILITY_NS,
      prefix: "soap",
      operation: call.operation,
      payload: call.payload,
      qualifyChildren: true,
    }),
    timeoutMs: target.timeoutMs,
    tls: target.tls,
    maxBytes: MAX_BYTES,
    host: target.host,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  if (res.status === 401 || res.status === 403) {
    throw new ProtocolError(
      "UPSTREAM_AUTH",
      `${target.host} refused the ${label} credentials (HTTP ${res.status})`,
      "Check the stored AXL credentials and that the application user has a serviceability role (Standard CCM Admin Users and Standard SERVICEABILITY Administration).",
      { host: target.host, status: res.status },
    );
  }
  if (res.status === 404) {
    throw new ProtocolError(
      "UPSTREAM_HTTP",
      `${target.host} does not serve the ${label} API (HTTP 404 on ${SERVICEABILITY_PATHS[call.service]})`,
      "Check that the host is a CUCM or IM&P node and that Cisco Tomcat and the SOAP services are running.",
      { host: target.host, status: 404 },
    );
  }
  if (res.status !== 200 && res.status !== 500) {
    throw new ProtocolError(
      "UPSTREAM_HTTP",
      `${target.host} answered ${label} with HTTP ${res.status}`,
      "Retry later; if it persists, check the node's Cisco Tomcat service.",
      { host: target.host, status: res.status, retryable: res.status === 503 },
    );
  }
  const body = parser.parseEnvelope(decodeXmlBytes(res.body, MAX_BYTES, target.host), target.host);
  if (body.name !== "Fault") return body;
  const fault = decodeFault(body.value);
  if (PROTOCOL_PATTERNS.risRateExceeded.test(fault.faultstring)) {
    throw new ProtocolError(
      "UPSTREAM_THROTTLED",
      `${target.host} refused ${label}: ${fault.faultstring}`,
      "The node limits these requests per minute for all clients together; wait a minute, then ask for fewer counters or fewer samples.",
      { host: target.host, faultcode: fault.faultcode, retryable: true },
    );
  }
  throw new ProtocolError(
    "UPSTREAM_PROTOCOL",
    `${label} fault from ${target.host}: ${fault.faultstring}`,
    HINT[call.service],
    { host: target.host, faultcode: fault.faultcode },
  );
}
