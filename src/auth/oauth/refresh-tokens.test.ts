import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRefreshTokenStore } from "./refresh-tokens.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(now: () => number) {
  const dir = mkdtempSync(join(tmpdir(), "aib-rt-"));
  dirs.push(dir);
  const path = join(dir, "oauth_refresh_tokens.json");
  return { path, tokens: openRefreshTokenStore(path, now) };
}

const grant = { appId: "dcr-a", identity: "alice", generation: "g1", resource: "https://x/mcp", ttlSeconds: 100 };

describe("refresh token store", () => {
  test("rotation: each token works once; a replay revokes the family with its access tokens", () => {
    const { path, tokens } = store(() => 1000);
    const first = tokens.issue(grant);
    tokens.recordAccess(first.family, "jti-1", 2000);
    expect(readFileSync(path, "utf8")).not.toContain(first.token);
    const used = tokens.use(first.token, "dcr-a");
    expect(used.ok).toBe(true);
    const second = tokens.issue({ ...grant, family: first.family });
    tokens.recordAccess(first.family, "jti-2", 2000);
    const replay = tokens.use(first.token, "dcr-a");
    expect(replay).toMatchObject({ ok: false, reason: "reused" });
    if (!replay.ok && replay.reason === "reused") {
      expect(replay.revoked.accessTokens.map((t) => t.jti).sort()).toEqual(["jti-1", "jti-2"]);
    }
    expect(tokens.use(second.token, "dcr-a")).toEqual({ ok: false, reason: "unknown" });
  });

  test("bound to its application, and refused after expiry", () => {
    let now = 1000;
    const { tokens } = store(() => now);
    const issued = tokens.issue(grant);
    expect(tokens.use(issued.token, "dcr-other")).toEqual({ ok: false, reason: "wrong_client" });
    now += 101;
    expect(tokens.use(issued.token, "dcr-a").ok).toBe(false);
  });
});
