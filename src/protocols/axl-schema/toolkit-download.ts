/**
 * Downloads the AXL SQL Toolkit from the node (`https://<pub>:8443/plugins/axlsqltoolkit.zip`,
 * Cisco "Download the AXL WSDL": the WSDL ships inside it) and unpacks the per-version schema files
 * (`schema/<version>/AXLAPI.wsdl|AXLSoap.xsd|AXLEnums.xsd`) into `<SCHEMAS_DIR>/<version>/`.
 * Only those three names under a `N.N` folder are written (no zip-slip), and the unpacked size is
 * capped (no zip bomb). Writes go through the injected atomic writer.
 */

import { join } from "node:path";
import { PROTOCOL_PATTERNS } from "../../util/patterns.ts";
import { ProtocolError } from "../errors.ts";
import { basicAuth, type FetchLike, httpRequest } from "../http.ts";
import type { FetchTls } from "../tls.ts";
import { TOOLKIT_FILES } from "./catalogue.ts";

/** Where to download from and where to write. */
export interface ToolkitDownload {
  host: string;
  port: number;
  username: string;
  password: string;
  tls: FetchTls;
  timeoutMs: number;
  schemasDir: string;
}

/** Injected side effects. */
export interface ToolkitDeps {
  fetch: FetchLike;
  writeFile: (path: string, data: Uint8Array) => Promise<void> | void;
}

/** What was written. */
export interface ToolkitResult {
  versions: string[];
  files: number;
  zipBytes: number;
}

const WANTED = new Set<string>(Object.values(TOOLKIT_FILES));
const MAX_ZIP_BYTES = 64 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** Fetches the zip and writes every version's schema files; returns the versions found. */
export async function downloadAxlToolkit(deps: ToolkitDeps, d: ToolkitDownload): Promise<ToolkitResult> {
  const res = await httpRequest(deps.fetch, {
    url: `https://${d.host}:${d.port}/plugins/axlsqltoolkit.zip`,
    method: "GET",
    headers: { authorization: basicAuth(d.username, d.password), accept: "application/zip" },
    timeoutMs: d.timeoutMs,
    tls: d.tls,
    maxBytes: MAX_ZIP_BYTES,
    host: d.host,
  });
  if (res.status === 401 || res.status === 403) {
    throw new ProtocolError(
      "UPSTREAM_AUTH",
      `${d.host} refused the toolkit download (HTTP ${res.status})`,
      "Check the stored AXL credentials.",
      { host: d.host, status: res.status },
    );
  }
  if (res.status !== 200) {
    throw new ProtocolError(
      "UPSTREAM_HTTP",
      `${d.host} answered the toolkit download with HTTP ${res.status}`,
      "Check that the node is a CUCM/IM&P publisher with the AXL toolkit plugin.",
      { host: d.host, status: res.status },
    );
  }
  // fflate loads with the first toolkit download, not at every start (bench/README.md, B4).
  const { unzipSync } = await import("fflate");
  const entries = unpack(unzipSync, res.body, d.host);
  const versions = new Set<string>();
  let files = 0;
  for (const [version, name, data] of entries) {
    await deps.writeFile(join(d.schemasDir, version, name), data);
    versions.add(version);
    files++;
  }
  if (versions.size === 0) {
    throw new ProtocolError(
      "UPSTREAM_PROTOCOL",
      `The toolkit from ${d.host} holds no schema/<version>/ files`,
      "Download the toolkit from the CUCM publisher.",
      { host: d.host },
    );
  }
  return { versions: [...versions].sort(), files, zipBytes: res.body.byteLength };
}

/** Picks `schema/<N.N>/<wanted file>` entries out of the zip, with a total size cap. */
function unpack(
  unzipSync: typeof import("fflate").unzipSync,
  zip: Uint8Array,
  host: string,
): Array<[version: string, name: string, data: Uint8Array]> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (f) => {
        const pick = pickEntry(f.name) !== undefined;
        if (pick) total += f.originalSize;
        if (total > MAX_UNPACKED_BYTES) throw new Error("unpacked size over limit");
        return pick;
      },
    });
  } catch (err) {
    throw new ProtocolError(
      "UPSTREAM_PROTOCOL",
      `The toolkit from ${host} is not a usable zip`,
      "Retry the download; the file may be truncated.",
      { host },
      { cause: err },
    );
  }
  const out: Array<[string, string, Uint8Array]> = [];
  for (const [path, data] of Object.entries(files)) {
    const e = pickEntry(path);
    if (e) out.push([e.version, e.name, data]);
  }
  return out;
}

function pickEntry(path: string): { version: string; name: string } | undefined {
  const parts = path.split("/");
  if (parts.length < 3) return undefined;
  const name = parts.at(-1) ?? "";
  const version = parts.at(-2) ?? "";
  if (parts.at(-3) !== "schema" || !WANTED.has(name) || !PROTOCOL_PATTERNS.axlVersion.test(version)) return undefined;
  return { version, name };
}
