/**
 * DIME GetOneFile against scripted answers: the file from a multipart/related answer's binary
 * part, the file inline as base64, the download cap (refused while streaming, nothing returned),
 * a SOAP fault and an authentication refusal, each a typed ProtocolError.
 */
import { describe, expect, test } from "bun:test";
import { ProtocolError } from "../errors.ts";
import type { FetchLike } from "../http.ts";
import { createDimeClient } from "./dime.ts";

const target = {
  host: "10.1.1.1",
  port: 8443,
  username: "axl",
  password: "pw",
  timeoutMs: 5_000,
  tls: { rejectUnauthorized: true },
};
const PATH = "/var/log/active/cm/trace/ccm/sdl/SDL001_100_000001.txt.gz";
const envelope = (inner: string) =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;

/** A fetch that answers every request with `body` and `headers`, and records the request. */
function answering(status: number, body: Uint8Array | string, contentType: string) {
  const seen: Array<{ url: string; body: string; headers: Record<string, string> }> = [];
  const fetchFn: FetchLike = async (url, init) => {
    seen.push({ url, body: String(init.body), headers: init.headers });
    return new Response(typeof body === "string" ? body : Buffer.from(body), {
      status,
      headers: { "content-type": contentType },
    });
  };
  return { fetchFn, seen };
}

/** A multipart/related body: the envelope, then the file as a binary part. */
function multipart(boundary: string, file: Uint8Array): Uint8Array {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-ID: <0.root@apache.org>\r\n\r\n${envelope(
      '<ns1:GetOneFileResponse xmlns:ns1="http://schemas.cisco.com/ast/soap"><GetOneFileReturn><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:file"/></GetOneFileReturn></ns1:GetOneFileResponse>',
    )}\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <file>\r\n\r\n`,
  );
  return Buffer.concat([head, Buffer.from(file), Buffer.from(`\r\n--${boundary}--\r\n`)]);
}

describe("GetOneFile", () => {
  test("reads the file from the binary part of a multipart answer, bytes intact", async () => {
    const file = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0x00]);
    const { fetchFn, seen } = answering(
      200,
      multipart("MIMEBoundary_x1", file),
      'multipart/related; boundary="MIMEBoundary_x1"; type="application/xop+xml"',
    );
    const got = await createDimeClient(fetchFn).getOneFile(target, PATH, 1024);
    expect([...got]).toEqual([...file]);
    expect(seen[0]?.url).toBe("https://10.1.1.1:8443/logcollectionservice/services/DimeGetFileService");
    expect(seen[0]?.body).toContain(`<soap:FileName>${PATH}</soap:FileName>`);
  });

  test("reads a file sent inline as base64 in GetOneFileReturn", async () => {
    const text = "line one\nline two\n";
    const xml = envelope(
      `<ns1:GetOneFileResponse xmlns:ns1="http://schemas.cisco.com/ast/soap"><GetOneFileReturn>${Buffer.from(text).toString("base64")}</GetOneFileReturn></ns1:GetOneFileResponse>`,
    );
    const { fetchFn } = answering(200, xml, "text/xml; charset=utf-8");
    const got = await createDimeClient(fetchFn).getOneFile(target, PATH, 1024);
    expect(Buffer.from(got).toString("utf8")).toBe(text);
  });

  test("refuses a file over the cap, naming the cap, and returns nothing", async () => {
    const big = new Uint8Array(200 * 1024).fill(0x41);
    const { fetchFn } = answering(200, multipart("b", big), "multipart/related; boundary=b");
    const error = await createDimeClient(fetchFn)
      .getOneFile(target, PATH, 100 * 1024)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe("UPSTREAM_TOO_LARGE");
    expect((error as ProtocolError).message).toContain("102400-byte download cap");
  });

  test("a fault and an authentication refusal are typed errors that say what to do", async () => {
    const fault = envelope(
      "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>File not found</faultstring></soapenv:Fault>",
    );
    const faulted = await createDimeClient(answering(500, fault, "text/xml").fetchFn)
      .getOneFile(target, PATH, 1024)
      .then(
        () => undefined,
        (e: unknown) => e as ProtocolError,
      );
    expect(faulted?.code).toBe("UPSTREAM_PROTOCOL");
    expect(faulted?.message).toContain("File not found");
    expect(faulted?.hint).toContain("path exactly as the log listing gives it");
    const refused = await createDimeClient(answering(401, "", "text/html").fetchFn)
      .getOneFile(target, PATH, 1024)
      .then(
        () => undefined,
        (e: unknown) => e as ProtocolError,
      );
    expect(refused?.code).toBe("UPSTREAM_AUTH");
  });
});
