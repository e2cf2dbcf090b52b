/**
 * Unity Connection faults become typed tool errors (PRODUCT.md section 9), and the next call
 * succeeds: wrong CUPI password → UpstreamAuthError pointing to cuc_update_credentials, a node
 * slower than SERVER_CUC_CUPI_TIMEOUT → UpstreamTimeoutError, connection resets →
 * UpstreamUnavailableError.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openVault } from "../../src/vault/vault.ts";
import { errorOf, type Result, startTestBed, type TestBed } from "../support/test-bed.ts";

let bed: TestBed;
beforeAll(async () => {
  bed = await startTestBed("cuc", { env: { SERVER_CUC_CUPI_TIMEOUT: "1" } });
}, 60_000);
afterAll(async () => {
  await bed?.stop();
});

const call = async (client: string, name: string, args: Record<string, unknown>) =>
  (await (await bed.h.v1(client)).callTool({ name, arguments: args })) as Result;
const version = (client = "auditor") => call(client, "cuc_get_version", { host: bed.node.ip });

describe("Unity Connection faults against the lab", () => {
  test("wrong CUPI password → UpstreamAuthError naming cuc_update_credentials; no secret in the answer", async () => {
    const vault = openVault({
      clientsDir: join(bed.h.root, "clients"),
      secretsDir: join(bed.h.root, "secrets"),
      client: "nocred",
    });
    vault.put("cuc", "cupi", bed.node.ip, {
      username: "cupiadmin",
      password: "Wrong-Pass-99",
      port: bed.node.httpsPort,
    });
    const r = await version("nocred");
    expect(errorOf(r)?.code).toBe("UpstreamAuthError");
    expect(JSON.stringify(r)).toContain("cuc_update_credentials");
    expect(JSON.stringify(r)).not.toContain("Wrong-Pass-99");
  });

  test("latency beyond SERVER_CUC_CUPI_TIMEOUT → UpstreamTimeoutError; then it works again", async () => {
    bed.lab.knobs.set({ latencyMs: 1500 });
    try {
      const r = await version();
      expect(errorOf(r)?.code).toBe("UpstreamTimeoutError");
    } finally {
      bed.lab.knobs.set({ latencyMs: 0 });
    }
    expect((await version()).isError).toBeFalsy();
  }, 15_000);

  test("connection resets → UpstreamUnavailableError; then it works again", async () => {
    bed.lab.knobs.set({ resetCount: 5 });
    try {
      const r = await version();
      expect(errorOf(r)?.code).toBe("UpstreamUnavailableError");
    } finally {
      bed.lab.knobs.set({ resetCount: 0 });
    }
    expect((await version()).isError).toBeFalsy();
  });

  test("a paged GET cancelled after its first page stops and is audited as CancelledError", async () => {
    bed.lab.knobs.set({ latencyMs: 300 });
    const controller = new AbortController();
    const client = await bed.h.v1("auditor");
    const pending = client.callTool(
      { name: "cuc_cupi_call", arguments: { host: bed.node.ip, method: "GET", path: "users" } },
      undefined,
      { signal: controller.signal, onprogress: () => controller.abort() },
    );
    try {
      await expect(pending).rejects.toThrow();
      let line: Record<string, unknown> | undefined;
      for (let i = 0; i < 50 && line === undefined; i++) {
        line = bed.h
          .audit()
          .find((e) => e.event === "tool.call" && e.tool === "cuc_cupi_call" && e.outcome === "CancelledError");
        if (line === undefined) await Bun.sleep(50);
      }
      expect(line).toBeDefined();
    } finally {
      bed.lab.knobs.set({ latencyMs: 0 });
    }
    await Bun.sleep(400); // let the slow answer drain
    expect((await version()).isError).toBeFalsy();
  }, 15_000);
});
