/**
 * The caller's downloads as MCP resources: `download://<file>` reads the first page,
 * `download://<file>?page=N` page N (up to 64 KiB of text each, cut after a line break so a trace
 * line or a CSV row of an AXL answer file is never split; a .gz trace reads gunzipped, a binary
 * file such as a capture as base64 of its bytes). Only the caller's own folder is opened.
 */

import { DOWNLOAD_NAME, openDownloads } from "../../clients/downloads.ts";
import type { ResourceCollection } from "../../mcp/resources.ts";
import type { LogsDeps } from "./deps.ts";

const PREFIX = "download://";
/** Characters (text) or bytes (binary) per page. */
export const PAGE_SIZE = 64 * 1024;

const isBinary = (name: string) => /\.(pcap|cap|zip|tar|tgz)$/i.test(name);

/** Where each page starts: every PAGE_SIZE units, or just after the page's last line break when it has one. */
function pageStarts(text: string): number[] {
  const starts = [0];
  let at = 0;
  while (text.length - at > PAGE_SIZE) {
    const cut = text.lastIndexOf("\n", at + PAGE_SIZE - 1);
    at = cut >= at ? cut + 1 : at + PAGE_SIZE;
    starts.push(at);
  }
  return starts;
}

/** The collection. */
export function downloadResources(d: LogsDeps): ResourceCollection {
  const store = (client: string) => openDownloads(d.clientsDir, client, d.limits.quotaBytes);
  return {
    product: "cucm",
    list: ({ principal }) =>
      store(principal.clientName)
        .list()
        .map((f) => ({
          uri: `${PREFIX}${f.name}`,
          name: f.name,
          title: f.name,
          description: `Downloaded file, ${f.bytes} bytes (${f.modified}); pages of ${PAGE_SIZE}: add ?page=N.`,
          mimeType: "text/plain",
        })),
    read: ({ principal }, uri) => {
      if (!uri.startsWith(PREFIX)) return undefined;
      const m = /^([^?]+)(?:\?page=(\d{1,6}))?$/.exec(uri.slice(PREFIX.length));
      const name = m?.[1] ?? "";
      if (!DOWNLOAD_NAME.test(name)) return undefined;
      const page = Number(m?.[2] ?? "1");
      if (page < 1) return undefined;
      try {
        const s = store(principal.clientName);
        let body: string;
        let pages: number;
        if (isBinary(name)) {
          const bytes = Buffer.from(s.read(name));
          pages = Math.max(1, Math.ceil(bytes.length / PAGE_SIZE));
          body = bytes.subarray((page - 1) * PAGE_SIZE, page * PAGE_SIZE).toString("base64");
        } else {
          const text = s.text(name);
          const starts = pageStarts(text);
          pages = starts.length;
          body = page > pages ? "" : text.slice(starts[page - 1], starts[page] ?? text.length);
        }
        return { mimeType: "text/plain", text: `[${name}: page ${page} of ${pages}]\n${body}` };
      } catch {
        return undefined;
      }
    },
  };
}
