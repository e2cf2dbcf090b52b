import { describe, expect, test } from "bun:test";
import { createSuccessAuditGate, SUCCESS_AUDIT_INTERVAL_SECONDS } from "./success-audit.ts";

describe("auth.success audit gate", () => {
  test("first use of each token, then once per interval", () => {
    let now = 0;
    const gate = createSuccessAuditGate(() => now);
    expect(gate.shouldAudit("a")).toBe(true);
    expect(gate.shouldAudit("a")).toBe(false);
    expect(gate.shouldAudit("b")).toBe(true);
    now += SUCCESS_AUDIT_INTERVAL_SECONDS * 1000 - 1;
    expect(gate.shouldAudit("a")).toBe(false);
    now += 1;
    expect(gate.shouldAudit("a")).toBe(true);
    expect(gate.shouldAudit("a")).toBe(false);
  });
});
