/**
 * `ai-bridge lab` as a subprocess: prints the summary (nodes, URLs, credentials, CA file),
 * writes lab.json, serves AXL, and exits 0 on SIGTERM.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomSubnet } from "../support/lab-harness.ts";

const ROOT = resolve(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "lab-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readUntil(stream: ReadableStream<Uint8Array>, marker: string, timeoutMs: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(marker) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  reader.releaseLock();
  return text;
}

describe("ai-bridge lab (subprocess)", () => {
  test("prints its summary, writes lab.json, answers AXL, exits 0 on SIGTERM", async () => {
    const subnet = randomSubnet();
    const proc = Bun.spawn(
      [process.execPath, "src/main.ts", "lab", "--state", dir, "--subnet", subnet, "--ssh-port", "0"],
      {
        cwd: ROOT,
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    const out = await readUntil(proc.stdout, "Press Ctrl+C to stop.", 30_000);
    expect(out).toContain("cucm-pub");
    expect(out).toContain(`https://${subnet}.0.11:8443/axl/`);
    expect(out).toContain("axladmin");
    expect(out).toContain(join(dir, "pki", "ca.crt"));
    const summary = JSON.parse(readFileSync(join(dir, "lab.json"), "utf8")) as {
      caFile: string;
      credentials: { axl: { username: string; password: string } };
    };
    expect(existsSync(summary.caFile)).toBe(true);
    const { username, password } = summary.credentials.axl;
    const page = await fetch(`https://${subnet}.0.11:8443/axl/`, {
      headers: { authorization: `Basic ${btoa(`${username}:${password}`)}` },
      tls: { ca: readFileSync(summary.caFile, "utf8") },
    } as RequestInit);
    expect(page.status).toBe(200);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  }, 60_000);
});
