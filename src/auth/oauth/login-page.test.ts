import { describe, expect, test } from "bun:test";
import { loginPageCsp, renderLoginPage } from "./login-page.ts";

describe("login page", () => {
  test("every dynamic value is escaped; no script; the style carries the nonce", () => {
    const html = renderLoginPage({
      identity: '"><script>alert(1)</script>',
      appName: "<i>app</i>",
      appKind: "document",
      appId: "https://x/y",
      documentHost: "doc<host>",
      redirectHost: "evil<b>",
      request: 'a=1&b="2"',
      csrf: "tok",
      nonce: "n0nce",
      productName: "AI-Bridge",
      error: "<img src=x>",
    });
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<i>");
    expect(html).toContain("described by doc&lt;host&gt;");
    expect(html).toContain("&quot;&gt;&lt;script&gt;");
    expect(html).toContain('value="a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('<style nonce="n0nce">');
  });

  test("CSP allows only the nonce style and form posts to self and the redirect origin", () => {
    expect(loginPageCsp("abc", "http://127.0.0.1:5000")).toBe(
      "default-src 'none'; style-src 'nonce-abc'; form-action 'self' http://127.0.0.1:5000; frame-ancestors 'none'; base-uri 'none'",
    );
  });
});
