/**
 * The RisPort70 `StateInfo` paging token. CUCM returns an escaped XML string that the client
 * sends back unchanged to get the next page; its content is opaque to clients. Ours keeps the
 * same outer shape (`<StateInfo><Node Name=… StateId=… TotalItemsFound=… TotalItemsReturned=…/>`)
 * and adds a cursor (offset + a hash of the criteria) so the next page continues where the
 * last one stopped. An empty StateInfo means "first page" in a request and "no more" in a reply.
 */
import { createHash } from "node:crypto";
import { escapeXml } from "./xml-text.ts";

/** What the token carries between pages. */
export interface PageCursor {
  offset: number;
  criteriaHash: string;
}

/** A short stable hash of the selection criteria (a cursor only continues the same query). */
export function hashCriteria(criteria: unknown): string {
  return createHash("sha256").update(JSON.stringify(criteria)).digest("base64url").slice(0, 16);
}

/** Builds the token for the next page. */
export function encodeStateInfo(
  cursor: PageCursor,
  nodes: Array<{ name: string; found: number; returned: number }>,
  startTime: number,
): string {
  const nodeXml = nodes
    .map(
      (n) =>
        `<Node Name="${escapeXml(n.name)}" SubsystemStartTime="${startTime}" StateId="${cursor.offset}" TotalItemsFound="${n.found}" TotalItemsReturned="${n.returned}"/>`,
    )
    .join("");
  return `<StateInfo ClusterWide="1" Cursor="${cursor.offset}" Query="${cursor.criteriaHash}">${nodeXml}</StateInfo>`;
}

/** Reads a token sent back by a client; undefined for empty or foreign tokens (= start over). */
export function decodeStateInfo(token: string): PageCursor | undefined {
  const offset = attribute(token, "Cursor");
  const criteriaHash = attribute(token, "Query");
  if (offset === undefined || criteriaHash === undefined) return undefined;
  const n = Number.parseInt(offset, 10);
  return Number.isSafeInteger(n) && n >= 0 ? { offset: n, criteriaHash } : undefined;
}

function attribute(token: string, name: string): string | undefined {
  const head = token.slice(0, token.indexOf(">") + 1);
  const marker = ` ${name}="`;
  const start = head.indexOf(marker);
  if (start < 0) return undefined;
  const end = head.indexOf('"', start + marker.length);
  return end < 0 ? undefined : head.slice(start + marker.length, end);
}
