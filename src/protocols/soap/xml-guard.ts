/**
 * Input checks run before any XML reaches the parser. A SOAP 1.1 message must not contain a
 * document type declaration (SOAP 1.1 section 3, "A SOAP message MUST NOT contain a Document Type
 * Declaration"), so refusing `<!DOCTYPE` and `<!ENTITY` outright closes billion-laughs entity
 * expansion and external entities (XXE) in O(n) time with no allocation beyond the input.
 */
import { ProtocolError } from "../errors.ts";

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Decodes bytes to text after the size check; throws XML_REFUSED on oversize input. */
export function decodeXmlBytes(bytes: Uint8Array, maxBytes: number, host: string): string {
  if (bytes.byteLength > maxBytes) {
    throw refused(host, `the document is ${bytes.byteLength} bytes, above the ${maxBytes}-byte limit`);
  }
  return decoder.decode(bytes);
}

/** Throws XML_REFUSED when the text is over the size cap. */
export function assertXmlSize(text: string, maxBytes: number, host: string): void {
  if (text.length > maxBytes) throw refused(host, `the document is over the ${maxBytes}-byte limit`);
}

/** Throws XML_REFUSED when the text declares a DTD or entities, or is over the size cap. */
export function assertSafeXml(text: string, maxBytes: number, host: string): void {
  assertXmlSize(text, maxBytes, host);
  let at = text.indexOf("<!");
  while (at >= 0) {
    if (!text.startsWith("<!--", at) && !text.startsWith("<![CDATA[", at)) throw refusedXml(host);
    at = text.indexOf("<!", at + 2);
  }
}

/** The error for a document that declares a DTD or entities. */
export function refusedXml(host: string): ProtocolError {
  return refused(host, "it declares a DTD or entities, which SOAP forbids");
}

/** The error for a document whose elements nest deeper than `max`. */
export function refusedDepth(host: string, max: number): ProtocolError {
  return refused(host, `its elements nest deeper than ${max} levels`);
}

function refused(host: string, why: string): ProtocolError {
  return new ProtocolError(
    "XML_REFUSED",
    `Refused the XML from ${host}: ${why}`,
    "The upstream answer is not a valid SOAP message; check that the host is the right Cisco node.",
    { host },
  );
}
