import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makeDevices, randomLoopback, throwawayTls } from "../../../test/support/lab-fixtures.ts";
import { decodeBmp, isBmp } from "../../util/image/bmp.ts";
import { isPng, readPngSize } from "../../util/image/png.ts";
import type { RisDevice } from "../contracts.ts";
import { basicAuthHeader } from "../ris/basic-auth.ts";
import { MAX_PHONE_SERVERS, PhoneServerError, phonesToServe, startPhoneServers } from "./server.ts";

const CREDS = { username: "phoneuser", password: "Phone-pass-3" };
const base = makeDevices(3).devices.filter((d) => d.timestamp >= 1_760_000_000);
const ips = base.map(() => randomLoopback());
const phones: RisDevice[] = base.map((d, i) => ({ ...d, ip: ips[i]! }));
const tls = throwawayTls(ips);
let running: Awaited<ReturnType<typeof startPhoneServers>>;

beforeAll(async () => {
  running = await startPhoneServers({ phones, tls, credentials: CREDS, port: 0 });
});
afterAll(async () => {
  await running?.close();
});

function get(ip: string, path: string, auth?: string): Promise<Response> {
  return fetch(`https://${ip}:${running.port}${path}`, {
    headers: auth ? { authorization: auth } : {},
    tls: { ca: tls.caPem },
  } as RequestInit);
}

describe("phone web servers", () => {
  test("one HTTPS server per phone IP on a shared port", () => {
    expect(running.count).toBe(3);
    expect(running.port).toBeGreaterThan(0);
  });

  test("/CGI/Screenshot needs Basic auth", async () => {
    const anonymous = await get(ips[0]!, "/CGI/Screenshot");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const wrong = await get(ips[0]!, "/CGI/Screenshot", basicAuthHeader({ ...CREDS, password: "nope" }));
    expect(wrong.status).toBe(401);
    expect((await get(ips[0]!, "/cgi/screenshot", basicAuthHeader(CREDS))).status).toBe(404);
  });

  test("PNG for an 88xx and a 78xx, BMP for a 79xx, at the model's size", async () => {
    const expected: Record<string, [string, number, number]> = {
      "Cisco 8845": ["image/png", 800, 480],
      "Cisco 7811": ["image/png", 396, 162],
      "Cisco 7961": ["image/bmp", 320, 196],
    };
    for (const [i, phone] of phones.entries()) {
      const [type, width, height] = expected[phone.product]!;
      const res = await get(ips[i]!, "/CGI/Screenshot", basicAuthHeader(CREDS));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (type === "image/png") {
        expect(isPng(bytes)).toBe(true);
        expect(readPngSize(bytes)).toEqual({ width, height });
      } else {
        expect(isBmp(bytes)).toBe(true);
        const image = decodeBmp(bytes);
        expect([image.width, image.height]).toEqual([width, height]);
      }
    }
  });

  test("DeviceInformationX names the phone the IP belongs to", async () => {
    const res = await get(ips[1]!, "/DeviceInformationX");
    expect(await res.text()).toContain(`<HostName>${phones[1]!.name}</HostName>`);
  });

  test("a taken port gives a typed error and leaves nothing running", async () => {
    try {
      await startPhoneServers({ phones, tls, credentials: CREDS, port: running.port });
      throw new Error("expected a failure");
    } catch (error) {
      expect(error).toBeInstanceOf(PhoneServerError);
      expect((error as PhoneServerError).code).toBe("PHONE_PORT_IN_USE");
    }
    expect((await get(ips[0]!, "/CGI/Screenshot")).status).toBe(401); // the first set still answers
  });

  test("the number of servers is capped, one per IP, loopback only", () => {
    const many = makeDevices(450).devices.map((d, i) => ({
      ...d,
      ip: i % 3 === 0 ? `10.0.0.${i}` : `127.50.${i >> 8}.${i & 255}`,
    }));
    const chosen = phonesToServe(many);
    expect(chosen.length).toBe(MAX_PHONE_SERVERS);
    expect(new Set(chosen.map((p) => p.ip)).size).toBe(chosen.length);
    expect(chosen.every((p) => p.ip.startsWith("127."))).toBe(true);
  });
});
