import { describe, expect, test } from "bun:test";
import { labNodes } from "../../../test/support/lab-fixtures.ts";
import type { LabNode } from "../contracts.ts";
import { runCommand } from "./commands.ts";

const NODES = labNodes("127.10.0");
const NOW = () => new Date("2026-01-02T03:04:05Z");

function run(name: string, command: string): string[] {
  const node = NODES.find((n) => n.name === name) as LabNode;
  const result = runCommand({ node, version: "15.0.1.12900-34", cluster: NODES, now: NOW }, command);
  if (result.kind !== "output") throw new Error(`unexpected ${result.kind}`);
  return result.lines;
}

describe("show network cluster, as in Cisco TAC's captures", () => {
  test("CUCM publisher: its own line plain, peers 'using TCP since', the processnode block; no Unity node", () => {
    const lines = run("cucm-pub", "show network cluster");
    expect(lines[0]).toBe("127.10.0.11 cucm-pub.lab.example cucm-pub Publisher callmanager DBPub authenticated");
    expect(lines[1]).toBe(
      "127.10.0.12 cucm-sub1.lab.example cucm-sub1 Subscriber callmanager DBSub authenticated using TCP since Sat Dec 27 03:04:05 2025",
    );
    expect(lines[2]).toStartWith(
      "127.10.0.21 imp-pub.lab.example imp-pub Subscriber cups DBPub authenticated using TCP since",
    );
    expect(lines.join("\n")).not.toContain("cuc-pub");
    expect(lines.slice(3)).toEqual([
      "",
      "Server Table (processnode) Entries",
      "----------------------------------",
      "cucm-pub",
      "cucm-sub1",
      "imp-pub",
      "",
    ]);
  });

  test("subscribers and IM&P list the cluster without the processnode block; Unity lists only itself", () => {
    const sub = run("cucm-sub1", "show network cluster");
    expect(sub).toContain("127.10.0.12 cucm-sub1.lab.example cucm-sub1 Subscriber callmanager DBSub authenticated");
    expect(sub.join("\n")).not.toContain("Server Table");
    expect(run("imp-pub", "show network cluster")).toContain(
      "127.10.0.21 imp-pub.lab.example imp-pub Subscriber cups DBPub authenticated",
    );
    const cuc = run("cuc-pub", "show network cluster");
    expect(cuc[0]).toBe("127.10.0.31 cuc-pub.lab.example cuc-pub Publisher cuc DBPub authenticated");
    expect(cuc.join("\n")).not.toContain("callmanager");
  });
});

describe("utils disaster_recovery", () => {
  test("status backup: the last nightly backup, one line per feature component", () => {
    const lines = run("cucm-pub", "utils disaster_recovery status backup");
    expect(lines[0]).toBe("Status: SUCCESS :Backup Completed...");
    expect(lines).toContain("Tar Filename:     2026-01-02-02-00-04.tar");
    expect(lines).toContain("Percentage Complete: 100");
    expect(lines.filter((l) => l.includes("SUCCESS    ")).length).toBe(4);
    expect(run("cuc-pub", "utils disaster_recovery status backup").join("\n")).toContain("CONNECTION_DATABASE");
  });

  test("history backup: a week of scheduled backups; restore has none", () => {
    const lines = run("cucm-pub", "utils disaster_recovery history backup");
    expect(lines[0]).toStartWith("Tar Filename:");
    expect(lines.filter((l) => l.endsWith("SCHEDULED      CDR_CAR,CCM,PLT"))).toHaveLength(7);
    expect(lines[1]).toStartWith("2026-01-02-02-00-04.tar");
    expect(run("cucm-pub", "utils disaster_recovery history restore")).toEqual(["No restore history found.", ""]);
    expect(run("cucm-pub", "utils disaster_recovery status nothing")).toEqual(["Executed command unsuccessfully"]);
  });
});
