/**
 * The caller's downloads as MCP resources: `download://<file>` reads the first page,
 * `download://<file>?page=N` page N (64 KiB of text each; a .gz trace reads gunzipped, a
 * binary file such as a capture as base64 of its bytes). Only the caller's own folder is opened.
 */
import type { ResourceCollection } from "../../mcp/resources.ts";
import type { LogsDeps } from "./deps.ts";
import { DOWNLOAD_NAME, openDownloads } from "./downloads.ts";

const PREFIX = "download://";
/** Characters (text) or bytes (binary) per page. */
export const PAGE_SIZE = 64 * 1024;

const isBinary = (name: string) => /\.(pcap|cap|zip|tar|tgz)$/i.test(name);

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
        const whole = isBinary(name) ? Buffer.from(s.read(name)) : s.text(name);
        const pages = Math.max(1, Math.ceil(whole.length / PAGE_SIZE));
        const slice = whole.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        const body = typeof slice === "string" ? slice : slice.toString("base64");
        return { mimeType: "text/plain", text: `[${name}: page ${page} of ${pages}]\n${body}` };
      } catch {
        return undefined;
      }
    },
  };
}
