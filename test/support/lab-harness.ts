/**
 * Test harness for the lab core: starts a lab on a random 127.N subnet with a temp state dir,
 * calls AXL over real TLS (trusting only the lab CA), records every 15.0 exchange, and validates
 * them all at the end with ONE xmllint call against Cisco's AXLSoap.xsd (read from
 * ../shared/cisco-schema, never copied into the project).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type LabHandle, type LabOptions, startLab } from "../../src/lab/cluster.ts";

export const SCHEMA_DIR = resolve(import.meta.dir, "../../../shared/cisco-schema");
export const XSD_15 = join(SCHEMA_DIR, "axl/15.0/AXLSoap.xsd");
export const NS_15 = "http://www.cisco.com/AXL/API/15.0";

/** A random subnet 127.<20-250> for this test file. */
export function randomSubnet(): string {
  return `127.${20 + Math.floor(Math.random() * 230)}`;
}

/** Starts a small lab in a temp dir; `cleanup` stops it and removes the dir. */
export async function startTestLab(
  extra: Partial<LabOptions> = {},
): Promise<{ lab: LabHandle; dir: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "lab-core-"));
  let lab: LabHandle | undefined;
  for (let attempt = 0; attempt < 5 && !lab; attempt++) {
    try {
      lab = await startLab({
        dataSet: "small",
        stateDir: dir,
        subnet: randomSubnet(),
        schemaDir: SCHEMA_DIR,
        sshPort: 0,
        ...extra,
        // Real VOS logins take seconds; tests that measure it set their own delay.
        knobs: { vosLoginDelayMs: 50, ...extra.knobs },
      });
    } catch (error) {
      if (attempt === 4) throw error;
    }
  }
  const started = lab as LabHandle;
  return {
    lab: started,
    dir,
    async cleanup() {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One recorded exchange. */
export interface Exchange {
  request: string;
  response: string;
  status: number;
}

/** An AXL caller bound to a lab node that records exchanges. */
export function axlCaller(lab: LabHandle, nodeName = "cucm-pub") {
  const node = lab.nodes.find((n) => n.name === nodeName);
  if (!node) throw new Error(`no node ${nodeName}`);
  const url = `https://${node.ip}:${node.httpsPort}/axl/`;
  const auth = `Basic ${btoa(`${lab.credentials.axl.username}:${lab.credentials.axl.password}`)}`;
  const exchanges: Exchange[] = [];
  async function raw(body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", ...headers },
      body,
      tls: { ca: lab.caCertPem },
    } as RequestInit);
  }
  async function call(
    operation: string,
    inner: string,
    opts: { version?: string; headers?: Record<string, string>; attrs?: string } = {},
  ) {
    const version = opts.version ?? "15.0";
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/${version}">` +
      `<soapenv:Header/><soapenv:Body><ns:${operation}${opts.attrs ?? ""}>${inner}</ns:${operation}></soapenv:Body></soapenv:Envelope>`;
    const res = await raw(body, {
      authorization: auth,
      soapaction: `"CUCM:DB ver=${version} ${operation}"`,
      ...opts.headers,
    });
    const text = await res.text();
    if (version === "15.0") exchanges.push({ request: body, response: text, status: res.status });
    return { status: res.status, text, headers: res.headers };
  }
  return { url, auth, call, raw, exchanges };
}

/** The Body's child element as a standalone document, with the AXL namespace declared. */
export function operationDocument(envelope: string): string | undefined {
  const open = envelope.indexOf("<soapenv:Body>");
  const close = envelope.indexOf("</soapenv:Body>");
  if (open === -1 || close === -1) return undefined;
  const op = envelope.slice(open + "<soapenv:Body>".length, close);
  if (op.startsWith("<soapenv:Fault>")) {
    const a = op.indexOf("<axlError>");
    const b = op.indexOf("</axlError>");
    if (a === -1 || b === -1) return undefined;
    return `<axl:axlError xmlns:axl="${NS_15}">${op.slice(a + "<axlError>".length, b)}</axl:axlError>`;
  }
  if (op.includes(`xmlns:ns="${NS_15}"`)) return op;
  const nameEnd = op.search(/[ />]/);
  return `${op.slice(0, nameEnd)} xmlns:ns="${NS_15}"${op.slice(nameEnd)}`;
}

/** Validates every document with one xmllint call; returns xmllint's exit code and output. */
export function validateWithXmllint(
  documents: string[],
  xsd = XSD_15,
): { code: number; output: string; files: number } {
  const dir = mkdtempSync(join(tmpdir(), "lab-xsd-"));
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `doc-${String(i).padStart(4, "0")}.xml`);
      writeFileSync(file, doc);
      return file;
    });
    const run = Bun.spawnSync(["xmllint", "--noout", "--schema", xsd, ...files], { stderr: "pipe", stdout: "pipe" });
    const output = run.stderr
      .toString()
      .split("\n")
      .filter((l) => !l.endsWith(" validates") && l.trim() !== "")
      .join("\n");
    return { code: run.exitCode, output, files: files.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs xmllint once over every document; answers the indexes of the documents it finds invalid. */
export function xmllintInvalid(documents: string[], xsd = XSD_15): { invalid: Set<number>; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "lab-xsd-"));
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `doc-${String(i).padStart(4, "0")}.xml`);
      writeFileSync(file, doc);
      return file;
    });
    const run = Bun.spawnSync(["xmllint", "--noout", "--schema", xsd, ...files], { stderr: "pipe", stdout: "pipe" });
    const output = run.stderr.toString();
    const invalid = new Set<number>();
    files.forEach((file, i) => {
      if (output.includes(`${file} fails to validate`)) invalid.add(i);
    });
    return { invalid, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
