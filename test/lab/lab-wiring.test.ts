/**
 * The cluster wires the partner services to the core: RisPort70 on the CUCM nodes answers from
 * the lab database (a change made over AXL shows up), the IM&P node has its VOS SSH server with
 * the lab OS credentials, the host-key knob really changes the key an SSH client sees, and phones
 * serve screenshots on the IPs RIS reports, with certificates from the lab CA, and CUPI answers on
 * the Unity Connection node.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "ssh2";
import type { LabHandle } from "../../src/lab/cluster.ts";
import { axlCaller, startTestLab } from "../support/lab-harness.ts";

let lab: LabHandle;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ lab, cleanup } = await startTestLab());
}, 60_000);
afterAll(async () => {
  await cleanup();
});

function selectAll(model = 255): string {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Body><soap:selectCmDevice><soap:StateInfo></soap:StateInfo><soap:CmSelectionCriteria><soap:MaxReturnedDevices>1000</soap:MaxReturnedDevices><soap:DeviceClass>Phone</soap:DeviceClass><soap:Model>${model}</soap:Model><soap:Status>Any</soap:Status><soap:NodeName></soap:NodeName><soap:SelectBy>Name</soap:SelectBy><soap:SelectItems><soap:item><soap:Item>SEP*</soap:Item></soap:item></soap:SelectItems><soap:Protocol>Any</soap:Protocol><soap:DownloadStatus>Any</soap:DownloadStatus></soap:CmSelectionCriteria></soap:selectCmDevice></soapenv:Body></soapenv:Envelope>`;
}

/** Connects with ssh2, returns the host key fingerprint seen and the first prompt text. */
function sshLogin(
  host: string,
  port: number,
  username: string,
  password: string,
): Promise<{ hostKey: string; text: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKey = "";
    let text = "";
    const timer = setTimeout(() => {
      client.end();
      reject(new Error(`no admin: prompt; got ${JSON.stringify(text)}`));
    }, 20_000);
    client
      .on("ready", () => {
        client.shell({ term: "vt100", rows: 50, cols: 120 }, (err, stream) => {
          if (err) return reject(err);
          stream.on("data", (chunk: Buffer) => {
            text += chunk.toString("utf8");
            if (text.includes("admin:")) {
              clearTimeout(timer);
              client.end();
              resolve({ hostKey, text });
            }
          });
        });
      })
      .on("error", reject)
      .connect({
        host,
        port,
        username,
        password,
        tryKeyboard: true,
        hostVerifier: (key: Buffer) => {
          hostKey = new Bun.CryptoHasher("sha256").update(key).digest("base64");
          return true;
        },
      });
    client.on("keyboard-interactive", (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)));
  });
}

describe("lab wiring", () => {
  test("RisPort70 on cucm-pub answers from the lab database, reflecting a change made over AXL", async () => {
    const axl = axlCaller(lab);
    await axl.call(
      "executeSQLUpdate",
      "<sql>update device set description = 'seen by ris' where name = 'SEP00A1B2C30003'</sql>",
    );
    const pub = lab.nodes[0];
    const res = await fetch(`https://${pub?.ip}:${pub?.httpsPort}/realtimeservice2/services/RISService70`, {
      method: "POST",
      headers: { authorization: axl.auth, "content-type": "text/xml", soapaction: '"selectCmDevice"' },
      body: selectAll(),
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain("SEP00A1B2C30003");
    expect(text).toContain("seen by ris");
    expect(text).toContain("cucm-sub");
  });

  test("RIS by model Cisco 8845 (CUCM's typemodel 36224) finds exactly the lab's 8845 phones", async () => {
    const axl = axlCaller(lab);
    const rows = await axl.call(
      "executeSQLQuery",
      "<sql>select d.name from device d, typemodel m where d.tkmodel = m.enum and m.name = 'Cisco 8845'</sql>",
    );
    const names = [...rows.text.matchAll(/<name>([^<]+)<\/name>/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    const pub = lab.nodes[0];
    const res = await fetch(`https://${pub?.ip}:${pub?.httpsPort}/realtimeservice2/services/RISService70`, {
      method: "POST",
      headers: { authorization: axl.auth, "content-type": "text/xml", soapaction: '"selectCmDevice"' },
      body: selectAll(36224),
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    const text = await res.text();
    const found = new Set([...text.matchAll(/<ns1:Name>(SEP[^<]+)<\/ns1:Name>/g)].map((m) => m[1]));
    expect([...found].sort()).toEqual([...names].sort());
    expect([...text.matchAll(/<ns1:Model>(\d+)<\/ns1:Model>/g)].every((m) => m[1] === "36224")).toBe(true);
  });

  test("IM&P SSH reaches admin:, and the host-key knob changes the key clients see", async () => {
    const imp = lab.nodes.find((n) => n.name === "imp-pub");
    if (!imp) throw new Error("no imp-pub");
    const { username, password } = lab.credentials.os;
    const before = await sshLogin(imp.ip, imp.sshPort, username, password);
    expect(before.text).toContain("admin:");
    await lab.replaceHostKey("imp-pub");
    const after = await sshLogin(imp.ip, imp.sshPort, username, password);
    expect(after.hostKey).not.toBe(before.hostKey);
  }, 60_000);

  test("a registered phone serves /CGI/Screenshot on its RIS IP with the lab phone credentials", async () => {
    const phone = lab.devices.risDevices().find((d) => d.status === "Registered");
    if (!phone) throw new Error("no registered phone");
    const { username, password } = lab.credentials.phone;
    const url = `https://${phone.ip}:${phone.webPort}/CGI/Screenshot`;
    const ok = await fetch(url, {
      headers: { authorization: `Basic ${btoa(`${username}:${password}`)}` },
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    expect(ok.status).toBe(200);
    expect((await ok.arrayBuffer()).byteLength).toBeGreaterThan(100);
    const denied = await fetch(url, { tls: { ca: lab.caCertPem } } as RequestInit);
    expect(denied.status).toBe(401);
  });

  test("Unity Connection serves CUPI at the URL lab.json gives, with the lab CUPI credentials", async () => {
    const cuc = lab.summary.nodes.find((n) => n.name === "cuc-pub");
    const url = cuc?.urls["cupi"];
    expect(url).toBe(`https://${cuc?.ip}:${cuc?.httpsPort}/vmrest/`);
    const { username, password } = lab.credentials.cupi;
    const res = await fetch(`${url}users`, {
      headers: { authorization: `Basic ${btoa(`${username}:${password}`)}`, accept: "application/json" },
      tls: { ca: lab.caCertPem },
    } as RequestInit);
    expect(res.status).toBe(200);
    const users = (await res.json()) as Record<string, unknown>;
    expect(Number(users["@total"])).toBeGreaterThan(0);
  });
});
