/**
 * Reports on disk: `clients/<name>/reports/<id>.json` is the report, `<id>.md` its Markdown and
 * `<id>.pdf` its last export. Only the caller's own folder is ever opened (the client name comes
 * from the authenticated principal), ids are generated here and checked against a strict pattern,
 * every write is atomic, and the size cap per report and the count cap per client are checked
 * before anything is written. A read-modify-write of one report is synchronous from start to end,
 * so two appends to the same report cannot interleave and lose each other.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { clientPaths } from "../../clients/client-paths.ts";
import { PUBLIC_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";
import { LimitExceededError, NotFoundError, ValidationError } from "../../mcp/errors.ts";
import { DEFAULT_SECTION, type FindingInput, REPORT_ID, type Report, type Section, storedReport } from "./model.ts";

/** REPORT_MAX_SIZE_BYTES and REPORT_MAX_COUNT. */
export interface ReportLimits {
  maxBytes: number;
  maxReports: number;
}

/** What report_create adds: to a new report, or appended to an existing one. */
export interface ReportAddition {
  sections?: Array<{ title: string; description?: string }>;
  findings?: FindingInput[];
}

export interface NewReport extends ReportAddition {
  title: string;
  summary?: string;
  scope: { hosts: string[]; period?: string };
}

export type Artifact = "md" | "pdf";

export interface ReportStore {
  readonly dir: string;
  create(input: NewReport, now: Date): Report;
  append(id: string, addition: ReportAddition, now: Date): Report;
  get(id: string): Report;
  /** Every report of the client, newest first. */
  list(): Report[];
  /** Removes the report and its exports; returns the file names removed. */
  remove(id: string): string[];
  writeArtifact(id: string, kind: Artifact, data: string | Uint8Array): string;
  artifactPath(id: string, kind: Artifact): string;
}

/** Opens the reports folder of `client` (created on first write). */
export function openReportStore(clientsDir: string, client: string, limits: ReportLimits): ReportStore {
  const dir = clientPaths(clientsDir, client).reportsDir;
  const jsonPath = (id: string) => join(dir, `${checkedId(id)}.json`);
  const ids = () =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".json"))
          .map((f) => f.slice(0, -5))
          .filter((id) => REPORT_ID.test(id))
      : [];

  const read = (id: string): Report => {
    const path = jsonPath(id);
    if (!existsSync(path))
      throw new NotFoundError(`No report "${id}" in your reports`, "Call report_list to see your report ids.");
    return v.parse(storedReport, JSON.parse(readFileSync(path, "utf8")));
  };

  const save = (report: Report): void => {
    const text = JSON.stringify(report, null, 1);
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > limits.maxBytes)
      throw new LimitExceededError(
        `Report "${report.id}" would be ${bytes} bytes, over the ${limits.maxBytes}-byte cap (REPORT_MAX_SIZE_BYTES); nothing was saved`,
        "Keep only the relevant lines of each evidence, or split the work into several reports.",
        { bytes, maxBytes: limits.maxBytes },
      );
    writeFileAtomic(jsonPath(report.id), text, { mode: PUBLIC_FILE_MODE });
  };

  return {
    dir,
    create(input, now) {
      const count = ids().length;
      if (count >= limits.maxReports)
        throw new LimitExceededError(
          `You already have ${count} reports, the cap per client (REPORT_MAX_COUNT=${limits.maxReports}); nothing was saved`,
          "Ask an administrator to delete old reports with report_delete, or to raise REPORT_MAX_COUNT.",
          { count, maxReports: limits.maxReports },
        );
      const stamp = now.toISOString();
      const report: Report = {
        id: newId(input.title, now),
        title: input.title,
        ...(input.summary ? { summary: input.summary } : {}),
        scope: input.scope,
        createdAt: stamp,
        updatedAt: stamp,
        sections: [],
        findings: [],
      };
      const full = added(report, input, stamp);
      save(full);
      return full;
    },
    append(id, addition, now) {
      const next = added(read(id), addition, now.toISOString());
      save(next);
      return next;
    },
    get: read,
    list() {
      return ids()
        .map((id) => {
          try {
            return read(id);
          } catch {
            return undefined; // a hand-edited, broken file is skipped, not fatal to the listing
          }
        })
        .filter((r): r is Report => r !== undefined)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    },
    remove(id) {
      read(id);
      const removed: string[] = [];
      for (const ext of ["pdf", "md", "json"]) {
        const path = join(dir, `${checkedId(id)}.${ext}`);
        if (existsSync(path) && statSync(path).isFile()) {
          rmSync(path);
          removed.push(`${id}.${ext}`);
        }
      }
      return removed;
    },
    writeArtifact(id, kind, data) {
      const path = join(dir, `${checkedId(id)}.${kind}`);
      writeFileAtomic(path, data, { mode: PUBLIC_FILE_MODE });
      return path;
    },
    artifactPath: (id, kind) => join(dir, `${checkedId(id)}.${kind}`),
  };
}

/** Appends sections and findings; a finding's new section is created after the existing ones. */
function added(report: Report, addition: ReportAddition, stamp: string): Report {
  const sections: Section[] = [...report.sections];
  const ensure = (title: string, description?: string) => {
    const existing = sections.find((s) => s.title === title);
    if (existing === undefined) sections.push(description ? { title, description } : { title });
    else if (description && !existing.description) existing.description = description;
  };
  for (const s of addition.sections ?? []) ensure(s.title, s.description);
  const findings = [...report.findings];
  let next = findings.length;
  for (const f of addition.findings ?? []) {
    const section = f.section ?? DEFAULT_SECTION;
    ensure(section);
    next += 1;
    findings.push({ ...f, id: `F${next}`, section });
  }
  return { ...report, sections, findings, updatedAt: stamp };
}

/** `<yyyymmdd>-<slug of the title>-<random>`: readable, unique, and a safe file name. */
function newId(title: string, now: Date): string {
  const slug =
    title
      .normalize("NFKD")
      .replace(/\p{M}/gu, "") // "ü" → "u" rather than "u-"
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48)
      .replace(/-+$/, "") || "report";
  return `${now.toISOString().slice(0, 10).replaceAll("-", "")}-${slug}-${randomBytes(3).toString("hex")}`;
}

function checkedId(id: string): string {
  if (!REPORT_ID.test(id))
    throw new ValidationError("Invalid report id", [`id: "${id}" is not a report id (see report_list)`]);
  return id;
}
