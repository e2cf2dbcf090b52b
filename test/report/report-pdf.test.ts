/**
 * PDF export checked the way a person would, with poppler: the MCP SDK client builds a report
 * from real lab evidence and exports it; `pdftotext` must show the title, every status, the
 * evidence and the page numbers; `pdfinfo` the page count the tool reported; `pdftoppm` renders
 * the cover, whose pixels must hold each REPORT_CHARTS_COLORS colour and the logo's colour. A long
 * report shows that no table row is cut across two pages. Logo missing or not a PNG: said, no crash.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

const POPPLER = ["pdftotext", "pdftoppm", "pdfinfo"].every((t) => Bun.which(t) !== null);
if (!POPPLER && process.env.CI === "true")
  throw new Error("poppler-utils (pdftotext, pdftoppm, pdfinfo) is required in CI");
const maybe = POPPLER ? describe : describe.skip;

/** Colours nobody would pick by chance, to find them in the rendered page. */
const COLORS = { PASS: "#12C46A", WARN: "#F0A800", FAIL: "#D0103A", INFO: "#1E88E5", "N/A": "#7A4B99" };
const LOGO_RGB = [0x33, 0x11, 0x99] as const;

let bed: TestBed;
let work: string;
beforeAll(async () => {
  if (!POPPLER) return;
  bed = await startTestBed("cucm", {
    modules: ["report"],
    clients: ["auditor:sub-aud:auditor"],
    env: {
      REPORT_CHARTS_COLORS: Object.entries(COLORS)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    },
  });
  work = mkdtempSync(join(tmpdir(), "report-pdf-"));
}, 60_000);
afterAll(async () => {
  await bed?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const sc = (r: Result): Record<string, unknown> => r.structuredContent ?? {};
const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
const textOf = (r: Result) => r.content.map((c) => c.text ?? "").join("\n");
const run = (cmd: string[]) => {
  const p = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${p.stderr.toString()}`);
  return p.stdout.toString();
};
const pdfOf = (client: string, id: string) => join(bed.h.root, "clients", client, "reports", `${id}.pdf`);

/** A solid-colour RGB PNG (signature, IHDR, one IDAT, IEND). */
function solidPng(width: number, height: number, rgb: readonly number[]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(Bun.hash.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Pixels of one page rendered by pdftoppm (binary PPM), counted per exact RGB colour. */
function pageColours(pdf: string, page: number): Map<string, number> {
  const out = join(work, `page-${page}`);
  run(["pdftoppm", "-r", "60", "-f", String(page), "-l", String(page), "-singlefile", pdf, out]);
  const ppm = readFileSync(`${out}.ppm`);
  // header: P6\n<w> <h>\n255\n
  let at = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(ppm[at] as number))) at += 1;
    let f = "";
    while (!/\s/.test(String.fromCharCode(ppm[at] as number))) f += String.fromCharCode(ppm[at++] as number);
    fields.push(f);
  }
  at += 1;
  const counts = new Map<string, number>();
  for (let i = at; i + 2 < ppm.length; i += 3) {
    const hex =
      `#${[ppm[i], ppm[i + 1], ppm[i + 2]].map((b) => (b as number).toString(16).padStart(2, "0")).join("")}`.toUpperCase();
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
  }
  return counts;
}

const hexOf = (rgb: readonly number[]) => `#${rgb.map((b) => b.toString(16).padStart(2, "0")).join("")}`.toUpperCase();

maybe("report_export_pdf read back with poppler", () => {
  let id = "";
  let version = "";

  test("a report with every status, accents and CJK exports with the logo; text, pages and colours are right", async () => {
    const v = await call("admin", "cucm_get_version", { host: bed.node.ip });
    expect(v.isError).toBeFalsy();
    version = String(sc(v).version);
    const ris = await call("admin", "cucm_risport_query", { host: bed.node.ip, deviceClass: "Phone" });
    expect(ris.isError).toBeFalsy();
    const risLines = textOf(ris).split("\n").slice(0, 6).join("\n");
    const created = await call("admin", "report_create", {
      title: "Santé du cluster Zürich 東京",
      scope: { hosts: [bed.node.ip], period: "2026-12-02" },
      findings: [
        {
          status: "INFO",
          title: "CUCM version",
          section: "Versions",
          evidence: { tool: "cucm_get_version", observed: textOf(v) },
        },
        {
          status: "PASS",
          title: "AXL reachable",
          section: "Versions",
          evidence: { tool: "cucm_get_version", observed: "ok" },
        },
        {
          status: "WARN",
          title: "Phone in 北京会议室 (서울 office)",
          section: "Registration",
          evidence: { tool: "cucm_risport_query", call: "deviceClass Phone", observed: risLines },
          recommendation: "Check the phones that are not registered.",
        },
        {
          status: "FAIL",
          title: "Replication broken",
          section: "Registration",
          evidence: { tool: "cucm_os_run_command", observed: "utils dbreplication runtimestate: 4" },
        },
        {
          status: "N/A",
          title: "No IM&P node",
          section: "Registration",
          evidence: { tool: "bridge_whoami", observed: "" },
        },
      ],
    });
    expect(created.isError).toBeFalsy();
    id = String(sc(created).id);
    mkdirSync(join(bed.h.root, "clients", "admin", "custom"), { recursive: true });
    writeFileSync(join(bed.h.root, "clients", "admin", "custom", "logo.png"), solidPng(160, 60, LOGO_RGB));

    const exported = await call("admin", "report_export_pdf", { id });
    expect(exported.isError).toBeFalsy();
    expect(sc(exported)).toMatchObject({ file: `reports/${id}.pdf`, logo: "used" });
    expect(Number(sc(exported).missingGlyphs)).toBeGreaterThan(0); // Hangul: drawn as "?", said in the result
    expect(textOf(exported)).toContain("shown as");
    const pdf = pdfOf("admin", id);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");

    const pages = Number(/Pages:\s+(\d+)/.exec(run(["pdfinfo", pdf]))?.[1]);
    expect(pages).toBe(Number(sc(exported).pages));
    const text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"]);
    // the cover, one page for both short sections, and the details page when some evidence was shortened
    expect(pages).toBe(2 + (text.includes("Evidence and recommendations in full") ? 1 : 0));
    expect(text).toContain("Santé du cluster Zürich 東京");
    for (const s of ["PASS", "WARN", "FAIL", "INFO", "N/A"]) expect(text).toContain(s);
    expect(text).toContain(version);
    expect(text).toContain("北京会议室");
    expect(text.replace(/\s+/g, " ")).toContain("utils dbreplication runtimestate: 4");
    for (let p = 1; p <= pages; p += 1) expect(text).toContain(`page ${p} of ${pages}`);
    const fonts = run(["pdffonts", pdf]);
    expect(fonts).toContain("DejaVuSans");
    expect(fonts).toContain("NotoSansSC");

    const cover = pageColours(pdf, 1);
    for (const [status, hex] of Object.entries(COLORS)) {
      expect({ status, pixels: cover.get(hex) ?? 0 }).toMatchObject({ status, pixels: expect.any(Number) });
      expect(cover.get(hex) ?? 0).toBeGreaterThan(30);
    }
    expect(cover.get(hexOf(LOGO_RGB)) ?? 0).toBeGreaterThan(500);
    // the Registration section has several statuses: its own chart is drawn in their colours
    const registration = pageColours(pdf, 2);
    for (const hex of [COLORS.WARN, COLORS.FAIL, COLORS["N/A"]]) expect(registration.get(hex) ?? 0).toBeGreaterThan(30);
  }, 60_000);

  test("a long report: more pages, every row whole on one page, long evidence given in full at the end", async () => {
    const statuses = ["PASS", "WARN", "FAIL", "INFO", "N/A"];
    const findings = Array.from({ length: 90 }, (_, i) => ({
      status: statuses[i % 5],
      title: `Device SEP${String(i).padStart(12, "0")} checked`,
      section: i < 60 ? "Phones" : "Gateways",
      evidence: { tool: "cucm_risport_query", observed: `row ${i}\n`.repeat(i % 9 === 0 ? 60 : 2) },
      recommendation: i % 4 === 0 ? `Look at device ${i}. `.repeat(12) : undefined,
    }));
    const first = await call("admin", "report_create", {
      title: "Long report",
      scope: { hosts: [bed.node.ip] },
      findings: findings.slice(0, 50),
    });
    const longId = String(sc(first).id);
    await call("admin", "report_create", { report_id: longId, findings: findings.slice(50) });
    // progress per section reaches a client that asked for it
    const progress: number[] = [];
    const exported = (await (
      await bed.h.v1("admin")
    ).callTool({ name: "report_export_pdf", arguments: { id: longId } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    })) as Result;
    expect(exported.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const pdf = pdfOf("admin", longId);
    const pages = Number(sc(exported).pages);
    expect(pages).toBeGreaterThan(4);
    const pageText = Array.from({ length: pages }, (_, i) =>
      run(["pdftotext", "-enc", "UTF-8", "-f", String(i + 1), "-l", String(i + 1), pdf, "-"]).replace(/\s+/g, " "),
    );
    findings.forEach((f, i) => {
      // the row's first page (its table row comes before any details) holds all of its cells
      const page = pageText.find((t) => t.includes(f.title)) ?? "";
      expect({ title: f.title, evidence: page.includes(`row ${i} row ${i}`) }).toEqual({
        title: f.title,
        evidence: true,
      });
      if (f.recommendation !== undefined)
        expect({ title: f.title, advice: page.includes(`Look at device ${i}.`) }).toEqual({
          title: f.title,
          advice: true,
        });
    });
    const details = pageText.findIndex((t) => t.includes("Evidence and recommendations in full"));
    expect(details).toBeGreaterThan(0);
    expect(pageText.slice(details).join(" ")).toContain("row 0 row 0 row 0");
  }, 60_000);

  test("a cancelled export stops between sections, writes no PDF, and is audited as cancelled", async () => {
    const sections = Array.from({ length: 16 }, (_, i) => `Part ${i + 1}`);
    const findings = Array.from({ length: 320 }, (_, i) => ({
      status: "INFO",
      title: `Check ${i}`,
      section: sections[i % sections.length],
      evidence: { tool: "cucm_get_version", observed: `line ${i}\n`.repeat(3) },
    }));
    const created = await call("admin", "report_create", {
      title: "To cancel",
      scope: { hosts: [] },
      findings: findings.slice(0, 160),
    });
    const cancelId = String(sc(created).id);
    const appended = await call("admin", "report_create", { report_id: cancelId, findings: findings.slice(160) });
    expect(sc(appended).findings).toBe(320);
    const controller = new AbortController();
    const admin = await bed.h.v1("admin");
    const pending = admin.callTool({ name: "report_export_pdf", arguments: { id: cancelId } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(), // cancel once the first section is drawn
    });
    await expect(pending).rejects.toThrow();
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && line === undefined; i++) {
      line = bed.h
        .audit()
        .find((e) => e.event === "tool.call" && e.tool === "report_export_pdf" && e.outcome === "CancelledError");
      if (line === undefined) await Bun.sleep(50);
    }
    expect(line).toBeDefined();
    expect(existsSync(pdfOf("admin", cancelId))).toBe(false);
  }, 60_000);

  test("no logo, or a logo that is not a PNG: the export says so and still succeeds", async () => {
    const created = await call("auditor", "report_create", {
      title: "Auditor's view",
      scope: { hosts: [] },
      findings: [{ status: "PASS", title: "ok", evidence: { tool: "bridge_whoami", observed: "auditor" } }],
    });
    const aid = String(sc(created).id);
    const missing = await call("auditor", "report_export_pdf", { id: aid });
    expect(sc(missing).logo).toBe("missing");
    expect(textOf(missing)).toContain("custom/logo.png");
    mkdirSync(join(bed.h.root, "clients", "auditor", "custom"), { recursive: true });
    writeFileSync(join(bed.h.root, "clients", "auditor", "custom", "logo.png"), "GIF89a not a png");
    const notPng = await call("auditor", "report_export_pdf", { id: aid });
    expect(notPng.isError).toBeFalsy();
    expect(sc(notPng).logo).toBe("not-png");
    expect(run(["pdftotext", pdfOf("auditor", aid), "-"])).toContain("Auditor's view");
    // listed with its PDF; the admin's report is not the auditor's to export
    expect(textOf(await call("auditor", "report_list", {}))).toContain(`${aid} | Auditor's view`);
    expect(errorOf(await call("auditor", "report_export_pdf", { id }))?.code).toBe("NotFoundError");
  }, 60_000);
});
