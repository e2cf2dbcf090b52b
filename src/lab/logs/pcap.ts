/**
 * The lab's packet captures: a classic libpcap file (magic a1b2c3d4, v2.4, Ethernet link type)
 * of the traffic a node sees while `utils network capture` runs: one call between two lab phones
 * placed as the capture starts (its SIP over UDP 5060 through the node) and, once answered, the
 * two RTP streams between the phones (G.711 µ-law, 20 ms packets, 50 per second each way).
 * Bounded by the capture's packet count and per-packet size, as the CLI options say.
 */
import type { LabCall, LabSipMessage } from "./calls.ts";

/** One packet before framing. */
interface Packet {
  atMs: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  payload: Uint8Array;
}

const ipBytes = (ip: string) => ip.split(".").map(Number);

function ipChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function frame(p: Packet): Buffer {
  const udpLen = 8 + p.payload.length;
  const eth = Buffer.from([0, 0x1b, 0x54, 0, 0, 1, 0, 0x1b, 0x54, 0, 0, 2, 0x08, 0x00]);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + udpLen, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  Buffer.from(ipBytes(p.src)).copy(ip, 12);
  Buffer.from(ipBytes(p.dst)).copy(ip, 16);
  ip.writeUInt16BE(ipChecksum(ip), 10);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(p.sport, 0);
  udp.writeUInt16BE(p.dport, 2);
  udp.writeUInt16BE(udpLen, 4);
  return Buffer.concat([eth, ip, udp, Buffer.from(p.payload)]);
}

function rtp(seq: number, ssrc: number, timestamp: number): Uint8Array {
  const b = Buffer.alloc(12 + 160, 0xff); // 20 ms of µ-law silence
  b.writeUInt8(0x80, 0);
  b.writeUInt8(0, 1); // payload type 0 (PCMU)
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(timestamp >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  return b;
}

/** The packets of `call` (SIP through `nodeIp`, RTP phone to phone) between `from` and `to` ms. */
export function callPackets(call: LabCall, sip: LabSipMessage[], nodeIp: string, from: number, to: number): Packet[] {
  const packets: Packet[] = sip.map((m) => ({
    atMs: m.atMs,
    src: m.direction === "in" ? m.peerIp : nodeIp,
    dst: m.direction === "in" ? nodeIp : m.peerIp,
    sport: 5060,
    dport: 5060,
    payload: Buffer.from(m.text),
  }));
  if (call.answered) {
    const start = call.startMs + 3050;
    const end = call.startMs + 3000 + call.durationS * 1000;
    for (let t = start, i = 0; t < end && t < to; t += 20, i++) {
      packets.push(
        {
          atMs: t,
          src: call.caller.ip,
          dst: call.callee.ip,
          sport: 20000,
          dport: 20000,
          payload: rtp(1000 + i, 0x1111 + call.index, i * 160),
        },
        {
          atMs: t + 3,
          src: call.callee.ip,
          dst: call.caller.ip,
          sport: 20000,
          dport: 20000,
          payload: rtp(5000 + i, 0x2222 + call.index, i * 160),
        },
      );
    }
  }
  return packets.filter((p) => p.atMs >= from && p.atMs < to).sort((a, b) => a.atMs - b.atMs);
}

/** A pcap file of `packets`: at most `count` records, each cut to `snaplen` bytes. */
export function pcapFile(packets: Packet[], count: number, snaplen: number): Uint8Array {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(snaplen, 16);
  head.writeUInt32LE(1, 20);
  const records = packets.slice(0, count).map((p) => {
    const data = frame(p);
    const cut = data.subarray(0, Math.min(snaplen, data.length));
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
    rec.writeUInt32LE((p.atMs % 1000) * 1000, 4);
    rec.writeUInt32LE(cut.length, 8);
    rec.writeUInt32LE(data.length, 12);
    return Buffer.concat([rec, cut]);
  });
  return Buffer.concat([head, ...records]);
}
