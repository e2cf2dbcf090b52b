/**
 * A report as PDF, drawn with PDFKit in the embedded fonts (fonts.ts): a cover with the client's
 * logo, the title, the scope, a bar chart of the findings per status with a legend and a table of
 * the sections; then per section a stacked bar when its findings have several statuses, and the
 * findings table, whose rows are measured before they are drawn so a row never starts on one
 * page and ends on the next (long cells are shortened in the table and given in full in the
 * closing details); page numbers in every footer. Charts are vector drawings in REPORT_CHARTS_COLORS.
 */
import PDFDocument from "pdfkit";
import { CancelledError } from "../../mcp/errors.ts";
import { embeddedFonts, type FontName, type FontSet } from "./fonts.ts";
import { countByStatus, type Finding, findingsBySection, type Report, STATUSES, type Status } from "./model.ts";

export interface PdfOptions {
  colors: Record<Status, string>;
  /** PNG bytes of the client's logo, already checked to be a PNG. */
  logo?: Uint8Array;
  signal?: AbortSignal;
  /** Called after each section (done, total). */
  progress?: (done: number, total: number) => Promise<void>;
}

export interface PdfResult {
  bytes: Uint8Array;
  pages: number;
  /** Characters no embedded font has, drawn as "?". */
  missingGlyphs: number;
}

const MARGIN = 50;
const INK = "#1F2933";
const MUTED = "#5B6770";
const RULE = "#D5DADD";
const HEADER_FILL = "#EEF1F3";
/** Longest cell texts in the table; the details section gives the rest. */
const CELL_CAP = { evidence: 220, recommendation: 420 };

/** Table columns (widths in points; the last takes the rest of the line). */
const COLUMNS = [
  { key: "id", label: "ID", width: 30 },
  { key: "status", label: "Status", width: 48 },
  { key: "title", label: "Finding", width: 150 },
  { key: "evidence", label: "Evidence", width: 140 },
  { key: "recommendation", label: "Recommendation", width: 0 },
] as const;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const evidenceCell = (f: Finding) =>
  `${f.evidence.tool}${f.evidence.call ? ` (${f.evidence.call})` : ""}${f.evidence.observed.trim() ? `: ${f.evidence.observed.trim()}` : ""}`;
/** True when the table shows a shortened evidence or recommendation (the details then give it whole). */
const clipped = (f: Finding) =>
  evidenceCell(f).length > CELL_CAP.evidence || (f.recommendation ?? "").length > CELL_CAP.recommendation;

/** Renders the report; throws CancelledError when `signal` aborts between sections. */
export async function renderPdf(report: Report, options: PdfOptions): Promise<PdfResult> {
  const fonts = embeddedFonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    // No default font: a default opened here shares its name with the registered "sans" and makes
    // PDFKit reopen that font at every switch (seconds per report); each text selects its font.
    font: null as unknown as string,
    info: { Title: report.title, Author: "AI-Bridge for Cisco UC", Creator: "AI-Bridge for Cisco UC" },
    pdfVersion: "1.7",
  });
  for (const [name, face] of Object.entries(fonts.faces)) doc.registerFont(name, face as unknown as string);
  doc.font("sans");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const w = new Writer(doc, fonts, options.colors);
  w.cover(report, options.logo);
  const groups = findingsBySection(report).filter((g) => g.findings.length > 0);
  let done = 0;
  for (const { section, findings } of groups) {
    if (options.signal?.aborted) throw new CancelledError();
    w.section(section.title, section.description, findings);
    done += 1;
    await options.progress?.(done, groups.length + 1);
    // Drawing is synchronous: give the event loop a turn so a cancellation can arrive.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const long = report.findings.filter(clipped);
  if (long.length > 0) w.details(long);
  const pages = w.footers(report.title);
  doc.end();
  await finished;
  return { bytes: new Uint8Array(Buffer.concat(chunks)), pages, missingGlyphs: w.missing };
}

