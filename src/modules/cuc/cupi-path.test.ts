import { describe, expect, test } from "bun:test";
import { normaliseCupiRequest } from "../../rbac/normalise.ts";
import { vmrestPath } from "./cupi-path.ts";
import { versionOf } from "./version-tool.ts";

describe("CUPI path as RBAC sees it", () => {
  test("every spelling lands under /vmrest/", () => {
    expect(vmrestPath("users")).toBe("/vmrest/users");
    expect(vmrestPath("/users/abc")).toBe("/vmrest/users/abc");
    expect(vmrestPath("/vmrest/users")).toBe("/vmrest/users");
  });

  test("traversal survives the prefixing, so RBAC refuses it", () => {
    for (const bad of ["users/../../admin", "/vmrest/users/%2e%2e/x", "users//x", "users?x=1"]) {
      expect(normaliseCupiRequest("GET", vmrestPath(bad)).ok).toBe(false);
    }
    expect(normaliseCupiRequest("PUT", vmrestPath("users/abc"))).toEqual({ ok: true, value: "PUT /vmrest/users/abc" });
  });
});

describe("CUPI version answer", () => {
  test("plain and wrapped shapes", () => {
    expect(versionOf({ name: "x", version: "15.0.1.10000-19" })).toBe("15.0.1.10000-19");
    expect(versionOf({ VersionInformation: { version: "14.0.1" } })).toBe("14.0.1");
    expect(versionOf(null)).toBe("");
  });
});
