/**
 * Parses SOAP 1.1 responses to JSON by local name (namespace prefixes dropped: AXL answers with
 * `ns:`, RisPort70 with `ns1:`, fault details sometimes with `ns2:`). Tuned for the large
 * executeSQLQuery/list* answers (TARGETS B1): a single-pass scanner (scanner.ts) builds the JSON
 * directly, values stay strings, entity decoding only on values containing `&`, and repeated
 * elements become arrays while parsing (the caller names them), so nobody re-walks rows.
 *
 * JSON convention (same as build.ts): attributes as `@name`, mixed text as `#text`, an empty
 * element is `""`, `xsi:nil` shows as `{ "@nil": "true" }`.
 */
import { ProtocolError } from "../errors.ts";
import { MAX_XML_DEPTH, scanXml, type TagTable, XmlDeclarationError, XmlDepthError } from "./scanner.ts";
import { assertXmlSize, refusedDepth, refusedXml } from "./xml-guard.ts";

/** What the body of an envelope holds. */
export interface SoapBody {
  /** Local name of the first Body child, e.g. `getPhoneResponse` or `Fault`. */
  name: string;
  /** Its parsed value. */
  value: Record<string, unknown>;
  /** Every Body child by local name (RIS puts StateInfo beside the result on some releases). */
  all: Record<string, unknown>;
}

/** Options of one parser instance; build one per shape and reuse it. */
export interface SoapParserOptions {
  /** Local names that are always lists (e.g. `row`, `item`, `phone`). */
  arrayTags?: Iterable<string>;
  maxBytes: number;
}

/** A reusable SOAP parser. */
export interface SoapParser {
  parseEnvelope(xml: string, host: string): SoapBody;
}

/** Creates a parser whose list handling is fixed by `arrayTags`. */
export function createSoapParser(options: SoapParserOptions): SoapParser {
  const arrays = new Set(options.arrayTags ?? []);
  const tags: TagTable = new Map();
  return {
    parseEnvelope(xml, host) {
      // The scanner itself refuses `<!DOCTYPE`/`<!ENTITY` at first sight, before any expansion could
      // happen, so only the size needs checking here (one less pass over large answers).
      assertXmlSize(xml, options.maxBytes, host);
      let doc: Record<string, unknown>;
      try {
        doc = scanXml(xml, arrays, tags);
      } catch (err) {
        if (err instanceof XmlDeclarationError) throw refusedXml(host);
        if (err instanceof XmlDepthError) throw refusedDepth(host, MAX_XML_DEPTH);
        throw malformed(host, "it is not well-formed XML", err);
      }
      const env = doc["Envelope"];
      if (env === null || typeof env !== "object") throw malformed(host, "it has no SOAP Envelope");
      const body = (env as Record<string, unknown>)["Body"];
      if (body === null || typeof body !== "object") throw malformed(host, "the Envelope has no Body");
      const all = body as Record<string, unknown>;
      const name = Object.keys(all).find((k) => !k.startsWith("@"));
      if (name === undefined) throw malformed(host, "the Body is empty");
      const v = all[name];
      const value = v !== null && typeof v === "object" ? (v as Record<string, unknown>) : { "#text": v };
      return { name, value, all };
    },
  };
}

function malformed(host: string, why: string, cause?: unknown): ProtocolError {
  return new ProtocolError(
    "UPSTREAM_PROTOCOL",
    `Unreadable SOAP answer from ${host}: ${why}`,
    "Retry once; if it persists, the node or a proxy in between is returning something other than SOAP.",
    { host },
    { cause },
  );
}
