import { describe, expect, test } from "bun:test";
import { CODE_TTL_MS, createCodeStore } from "./code-store.ts";

const grant = {
  clientName: "ide",
  identity: "ide",
  redirectUri: "http://127.0.0.1:1/cb",
  codeChallenge: "c",
  resource: "https://x/mcp",
};

describe("authorization codes", () => {
  test("single use: the second redemption reports the token bound to the first", () => {
    const store = createCodeStore(() => 1_000);
    const code = store.issue(grant);
    const first = store.redeem(code, "ide");
    expect(first.ok).toBe(true);
    if (first.ok) first.bindIssued("jti-1", 99);
    expect(store.redeem(code, "ide")).toEqual({
      ok: false,
      reason: "code_reused",
      reusedToken: { jti: "jti-1", exp: 99 },
    });
    expect(store.redeem("never-issued", "ide")).toEqual({ ok: false, reason: "unknown_code" });
  });

  test("another client's attempt neither consumes the code nor learns about reuse", () => {
    const store = createCodeStore(() => 1_000);
    const code = store.issue(grant);
    expect(store.redeem(code, "mallory")).toEqual({ ok: false, reason: "code_for_other_client" });
    const own = store.redeem(code, "ide");
    expect(own.ok).toBe(true);
    expect(store.redeem(code, "mallory")).toEqual({ ok: false, reason: "code_for_other_client" });
  });

  test("expired codes are refused", () => {
    let now = 0;
    const store = createCodeStore(() => now);
    const code = store.issue(grant);
    now += CODE_TTL_MS + 1;
    expect(store.redeem(code, "ide").ok).toBe(false);
  });
});
