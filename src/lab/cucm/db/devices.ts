/**
 * The lab's `LabDeviceSource` (contracts.ts): what RisPort70 and the phone web servers see,
 * derived deterministically from the device table. Phones alternate between the CUCM nodes,
 * every seventh phone is UnRegistered, and the first two registered phones also appear on the
 * other node (an older UnRegistered entry, as after a failover). Each phone gets its own
 * loopback IP in the phone range of the lab subnet. CTI items are the phones that have an owner.
 */
import type { Database } from "bun:sqlite";
import type { LabDeviceSource, RisDevice } from "../../contracts.ts";

/** Phone IP for index `i` in subnet `127.N`: 127.N.(1 + i / 250).(10 + i % 250). */
export function phoneIp(subnet: string, i: number): string {
  return `${subnet}.${1 + Math.floor(i / 250)}.${10 + (i % 250)}`;
}

/** Options of {@link createDeviceSource}. */
export interface DeviceSourceOptions {
  db: Database;
  subnet: string;
  /** CUCM node names, publisher first. */
  cucmNodes: string[];
  /** Base of the timestamps (Unix seconds), fixed so the answer is deterministic. */
  epoch: number;
  webPort?: number;
}

/** Creates the device source. */
export function createDeviceSource(opts: DeviceSourceOptions): LabDeviceSource {
  // Rebuilt only after a write: every RIS request would otherwise re-read 50k phones.
  let cached: { changes: number; devices: RisDevice[] } | undefined;
  const risDevices = (): RisDevice[] => {
    const changes = (opts.db.query("SELECT total_changes() AS n").get() as { n: number }).n;
    if (cached?.changes !== changes) cached = { changes, devices: readDevices() };
    return cached.devices;
  };
  const readDevices = (): RisDevice[] => {
    const rows = opts.db
      .query(
        `SELECT d.name, d.description, d.tkmodel, m.name AS product, p.name AS protocol, u.userid,
             (SELECT group_concat(n.dnorpattern, ',') FROM devicenumplanmap dm JOIN numplan n ON n.pkid = dm.fknumplan WHERE dm.fkdevice = d.pkid) AS dns
           FROM device d JOIN typemodel m ON m.enum = d.tkmodel JOIN typedeviceprotocol p ON p.enum = d.tkdeviceprotocol
           LEFT JOIN enduser u ON u.pkid = d.fkenduser WHERE d.tkclass = 1 ORDER BY d.rowid`,
      )
      .all() as Array<Record<string, string | number | null>>;
    const out: RisDevice[] = [];
    let duplicates = 0;
    rows.forEach((row, i) => {
      const node = opts.cucmNodes[i % opts.cucmNodes.length] ?? "cucm-pub";
      const registered = i % 7 !== 6;
      const dns = String(row["dns"] ?? "")
        .split(",")
        .filter((d) => d !== "");
      const device: RisDevice = {
        name: String(row["name"]),
        ip: phoneIp(opts.subnet, i),
        deviceClass: "Phone",
        model: Number(row["tkmodel"]),
        product: String(row["product"]),
        protocol: row["protocol"] === "SCCP" ? "SCCP" : "SIP",
        description: String(row["description"] ?? ""),
        dirNumbers: dns.map((dn) => `${dn}-${registered ? "Registered" : "UnRegistered"}`),
        node,
        status: registered ? "Registered" : "UnRegistered",
        statusReason: registered ? 0 : 8,
        timestamp: opts.epoch + i * 7,
        loginUserId: String(row["userid"] ?? ""),
        activeLoadId: row["protocol"] === "SCCP" ? "SCCP78xx.14-2-1-0001-10" : "sip88xx.14-2-1-0001-14",
        ...(opts.webPort === undefined ? {} : { webPort: opts.webPort }),
      };
      out.push(device);
      if (registered && duplicates < 2 && opts.cucmNodes.length > 1) {
        duplicates++;
        const other = opts.cucmNodes[(i + 1) % opts.cucmNodes.length] ?? node;
        out.push({
          ...device,
          node: other,
          status: "UnRegistered",
          statusReason: 9,
          timestamp: device.timestamp - 3600,
          dirNumbers: dns.map((dn) => `${dn}-UnRegistered`),
        });
      }
    });
    return out;
  };
  return {
    risDevices,
    ctiItems() {
      // CTI-controlled devices: the phones that have an owner (Jabber/desk softphone control), one per node.
      const seen = new Set<string>();
      return risDevices()
        .filter((d) => d.loginUserId !== "" && !seen.has(d.name) && seen.add(d.name))
        .map((d) => ({ name: d.name, node: d.node, status: d.status, timestamp: d.timestamp }));
    },
  };
}
