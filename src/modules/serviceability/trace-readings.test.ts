import { expect, test } from "bun:test";
import { readTraceSetting, readTraceTasks, traceRefusal } from "./trace-readings.ts";

test("the task list: one name a line after a heading, or a comma list; duplicates once", () => {
  expect(readTraceTasks("Available trace tasks:\n   certm\n   cli\r\n   servm\n\n")).toEqual({
    ok: true,
    tasks: ["certm", "cli", "servm"],
  });
  expect(readTraceTasks("Trace tasks: \ncertm, cli, certm\n")).toEqual({ ok: true, tasks: ["certm", "cli"] });
});

test("a task list with no names, or with sentences only, is unreadable rather than guessed", () => {
  expect(readTraceTasks("Available trace tasks:\n\n")).toMatchObject({ ok: false, failure: "unreadable" });
  expect(readTraceTasks("Trace is not supported here!\n")).toMatchObject({ ok: false, failure: "unreadable" });
});

test("the lab's settings block, and other wordings of the same lines", () => {
  const lab = [
    "Trace settings for task: servm",
    "   Trace enabled : true",
    "   Trace level   : Error",
    "   Max file size : 1 MB",
    "   Max num files : 10",
    "",
  ].join("\n");
  expect(readTraceSetting(lab, "SERVM")).toEqual({
    ok: true,
    setting: { task: "servm", enabled: true, level: "Error", maxFileSizeMb: 1, maxFiles: 10 },
  });
  const other = "Enabled: No\nLevel: state_transition\nMax File Size: 512 KB\nMax number of files: 4\n";
  expect(readTraceSetting(other, "cli")).toEqual({
    ok: true,
    setting: { task: "cli", enabled: false, level: "State_Transition", maxFileSizeMb: 0.5, maxFiles: 4 },
  });
});

test("settings without a readable enabled line are unreadable", () => {
  const r = readTraceSetting("Trace level : Detailed\nTrace enabled : maybe\n", "cli");
  expect(r).toMatchObject({ ok: false, failure: "unreadable" });
});

test("refusals: an unknown task, and any other failed command", () => {
  const unknown = "Invalid task name: nosuch\nExecuted command unsuccessfully\n";
  expect(traceRefusal(unknown)).toEqual({ failure: "unknown-task", detail: "Invalid task name: nosuch" });
  expect(readTraceSetting(unknown, "nosuch")).toMatchObject({ ok: false, failure: "unknown-task" });
  expect(readTraceTasks("Executed command unsuccessfully")).toEqual({
    ok: false,
    failure: "refused",
    detail: "Executed command unsuccessfully",
  });
  expect(traceRefusal("Trace enabled for task servm at level Detailed\n")).toBeUndefined();
});
