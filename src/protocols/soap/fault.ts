/**
 * Decodes a SOAP 1.1 Fault (SOAP 1.1 section 4.4) and, when present, Cisco's `axlError` detail
 * (`axlcode`, `axlmessage`, `request`; AXL Developer Guide, "Error codes"). The detail is found by
 * local name, because CUCM sometimes prefixes it (`ns2:axlError`).
 */
import { objectOf, textOf } from "./shape.ts";

/** A decoded fault. */
export interface SoapFault {
  faultcode: string;
  faultstring: string;
  axlcode?: number;
  axlmessage?: string;
  request?: string;
}

/** Reads the Fault element's parsed value. */
export function decodeFault(fault: Record<string, unknown>): SoapFault {
  const out: SoapFault = {
    faultcode: textOf(fault["faultcode"]) ?? "",
    faultstring: textOf(fault["faultstring"]) ?? "",
  };
  const axl = objectOf(objectOf(fault["detail"])["axlError"]);
  const code = textOf(axl["axlcode"]);
  if (code !== null && code !== "" && Number.isFinite(Number(code))) out.axlcode = Number(code);
  const msg = textOf(axl["axlmessage"]);
  if (msg) out.axlmessage = msg;
  const req = textOf(axl["request"]);
  if (req) out.request = req;
  return out;
}