/** Layout state over one PDFKit document. */
class Writer {
  missing = 0;
  private firstSection = true;
  private readonly width: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontSet,
    private readonly colors: Record<Status, string>,
  ) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Selects the font for `text` and returns the text to draw. */
  private use(text: string, wanted: Exclude<FontName, "cjk">, size: number): string {
    const picked = this.fonts.pick(text, wanted);
    this.missing += picked.missing;
    this.doc.font(picked.font).fontSize(size);
    return picked.text;
  }

  private para(text: string, wanted: Exclude<FontName, "cjk">, size: number, color = INK, gap = 4): void {
    const shown = this.use(text, wanted, size);
    this.doc.fillColor(color).text(shown, MARGIN, this.doc.y, { width: this.width });
    this.doc.y += gap;
  }

  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  cover(report: Report, logo: Uint8Array | undefined): void {
    const doc = this.doc;
    if (logo !== undefined) {
      doc.image(Buffer.from(logo), MARGIN, MARGIN, { fit: [180, 70] });
      doc.y = MARGIN + 90;
    } else doc.y = MARGIN + 20;
    this.para(report.title, "bold", 22, INK, 10);
    const scope = [
      `Hosts: ${report.scope.hosts.length > 0 ? report.scope.hosts.join(", ") : "(none named)"}`,
      `Period: ${report.scope.period ?? "(not stated)"}`,
      `Created: ${report.createdAt}   Updated: ${report.updatedAt}`,
      `Report id: ${report.id}`,
    ];
    for (const line of scope) this.para(line, "sans", 10, MUTED, 1);
    doc.y += 12;
    if (report.summary) this.para(report.summary, "sans", 11, INK, 14);
    this.para("Findings per status", "bold", 14, INK, 8);
    this.barChart(countByStatus(report.findings), report.findings.length);
    const groups = findingsBySection(report).filter((g) => g.findings.length > 0);
    if (groups.length > 0) this.sectionOverview(groups);
  }

  /** One line per section with its findings per status: where to look first. */
  private sectionOverview(groups: Array<{ section: { title: string }; findings: Finding[] }>): void {
    const doc = this.doc;
    doc.y += 8;
    this.ensure(60);
    this.para("Sections", "bold", 14, INK, 6);
    const countW = 44;
    const nameW = this.width - countW * (STATUSES.length + 1);
    const row = (cells: string[], header: boolean) => {
      this.ensure(16);
      const y = doc.y;
      if (header) doc.rect(MARGIN, y, this.width, 15).fill(HEADER_FILL);
      cells.forEach((cell, i) => {
        const x = i === 0 ? MARGIN : MARGIN + nameW + (i - 1) * countW;
        const status = STATUSES[i - 1];
        const shown = i === 0 ? this.use(clip(cell, 90), header ? "bold" : "sans", 8.5) : cell;
        if (i !== 0) doc.font(header ? "bold" : "sans").fontSize(8.5);
        // the colour square sits just left of its right-aligned label
        if (header && status !== undefined)
          doc.rect(x + countW - 1 - doc.widthOfString(cell) - 10, y + 4, 7, 7).fill(this.colors[status]);
        doc.fillColor(INK).text(shown, i === 0 ? x + 4 : x + 13, y + 3.5, {
          width: (i === 0 ? nameW : countW) - 14,
          align: i === 0 ? "left" : "right",
          lineBreak: false,
        });
      });
      doc.y = y + 15;
      doc
        .moveTo(MARGIN, doc.y)
        .lineTo(MARGIN + this.width, doc.y)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    };
    row(["Section", ...STATUSES, "Total"], true);
    for (const { section, findings } of groups) {
      const counts = countByStatus(findings);
      row(
        [
          section.title,
          ...STATUSES.map((st) => (counts[st] === 0 ? "·" : String(counts[st]))),
          String(findings.length),
        ],
        false,
      );
    }
  }

  /** One horizontal bar per status, its count at the end, then a legend with the shares. */
  private barChart(counts: Record<Status, number>, total: number): void {
    const doc = this.doc;
    const labelW = 50;
    const maxBar = this.width - labelW - 60;
    const top = Math.max(...STATUSES.map((s) => counts[s]), 1);
    const barH = 18;
    this.ensure(STATUSES.length * (barH + 8) + 40);
    for (const s of STATUSES) {
      const y = doc.y;
      doc
        .font("bold")
        .fontSize(9)
        .fillColor(INK)
        .text(s, MARGIN, y + 4, { width: labelW, lineBreak: false });
      const len = counts[s] === 0 ? 0 : Math.max(2, (counts[s] / top) * maxBar);
      doc.rect(MARGIN + labelW, y, maxBar, barH).fill("#F4F6F7");
      if (len > 0) doc.rect(MARGIN + labelW, y, len, barH).fill(this.colors[s]);
      doc
        .font("sans")
        .fontSize(9)
        .fillColor(INK)
        .text(String(counts[s]), MARGIN + labelW + maxBar + 8, y + 4, { width: 50, lineBreak: false });
      doc.y = y + barH + 8;
    }
    doc.y += 4;
    this.legend(counts, total);
    doc.y += 10;
  }

  /** Colour squares with "STATUS n (p %)" on one line. */
  private legend(counts: Record<Status, number>, total: number, only?: Status[]): void {
    const doc = this.doc;
    let x = MARGIN;
    const y = doc.y;
    for (const s of only ?? STATUSES) {
      const pct = total === 0 ? 0 : Math.round((counts[s] / total) * 100);
      const label = `${s} ${counts[s]} (${pct} %)`;
      doc.rect(x, y + 1, 9, 9).fill(this.colors[s]);
      doc.font("sans").fontSize(8.5).fillColor(INK);
      doc.text(label, x + 13, y + 1, { lineBreak: false });
      x += 13 + doc.widthOfString(label) + 16;
    }
    doc.y = y + 16;
  }

  section(title: string, description: string | undefined, findings: Finding[]): void {
    const doc = this.doc;
    // Sections follow each other on a page; one starts a new page when its heading, chart and
    // first rows would not fit.
    if (this.firstSection) {
      doc.addPage();
      this.firstSection = false;
    } else {
      doc.y += 14;
      this.ensure(150);
    }
    this.para(title, "bold", 15, INK, 4);
    if (description) this.para(description, "sans", 9.5, MUTED, 6);
    const counts = countByStatus(findings);
    const present = STATUSES.filter((s) => counts[s] > 0);
    if (present.length > 1) {
      // a stacked bar: where this section stands at a glance
      let x = MARGIN;
      const y = doc.y + 2;
      for (const s of present) {
        const w = (counts[s] / findings.length) * this.width;
        doc.rect(x, y, w, 14).fill(this.colors[s]);
        x += w;
      }
      doc.y = y + 20;
      this.legend(counts, findings.length, present);
      doc.y += 4;
    } else {
      this.para(
        `${findings.length} finding${findings.length === 1 ? "" : "s"}, all ${present[0]}`,
        "sans",
        9,
        MUTED,
        6,
      );
    }
    this.table(findings);
  }

  private columnWidths(): number[] {
    const fixed = COLUMNS.reduce((sum, c) => sum + c.width, 0);
    return COLUMNS.map((c) => (c.width === 0 ? this.width - fixed : c.width));
  }

  private header(widths: number[]): void {
    const doc = this.doc;
    const y = doc.y;
    doc.rect(MARGIN, y, this.width, 16).fill(HEADER_FILL);
    let x = MARGIN;
    COLUMNS.forEach((c, i) => {
      doc
        .font("bold")
        .fontSize(8)
        .fillColor(INK)
        .text(c.label, x + 4, y + 4, { width: (widths[i] ?? 0) - 8, lineBreak: false });
      x += widths[i] ?? 0;
    });
    doc.y = y + 16;
  }

  /** The findings table: each row measured first, moved whole to the next page when it does not fit. */
  private table(findings: Finding[]): void {
    const doc = this.doc;
    const widths = this.columnWidths();
    this.ensure(16 + 30);
    this.header(widths);
    for (const f of findings) {
      const cells: Array<{ text: string; font: Exclude<FontName, "cjk">; size: number }> = [
        { text: f.id, font: "sans", size: 8 },
        { text: f.status, font: "bold", size: 7.5 },
        { text: f.title, font: "sans", size: 8 },
        {
          text: clip(evidenceCell(f), CELL_CAP.evidence),
          font: "mono",
          size: 7,
        },
        { text: clip(f.recommendation ?? "", CELL_CAP.recommendation), font: "sans", size: 8 },
      ];
      const shown = cells.map((c, i) => {
        const picked = this.fonts.pick(c.text, c.font);
        this.missing += picked.missing;
        doc.font(picked.font).fontSize(c.size);
        const height = i === 1 ? 12 : doc.heightOfString(picked.text, { width: (widths[i] ?? 0) - 8 });
        return { ...picked, size: c.size, height };
      });
      const rowH = Math.max(...shown.map((c) => c.height)) + 8;
      if (doc.y + rowH > this.bottom) {
        doc.addPage();
        this.header(widths);
      }
      const y = doc.y;
      let x = MARGIN;
      shown.forEach((c, i) => {
        const w = widths[i] ?? 0;
        if (i === 1) {
          doc.roundedRect(x + 3, y + 3, w - 6, 12, 2).fill(this.colors[f.status]);
          doc
            .font("bold")
            .fontSize(7.5)
            .fillColor(INK)
            .text(f.status, x + 3, y + 5.5, { width: w - 6, align: "center", lineBreak: false });
        } else
          doc
            .font(c.font)
            .fontSize(c.size)
            .fillColor(INK)
            .text(c.text, x + 4, y + 4, { width: w - 8 });
        x += w;
      });
      doc.y = y + rowH;
      doc
        .moveTo(MARGIN, doc.y)
        .lineTo(MARGIN + this.width, doc.y)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    }
    doc.y += 6;
  }

  /** The full evidence and recommendation of the findings the table shortened (flows over pages: not a table). */
  details(findings: Finding[]): void {
    const doc = this.doc;
    doc.addPage();
    this.para("Evidence and recommendations in full", "bold", 15, INK, 4);
    this.para("For the findings whose evidence or recommendation is shortened in the tables.", "sans", 9, MUTED, 8);
    for (const f of findings) {
      this.ensure(40);
      const y = doc.y;
      doc.rect(MARGIN, y + 2, 4, 10).fill(this.colors[f.status]);
      const head = this.use(`${f.id} [${f.status}] ${f.title}`, "bold", 9.5);
      doc.fillColor(INK).text(head, MARGIN + 10, y, { width: this.width - 10 });
      doc.y += 2;
      const source = `From ${f.evidence.tool}${f.evidence.call ? `: ${f.evidence.call}` : ""} (section ${f.section})`;
      this.para(source, "sans", 8, MUTED, 2);
      const observed = f.evidence.observed.replace(/\s+$/, "");
      if (observed !== "") this.para(observed, "mono", 7.5, INK, 3);
      if (f.recommendation) this.para(`Recommendation: ${f.recommendation}`, "sans", 8.5, INK, 3);
      doc.y += 6;
    }
  }

  /** "title · page i of n" at the foot of every page; returns the page count. */
  footers(title: string): number {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const text = this.use(`${clip(title, 80)} · page ${i + 1} of ${range.count}`, "sans", 7.5);
      doc
        .fillColor(MUTED)
        .text(text, MARGIN, doc.page.height - 32, { width: this.width, align: "center", lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
    return range.count;
  }
}
