/**
 * `GET /realtimeservice2/services/RISService70?wsdl`: a real node hands out its WSDL there, and
 * the bridge's RIS toolkit download reads it. Cisco's WSDL is never part of the product, so the
 * lab reads it at run time from the schema directory it was given (`ris/RISService70.wsdl`),
 * with the endpoint address pointed at this node, and answers a clear 404 without one.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LabNode } from "../contracts.ts";

/** The address Cisco's published WSDL carries, replaced by the node's own. */
const PUBLISHED_LOCATION = "https://localhost:8443/realtimeservice2/services/RISService70";

/** Serves the WSDL for one node (read once, on first request). */
export function createWsdlSource(schemaDir: string | undefined, node: LabNode): { answer(): Response } {
  let text: string | undefined | null = null;
  return {
    answer() {
      if (text === null) {
        const path = schemaDir ? join(schemaDir, "ris", "RISService70.wsdl") : "";
        text = path && existsSync(path) ? readFileSync(path, "utf8") : undefined;
        if (text !== undefined) {
          const own = `https://${node.ip}:${node.httpsPort}/realtimeservice2/services/RISService70`;
          text = text.split(PUBLISHED_LOCATION).join(own);
        }
      }
      if (text === undefined) {
        return new Response(
          "The RisPort70 WSDL is not available in this lab: start it with a schema directory that holds ris/RISService70.wsdl.",
          { status: 404, headers: { "content-type": "text/plain" } },
        );
      }
      return new Response(text, { headers: { "content-type": "text/xml; charset=utf-8" } });
    },
  };
}
