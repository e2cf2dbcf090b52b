/**
 * The caller's reports as MCP resources: `report://<id>` lists every report of the caller and
 * reads as its Markdown. The client comes from the authenticated caller, so one client never
 * lists or reads another's reports.
 */
import type { ResourceCollection } from "../../mcp/resources.ts";
import type { ReportDeps } from "./deps.ts";
import { renderMarkdown } from "./markdown.ts";
import { countByStatus, REPORT_ID, STATUSES } from "./model.ts";
import { openReportStore } from "./store.ts";

const PREFIX = "report://";

/** The collection. */
export function reportResources(deps: ReportDeps): ResourceCollection {
  const store = (client: string) => openReportStore(deps.clientsDir, client, deps.limits);
  return {
    list: ({ principal }) =>
      store(principal.clientName)
        .list()
        .map((r) => {
          const counts = countByStatus(r.findings);
          return {
            uri: `${PREFIX}${r.id}`,
            name: r.id,
            title: r.title,
            description: `Report "${r.title}" (${r.createdAt}): ${STATUSES.map((s) => `${s} ${counts[s]}`).join(", ")}`,
            mimeType: "text/markdown",
          };
        }),
    read: ({ principal }, uri) => {
      if (!uri.startsWith(PREFIX)) return undefined;
      const id = uri.slice(PREFIX.length);
      if (!REPORT_ID.test(id)) return undefined;
      try {
        return { mimeType: "text/markdown", text: renderMarkdown(store(principal.clientName).get(id)) };
      } catch {
        return undefined; // not one of the caller's reports: "unknown resource"
      }
    },
  };
}
