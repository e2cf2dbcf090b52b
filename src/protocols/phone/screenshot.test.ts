import { expect, test } from "bun:test";
import { fakeUpstream } from "../../../test/support/fake-upstream.ts";
import { decodeBmp, encodeBmp } from "../../util/image/bmp.ts";
import { decodePng } from "../../util/image/png.ts";
import { createRaster } from "../../util/image/raster.ts";
import type { ProtocolError } from "../errors.ts";
import type { FetchLike } from "../http.ts";
import { fetchScreenshot } from "./screenshot.ts";

const base = { ip: "10.1.1.10", username: "phoneuser", password: "Ph0ne-pw", timeoutMs: 2000 };

test("a BMP screenshot comes back as PNG with the same pixels; Basic auth sent over HTTPS", async () => {
  const raster = createRaster(4, 3, [10, 200, 30]);
  const up = fakeUpstream(
    () => new Response(Buffer.from(encodeBmp(raster)), { headers: { "content-type": "image/bmp" } }),
  );
  const shot = await fetchScreenshot(up.fetch, base);
  expect(shot).toMatchObject({ mimeType: "image/png", source: "bmp" });
  const png = decodePng(shot.data);
  expect([png.width, png.height]).toEqual([4, 3]);
  expect(Array.from(png.pixels.slice(0, 3))).toEqual([10, 200, 30]);
  expect(up.requests[0]?.url).toBe("https://10.1.1.10/CGI/Screenshot");
  expect(up.requests[0]?.headers["authorization"]).toBe(`Basic ${btoa("phoneuser:Ph0ne-pw")}`);
  expect(decodeBmp(encodeBmp(raster)).width).toBe(4);
});

test("HTTPS refused: the error comes back, and no plain-HTTP request ever carries the password", async () => {
  const seen: Array<{ url: string; tls: unknown }> = [];
  const f: FetchLike = async (url, init) => {
    seen.push({ url, tls: init.tls });
    throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  };
  const err = (await fetchScreenshot(f, { ...base, port: 8443 }).catch((e) => e)) as ProtocolError;
  expect(err.code).toBe("UPSTREAM_UNREACHABLE");
  // Every error names the address and the port tried, so a wrong stored port shows at once.
  expect(err.message).toContain("10.1.1.10:8443");
  expect(seen.map((s) => s.url)).toEqual(["https://10.1.1.10:8443/CGI/Screenshot"]);
  expect(seen[0]?.tls).toEqual({ rejectUnauthorized: false });
  const notFound = fakeUpstream(() => new Response("no", { status: 404 }));
  const missing = (await fetchScreenshot(notFound.fetch, base).catch((e) => e)) as ProtocolError;
  expect(missing.code).toBe("UPSTREAM_HTTP");
  expect(missing.message).toContain("10.1.1.10:443");
  expect(notFound.requests.map((r) => r.url)).toEqual(["https://10.1.1.10/CGI/Screenshot"]);
});

test("plain HTTP only when asked for explicitly, and then only HTTP", async () => {
  const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0);
  const up = fakeUpstream(() => new Response(png));
  const shot = await fetchScreenshot(up.fetch, { ...base, plainHttp: true });
  expect(shot.source).toBe("png");
  expect(up.requests.map((r) => r.url)).toEqual(["http://10.1.1.10/CGI/Screenshot"]);
});

test("auth failures, non-images and bad IPs are typed errors", async () => {
  const denied = fakeUpstream(
    () => new Response('<CiscoIPPhoneError Number="4"/>', { headers: { "content-type": "text/xml" } }),
  );
  const e1 = (await fetchScreenshot(denied.fetch, base).catch((e) => e)) as ProtocolError;
  expect(e1.code).toBe("UPSTREAM_AUTH");
  expect(e1.message).not.toContain("Ph0ne-pw");
  const html = fakeUpstream(() => new Response("<html>hello</html>"));
  expect(((await fetchScreenshot(html.fetch, base).catch((e) => e)) as ProtocolError).code).toBe("UPSTREAM_PROTOCOL");
  expect(
    ((await fetchScreenshot(html.fetch, { ...base, ip: "evil.example.com" }).catch((e) => e)) as ProtocolError).code,
  ).toBe("INVALID_REQUEST");
  expect(html.requests).toHaveLength(1);
});
