/**
 * B6 (TARGETS.md): `report_export_pdf` of a 500-finding report, time and peak RSS, against the
 * Markdown rendering of the same report in the same run. Each rendering runs in its own child
 * process so its peak RSS (VmHWM) is its own; the report is the same file for both. The first
 * export of a process also loads the embedded fonts: it is reported on its own line, and the
 * timed runs are those of a bridge that has exported before. Writes bench/results-b6.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderMarkdown } from "../src/modules/report/markdown.ts";
import type { Report } from "../src/modules/report/model.ts";
import { renderPdf } from "../src/modules/report/pdf.ts";

const FINDINGS = 500;
const RUNS = 3;
const COLORS = { PASS: "#78F5AE", WARN: "#FFBE54", FAIL: "#FF6F61", INFO: "#69C2FF", "N/A": "#BACCCC" };

/** Child mode: render the report in one format RUNS times; print the times and peak RSS. */
if (process.argv[2] === "--child") {
  const [format, file] = [process.argv[3] as "pdf" | "markdown", process.argv[4] as string];
  const report = JSON.parse(readFileSync(file, "utf8")) as Report;
  const vmHwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
  const render = async () =>
    format === "pdf" ? (await renderPdf(report, { colors: COLORS })).bytes.length : renderMarkdown(report).length;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await render();
  const first = performance.now() - t0;
  const firstCpu = process.cpuUsage(c0);
  const peakMb = vmHwm(); // one export, as a bridge serving it would peak
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    Bun.gc(true);
    const c = process.cpuUsage();
    const t = performance.now();
    await render();
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const firstCpuMs = (firstCpu.user + firstCpu.system) / 1000;
  console.log(JSON.stringify({ first, firstCpuMs, ms: Math.min(...times), cpuMs: Math.min(...cpu), bytes, peakMb }));
  process.exit(0);
}

/** A health check's worth of findings: a few lines of evidence each, some CJK and accented names. */
function report(): Report {
  const statuses = ["PASS", "WARN", "FAIL", "INFO", "N/A"] as const;
  const sections = ["Versions", "Services", "Replication", "Resources", "Registration", "Certificates"];
  const stamp = "2026-12-02T01:00:00.000Z";
  return {
    id: "20261202-b6-bench-000000",
    title: "B6 cluster health, 500 findings",
    scope: { hosts: ["cucm-pub.example.com", "cucm-sub.example.com"], period: "2026-12-02 01:00 UTC" },
    createdAt: stamp,
    updatedAt: stamp,
    sections: sections.map((title) => ({ title })),
    findings: Array.from({ length: FINDINGS }, (_, i) => ({
      id: `F${i + 1}`,
      status: statuses[i % 5] as (typeof statuses)[number],
      section: sections[i % sections.length] as string,
      title: `Phone SEP${String(i).padStart(12, "0")} (${i % 7 === 0 ? "会议室 北京" : "Salle de réunion"} ${i}) registration`,
      evidence: {
        tool: "cucm_risport_query",
        call: `selectBy Name, items [SEP${String(i).padStart(12, "0")}]`,
        observed: [
          `SEP${String(i).padStart(12, "0")} ${i % 5 === 2 ? "UnRegistered" : "Registered"} 10.1.${i % 250}.${i % 200} cucm-pub`,
          `status reason ${i % 5 === 2 ? 8 : 0}, load sip88xx.14-2-1-0001-14, protocol SIP`,
          `lines: ${1000 + i}-Registered`,
        ].join("\n"),
      },
      ...(i % 5 === 1 || i % 5 === 2
        ? { recommendation: "Check the phone's network and its device pool's CM group; reset it if the load is wrong." }
        : {}),
    })),
  };
}

const dir = mkdtempSync(join(tmpdir(), "b6-"));
try {
  const file = join(dir, "report.json");
  writeFileSync(file, JSON.stringify(report()));
  const run = (format: string) => {
    const p = Bun.spawnSync([process.execPath, import.meta.path, "--child", format, file], { stderr: "inherit" });
    if (p.exitCode !== 0) throw new Error(`${format} child failed (exit ${p.exitCode})`);
    return JSON.parse(p.stdout.toString().trim()) as {
      first: number;
      firstCpuMs: number;
      ms: number;
      cpuMs: number;
      bytes: number;
      peakMb: number;
    };
  };
  const md = run("markdown");
  const pdf = run("pdf");
  const ratio = pdf.ms / md.ms;
  console.log(
    `${FINDINGS} findings: PDF ${pdf.ms.toFixed(0)} ms wall, ${pdf.cpuMs.toFixed(0)} ms CPU (first in a process ${pdf.first.toFixed(0)} ms wall, ${pdf.firstCpuMs.toFixed(0)} ms CPU), ${(pdf.bytes / 1024).toFixed(0)} KB, peak RSS ${pdf.peakMb.toFixed(0)} MB; Markdown ${md.ms.toFixed(1)} ms, peak RSS ${md.peakMb.toFixed(0)} MB; PDF/Markdown time ${ratio.toFixed(0)}x`,
  );
  const rows = [
    {
      id: "B6",
      metric: "PDF export, 500 findings",
      value: Number(pdf.ms.toFixed(0)),
      unit: "ms",
      target: "<= 2000",
      ok: pdf.ms <= 2000,
    },
    {
      id: "B6",
      metric: "PDF export CPU time (wall time suffers on a shared machine)",
      value: Number(pdf.cpuMs.toFixed(0)),
      unit: "ms",
    },
    {
      id: "B6",
      metric: "PDF export, first in a process (fonts loaded)",
      value: Number(pdf.first.toFixed(0)),
      unit: "ms",
    },
    {
      id: "B6",
      metric: "PDF peak RSS (process, one export)",
      value: Number(pdf.peakMb.toFixed(0)),
      unit: "MB",
      target: "<= 150",
      ok: pdf.peakMb <= 150,
    },
    { id: "B6", metric: "PDF size", value: Number((pdf.bytes / 1024).toFixed(0)), unit: "KB" },
    { id: "B6", metric: "Markdown rendering, same report", value: Number(md.ms.toFixed(1)), unit: "ms" },
    { id: "B6", metric: "Markdown CPU time", value: Number(md.cpuMs.toFixed(1)), unit: "ms" },
    { id: "B6", metric: "Markdown peak RSS (process)", value: Number(md.peakMb.toFixed(0)), unit: "MB" },
    { id: "B6", metric: "PDF / Markdown time", value: Number(ratio.toFixed(1)), unit: "x" },
  ];
  writeFileSync(join(import.meta.dir, "results-b6.json"), `${JSON.stringify(rows, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
