/**
 * `report_export_pdf`: draws one of the caller's reports as PDF (pdf.ts) with the client's
 * `custom/logo.png` on the cover, and saves it as `reports/<id>.pdf` next to the report. A
 * missing logo or a file that is not a PNG is said in the result, and the export goes on.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { clientPaths } from "../../clients/client-paths.ts";
import { defineTool, toolResult } from "../../mcp/tool.ts";
import type { ReportDeps } from "./deps.ts";
import { REPORT_ID } from "./model.ts";
import type { PdfResult } from "./pdf.ts";
import { openReportStore } from "./store.ts";

const input = v.object({ id: v.pipe(v.string(), v.regex(REPORT_ID, "id is not a report id (see report_list)")) });

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type LogoState = "used" | "missing" | "not-png";

/** The tool. */
export function exportPdfTool(deps: ReportDeps) {
  return defineTool({
    name: "report_export_pdf",
    title: "Export a report to PDF",
    description: "Exports one of your reports to PDF (charts, findings table, your logo) as reports/<id>.pdf.",
    input,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    output: v.object({
      id: v.string(),
      file: v.string(),
      pages: v.number(),
      bytes: v.number(),
      logo: v.picklist(["used", "missing", "not-png"]),
      missingGlyphs: v.number(),
    }),
    bucket: "report",
    action: (i) => ({ report: i.id }),
    async handler(args, ctx) {
      const client = ctx.principal.clientName;
      const store = openReportStore(deps.clientsDir, client, deps.limits);
      const report = store.get(args.id);
      const logoPath = join(clientPaths(deps.clientsDir, client).customDir, "logo.png");
      let logo: Uint8Array | undefined;
      let state: LogoState = "missing";
      if (existsSync(logoPath)) {
        const bytes = readFileSync(logoPath);
        if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
          logo = bytes;
          state = "used";
        } else state = "not-png";
      }
      const options = {
        colors: deps.colors,
        signal: ctx.signal,
        progress: (done: number, total: number) => ctx.progress(done, total, "sections drawn"),
      };
      // pdfkit and fontkit load on the first export, not at every start (bench/README.md, B4).
      const { renderPdf } = await import("./pdf.ts");
      let pdf: PdfResult;
      try {
        pdf = await renderPdf(report, { ...options, logo });
      } catch (error) {
        if (logo === undefined) throw error;
        // A PNG signature on a damaged or unsupported file: export without it rather than fail.
        ctx.logger.warn({ err: String(error) }, "logo.png could not be drawn; exporting without it");
        state = "not-png";
        pdf = await renderPdf(report, options);
      }
      await ctx.progress(1, 1, "saved");
      store.writeArtifact(report.id, "pdf", pdf.bytes);
      const file = `reports/${report.id}.pdf`;
      const notes = [
        ...(state === "missing"
          ? [`No logo on the cover: place a PNG at clients/${client}/custom/logo.png to have one.`]
          : []),
        ...(state === "not-png"
          ? [
              `clients/${client}/custom/logo.png is not a usable PNG; the cover has no logo. Replace it with a PNG file.`,
            ]
          : []),
        ...(pdf.missingGlyphs > 0
          ? [
              `${pdf.missingGlyphs} characters have no glyph in the embedded fonts (for example Korean Hangul or emoji) and are shown as "?"; report_get gives the exact text.`,
            ]
          : []),
      ];
      return toolResult(
        [`Exported report ${report.id} to ${file}: ${pdf.pages} pages, ${pdf.bytes.length} bytes.`, ...notes].join(
          "\n",
        ),
        {
          id: report.id,
          file,
          pages: pdf.pages,
          bytes: pdf.bytes.length,
          logo: state,
          missingGlyphs: pdf.missingGlyphs,
        },
      );
    },
  });
}
