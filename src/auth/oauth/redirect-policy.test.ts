import { describe, expect, test } from "bun:test";
import { checkRedirectUri, wildcardMatch } from "./redirect-policy.ts";

describe("redirect URI policy", () => {
  test("wildcard matches a port but not a host boundary or a path", () => {
    expect(wildcardMatch("http://127.0.0.1:*/callback", "http://127.0.0.1:5123/callback")).toBe(true);
    expect(wildcardMatch("http://127.0.0.1:*/callback", "http://127.0.0.1:5123/callback/x")).toBe(false);
    expect(wildcardMatch("https://app.example.com*", "https://app.example.com.evil.net/cb")).toBe(false);
    expect(wildcardMatch("https://app.example.com/cb", "https://app.example.com/cb?x=1")).toBe(false);
    expect(wildcardMatch("https://a.example.com/c.b", "https://a.example.com/cxb")).toBe(false);
  });

  test("strict refuses unlisted URIs, off accepts them", () => {
    const list = ["http://127.0.0.1:*/callback"];
    expect(checkRedirectUri("https://evil.example/cb", list, "strict")).toEqual({
      ok: false,
      reason: "redirect_uri is not in the allowlist",
    });
    expect(checkRedirectUri("https://evil.example/cb", list, "off")).toEqual({ ok: true, listed: false });
    expect(checkRedirectUri("http://127.0.0.1:4000/callback", list, "strict")).toEqual({ ok: true, listed: true });
  });

  test("always refuses fragments, user-info, plain http off loopback, relative URIs", () => {
    for (const uri of [
      "https://good.example/cb#frag",
      "https://good.example@evil.example/cb",
      "http://evil.example/cb",
      "/callback",
      "javascript:alert(1)",
    ]) {
      expect(checkRedirectUri(uri, ["*"], "off").ok).toBe(false);
    }
  });
});
