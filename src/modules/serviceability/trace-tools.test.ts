/**
 * The trace tools through the real dispatch with a scripted VOS CLI: the cases the lab does not
 * produce (a question after `set trace`, a read-back that does not show the change or cannot be
 * read, more tasks than one call reads, an unreadable task list).
 */
import { expect, test } from "bun:test";
import { builtInProfile, callInMemory, contextFixture } from "../../../test/support/tool-context.ts";
import type { VosRunResult } from "../../protocols/vos-ssh/session.ts";
import type { UcDeps } from "../uc/deps.ts";
import type { ProductServiceability } from "./deps.ts";
import { traceSetTool, traceShowTool } from "./trace-tools.ts";

const HOST = "cucm.example.com";
const block = (task: string, level: string) =>
  `Trace settings for task: ${task}\n Trace enabled : true\n Trace level : ${level}\n Max file size : 1 MB\n Max num files : 10\n`;

/** A product whose VOS CLI answers from `script`; `sent` records every command. */
function scripted(script: (command: string) => Partial<VosRunResult>) {
  const sent: string[] = [];
  const uc = {
    product: "cucm",
    settings: { sshPort: 22, sshTimeoutMs: 1000, terminal: {} },
    ssh: {
      run: async (_target: unknown, command: string): Promise<VosRunResult> => {
        sent.push(command);
        return { output: "", answered: [], truncated: false, ...script(command) };
      },
    },
  } as unknown as UcDeps<"cucm">;
  return { p: { uc } as ProductServiceability, sent };
}

async function admin() {
  const caller = contextFixture(await builtInProfile("admin"));
  caller.vault.put("cucm", "os", HOST, { username: "admin", password: "pw" });
  return caller;
}

const set = { host: HOST, task: "servm", level: "Detailed", confirm: true };

test("a question after set trace is declined and reported, and nothing is read back", async () => {
  const { p, sent } = scripted(() => ({ question: "Continue (y/n)?" }));
  const r = await callInMemory(await admin(), traceSetTool(p), set);
  expect(r.structuredContent?.error).toMatchObject({ code: "UpstreamProtocolError" });
  expect(JSON.stringify(r)).toContain("did not go ahead");
  expect(sent).toEqual(["set trace enable Detailed servm"]);
});

test("a read-back that does not show the change says so; one that cannot be read says the command ran", async () => {
  const stale = scripted((c) => ({ output: c.startsWith("show") ? block("servm", "Error") : "ok\n" }));
  const r = await callInMemory(await admin(), traceSetTool(stale.p), set);
  expect(r.isError).toBeFalsy();
  expect(r.structuredContent).toMatchObject({ applied: false, setting: { level: "Error" } });
  const garbled = scripted((c) => ({ output: c.startsWith("show") ? "%%%\n" : "ok\n" }));
  const g = await callInMemory(await admin(), traceSetTool(garbled.p), set);
  expect(g.structuredContent?.error).toMatchObject({ code: "UpstreamProtocolError" });
  expect(JSON.stringify(g)).toContain("ran 'set trace enable Detailed servm', but reading it back failed");
});

test("show reads at most 50 tasks and counts the rest; an unreadable list is an error", async () => {
  const names = Array.from({ length: 53 }, (_, i) => `task${i}`);
  const many = scripted((c) => ({
    output:
      c === "show trace" ? `Available trace tasks:\n${names.join("\n")}\n` : block(c.split(" ")[2] ?? "", "Error"),
  }));
  const r = await callInMemory(await admin(), traceShowTool(many.p), { host: HOST });
  expect(r.structuredContent).toMatchObject({ omitted: 3 });
  expect(r.structuredContent?.tasks).toHaveLength(50);
  expect(many.sent.length).toBe(51);
  const none = scripted(() => ({ output: "Available trace tasks:\n" }));
  const bad = await callInMemory(await admin(), traceShowTool(none.p), { host: HOST });
  expect(bad.structuredContent?.error).toMatchObject({ code: "UpstreamProtocolError" });
});
