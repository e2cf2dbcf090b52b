/**
 * Fetches the RisPort70 WSDL from the node (`/realtimeservice2/services/RISService70?wsdl`, Cisco
 * "RisPort70 API reference") into SERVER_CUCM_RIS_SCHEMAS_DIR, for the RIS toolkit tool. The body
 * must be a WSDL whose target namespace is RisPort70's; it is written through the injected
 * (atomic) writer and never shipped with the product.
 */
import { join } from "node:path";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import { assertSafeXml } from "../soap/xml-guard.ts";
import type { FetchTls } from "../tls.ts";
import { RIS_NAMESPACE } from "./encode.ts";

/** The file name the WSDL is stored under. */
const RIS_WSDL_FILE = "RISService70.wsdl";

/** Downloads and stores the WSDL; returns the path written and its size. */
export async function downloadRisWsdl(
  deps: { fetch: FetchLike; writeFile: (path: string, data: Uint8Array) => Promise<void> | void },
  d: {
    host: string;
    port: number;
    username: string;
    password: string;
    tls: FetchTls;
    timeoutMs: number;
    schemasDir: string;
  },
): Promise<{ path: string; bytes: number }> {
  const res = await httpRequest(deps.fetch, {
    url: `https://${d.host}:${d.port}/realtimeservice2/services/RISService70?wsdl`,
    method: "GET",
    headers: { authorization: basicAuth(d.username, d.password), accept: "text/xml" },
    timeoutMs: d.timeoutMs,
    tls: d.tls,
    maxBytes: 4 * 1024 * 1024,
    host: d.host,
  });
  if (res.status === 401 || res.status === 403) {
    throw new ProtocolError(
      "UPSTREAM_AUTH",
      `${d.host} refused the RIS WSDL download (HTTP ${res.status})`,
      "Check the stored credentials.",
      { host: d.host, status: res.status },
    );
  }
  const text = new TextDecoder().decode(res.body);
  if (res.status !== 200 || !text.includes("definitions") || !text.includes(RIS_NAMESPACE)) {
    throw new ProtocolError(
      "UPSTREAM_PROTOCOL",
      `${d.host} did not return the RisPort70 WSDL (HTTP ${res.status})`,
      "Check that the node runs the SOAP Real-Time Service APIs.",
      { host: d.host, status: res.status },
    );
  }
  assertSafeXml(text, 4 * 1024 * 1024, d.host);
  const path = join(d.schemasDir, RIS_WSDL_FILE);
  await deps.writeFile(path, res.body);
  return { path, bytes: res.body.byteLength };
}
