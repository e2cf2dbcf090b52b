/**
 * Renders the sample pages of docs/reports.md: starts the built-in lab (the demo's data) and the
 * bridge from source, follows the cluster health check prompt's steps through the MCP client,
 * saves the findings with report_create, exports the PDF with report_export_pdf, and renders its
 * first two pages with pdftoppm to docs/report-page-1.png and docs/report-page-2.png.
 * Run: `node_modules/.bin/bun scripts/report-pages.ts` (needs poppler-utils).
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorOf, type Result, startTestBed } from "../test/support/test-bed.ts";

const docs = join(import.meta.dir, "..", "docs");
const bed = await startTestBed("cucm", { modules: ["report"] });
try {
  const admin = await bed.h.v1("admin");
  const host = bed.node.ip;
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await admin.callTool({ name, arguments: args })) as Result;
    return { r, text: r.content.map((c) => c.text ?? "").join("\n") };
  };
  const probe = await call("cucm_os_run_command", { host, command: "show myself" });
  const fingerprint = errorOf(probe.r)?.fingerprint;
  if (fingerprint !== undefined) await call("cucm_os_trust_fingerprint", { host, fingerprint });

  const connectivity = await call("cucm_check_connectivity", { host });
  const version = await call("cucm_get_version", { host });
  const status = await call("cucm_os_run_command", { host, command: "show status" });
  const services = await call("cucm_os_run_command", { host, command: "utils service list" });
  const replication = await call("cucm_os_run_command", { host, command: "utils dbreplication runtimestate" });
  const unregistered = await call("cucm_risport_query", { host, deviceClass: "Phone", status: "UnRegistered" });
  const rejected = await call("cucm_risport_query", { host, deviceClass: "Phone", status: "Rejected" });

  const stopped = services.text.split("\n").filter((l) => /\[STOPPED\]\s+Service Activated/.test(l));
  const disk = /Disk\/active.*\((\d+)%\)/.exec(status.text)?.[1] ?? "?";
  const unregCount = Number(unregistered.r.structuredContent?.count ?? 0);
  const lines = (text: string, match: RegExp) =>
    text
      .split("\n")
      .filter((l) => match.test(l))
      .join("\n");
  const findings = [
    {
      status: "PASS",
      title: "AXL, RisPort70 and SSH answer with verified TLS and a trusted host key",
      section: "Versions",
      evidence: { tool: "cucm_check_connectivity", call: `host ${host}`, observed: connectivity.text },
    },
    {
      status: "INFO",
      title: "Publisher runs CUCM 15.0 (AXL schema 15.0)",
      section: "Versions",
      evidence: { tool: "cucm_get_version", observed: version.text },
    },
    {
      status: stopped.length > 0 ? "WARN" : "PASS",
      title: stopped.length > 0 ? `${stopped.length} activated service(s) stopped` : "Every activated service runs",
      section: "Services",
      evidence: {
        tool: "cucm_os_run_command",
        call: "utils service list",
        observed: stopped.join("\n") || "none stopped",
      },
      recommendation:
        stopped.length > 0
          ? "Start the stopped services from Cisco Unified Serviceability, or deactivate them if unused."
          : undefined,
    },
    {
      status: /No Errors or Mismatches found/.test(replication.text) ? "PASS" : "FAIL",
      title: "Database replication complete on every node",
      section: "Replication",
      evidence: {
        tool: "cucm_os_run_command",
        call: "utils dbreplication runtimestate",
        observed: lines(replication.text, /COMPLETED|Errors|Setup Completed/),
      },
    },
    {
      status: Number(disk) >= 80 ? "WARN" : "INFO",
      title: `Active partition ${disk} % used; CPU mostly idle`,
      section: "Resources",
      evidence: {
        tool: "cucm_os_run_command",
        call: "show status",
        observed: lines(status.text, /CPU Idle|Memory Total|Disk\//),
      },
    },
    {
      status: unregCount > 0 ? "FAIL" : "PASS",
      title: `${unregCount} phone(s) not registered`,
      section: "Registration",
      evidence: {
        tool: "cucm_risport_query",
        call: "deviceClass Phone, status UnRegistered",
        observed: unregistered.text.split("\n").slice(0, 6).join("\n"),
      },
      recommendation:
        "Check the phone's network and power; status reason 8 means the device was reset or lost its connection.",
    },
    {
      status: "PASS",
      title: "No phone rejected",
      section: "Registration",
      evidence: {
        tool: "cucm_risport_query",
        call: "deviceClass Phone, status Rejected",
        observed: rejected.text.split("\n")[0] ?? "",
      },
    },
    {
      status: "N/A",
      title: "IM&Presence not part of this check",
      section: "Registration",
      evidence: { tool: "bridge_whoami", observed: "cluster health check of CUCM only" },
    },
  ];
  const created = await call("report_create", {
    title: "CUCM cluster health — lab cluster",
    scope: { hosts: [host], period: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC` },
    summary:
      "Read-only health check of the publisher: versions, services, replication, resources and phone registration.",
    sections: ["Versions", "Services", "Replication", "Resources", "Registration"].map((title) => ({ title })),
    findings,
  });
  const id = String(created.r.structuredContent?.id);
  const exported = await call("report_export_pdf", { id });
  if (exported.r.isError) throw new Error(exported.text);
  const pdf = join(bed.h.root, "clients", "admin", "reports", `${id}.pdf`);
  mkdirSync(docs, { recursive: true });
  const out = join(bed.schemasDir, "page");
  const run = Bun.spawnSync(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", pdf, out], { stderr: "inherit" });
  if (run.exitCode !== 0) throw new Error("pdftoppm failed");
  copyFileSync(`${out}-1.png`, join(docs, "report-page-1.png"));
  copyFileSync(`${out}-2.png`, join(docs, "report-page-2.png"));
  writeFileSync(join(docs, "report-sample.md"), (await call("report_get", { id })).text);
  console.log(`${exported.text}\nwrote docs/report-page-1.png, docs/report-page-2.png and docs/report-sample.md`);
} finally {
  await bed.stop();
}
