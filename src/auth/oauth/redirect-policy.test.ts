import { describe, expect, test } from "bun:test";
import { parseRedirectPattern } from "../../config/redirect-pattern.ts";
import { checkRedirectUri, matchesPattern } from "./redirect-policy.ts";

const url = (u: string) => new URL(u);

describe("redirect URI policy", () => {
  test("patterns match on the parsed URL: a wildcard is one whole left-most label or the port", () => {
    expect(matchesPattern("http://127.0.0.1:*/callback", url("http://127.0.0.1:5123/callback"))).toBe(true);
    expect(matchesPattern("http://127.0.0.1:*/callback", url("http://127.0.0.1:5123/callback/x"))).toBe(false);
    expect(matchesPattern("https://*.example.com/cb", url("https://a.example.com/cb"))).toBe(true);
    expect(matchesPattern("https://*.example.com/cb", url("https://a.b.example.com/cb"))).toBe(false);
    expect(matchesPattern("https://*.example.com/cb", url("https://example.com/cb"))).toBe(false);
    expect(matchesPattern("https://*.example.com/cb", url("https://evil.com/cb"))).toBe(false);
    expect(matchesPattern("https://app.example.com/cb", url("https://app.example.com/cb?x=1"))).toBe(false);
    expect(matchesPattern("https://app.example.com/cb", url("https://APP.example.com:443/cb"))).toBe(true);
    expect(matchesPattern("https://app.example.com/cb", url("https://app.example.com:8443/cb"))).toBe(false);
    for (const bad of ["https://app.example.com*", "https://a*.example.com/cb", "https://*/cb", "ftp://x/cb"]) {
      expect(parseRedirectPattern(bad)).toBeUndefined();
    }
  });

  test("a backslash never matches a wildcard entry, whatever the parser makes of it", () => {
    const list = ["https://*.example.com/cb"];
    for (const uri of [
      "https://evil.com\\.example.com/cb",
      "https://evil.com%5C.example.com/cb",
      "https://evil.com\\@a.example.com/cb",
    ]) {
      for (const mode of ["strict", "loopback", "off"] as const) {
        const check = checkRedirectUri(uri, list, mode);
        expect({ uri, mode, listed: check.ok && check.listed }).toEqual({ uri, mode, listed: false });
      }
      expect(checkRedirectUri(uri, list, "strict").ok).toBe(false);
    }
  });

  test("strict: listed only; loopback (default): listed or http loopback; off: any safe URI, never listed", () => {
    const list = ["https://ide.example.com/cb"];
    expect(checkRedirectUri("https://ide.example.com/cb", list, "strict")).toEqual({ ok: true, listed: true });
    expect(checkRedirectUri("http://127.0.0.1:4000/callback", list, "strict").ok).toBe(false);
    expect(checkRedirectUri("http://127.0.0.1:4000/callback", list, "loopback")).toEqual({ ok: true, listed: false });
    expect(checkRedirectUri("http://localhost:4000/oauth/callback", undefined, "loopback").ok).toBe(true);
    expect(checkRedirectUri("https://evil.example/cb", list, "loopback").ok).toBe(false);
    expect(checkRedirectUri("https://evil.example/cb", list, "off")).toEqual({ ok: true, listed: false });
  });

  test("refuses what does not round-trip: fragments, user-info, backslashes, non-canonical forms", () => {
    for (const uri of [
      "https://good.example/cb#frag",
      "https://good.example/cb#",
      "https://good.example@evil.example/cb",
      "https://:@evil.example/cb",
      "https://good.example\\@evil.example/cb",
      "https://GOOD.example/cb",
      "https://good.example:443/cb",
      "https://good.example/a/../cb",
      "https://good.example",
      "http://evil.example/cb",
      "/callback",
      "javascript:alert(1)",
      " https://good.example/cb",
    ]) {
      expect({ uri, ok: checkRedirectUri(uri, ["https://good.example/cb"], "off").ok }).toEqual({ uri, ok: false });
    }
  });
});
