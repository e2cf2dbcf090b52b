/**
 * What a packet capture holds, for the agent: its SIP calls (Call-ID, first request, final answer)
 * and its RTP streams (addresses, SSRC, payload type, packets, lost by sequence gaps, duration).
 * Our own small reader of classic libpcap files (both byte orders, µs and ns timestamps) over
 * Ethernet (with 802.1Q tags) / IPv4 / UDP, which is what `utils network capture` writes. The npm
 * choices did not fit: `pcap` binds native libpcap (no single binary) and `pcap-parser` has not
 * been maintained for years and only splits records, which is the easy part.
 */

/** One SIP call seen in the capture. */
export interface CaptureCall {
  callId: string;
  first: string;
  finalAnswer: string;
  messages: number;
}

/** One RTP stream (one direction). */
export interface RtpStream {
  src: string;
  dst: string;
  ssrc: string;
  payloadType: number;
  packets: number;
  lost: number;
  durationS: number;
}

/** The summary. */
export interface CaptureSummary {
  packets: number;
  firstAt: string;
  lastAt: string;
  calls: CaptureCall[];
  streams: RtpStream[];
}

/** Why a file cannot be read as a capture. */
export class CaptureFormatError extends Error {}

/** Reads `data` as a classic pcap file; refuses pcapng and other formats with a clear reason. */
export function summariseCapture(data: Uint8Array): CaptureSummary {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 24) throw new CaptureFormatError("the file is shorter than a pcap header");
  const magic = buf.readUInt32LE(0);
  const known: Record<number, { le: boolean; nano: boolean }> = {
    2712847316: { le: true, nano: false },
    3569595041: { le: false, nano: false },
    2712812621: { le: true, nano: true },
    1295823521: { le: false, nano: true },
  };
  const kind = known[magic];
  if (!kind)
    throw new CaptureFormatError(
      magic === 0x0a0d0d0a ? "pcapng is not read; save the capture as classic pcap" : "not a pcap file",
    );
  const u32 = (o: number) => (kind.le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linkType = u32(20);
  if (linkType !== 1) throw new CaptureFormatError(`link type ${linkType} is not Ethernet`);
  const calls = new Map<string, CaptureCall>();
  const streams = new Map<string, RtpStream & { firstMs: number; lastMs: number; lastSeq: number }>();
  let packets = 0;
  let firstMs = Number.NaN;
  let lastMs = Number.NaN;
  for (let at = 24; at + 16 <= buf.length; ) {
    const ms = u32(at) * 1000 + u32(at + 4) / (kind.nano ? 1e6 : 1e3);
    const incl = u32(at + 8);
    const frame = buf.subarray(at + 16, at + 16 + incl);
    at += 16 + incl;
    packets++;
    if (Number.isNaN(firstMs)) firstMs = ms;
    lastMs = ms;
    let off = 12;
    let etherType = frame.length >= 14 ? frame.readUInt16BE(off) : 0;
    while (etherType === 0x8100 && frame.length >= off + 6) {
      off += 4;
      etherType = frame.readUInt16BE(off);
    }
    off += 2;
    if (etherType !== 0x0800 || frame.length < off + 20) continue;
    const ihl = (frame[off] ?? 0x45) & 0x0f;
    if (frame[off + 9] !== 17) continue;
    const src = [...frame.subarray(off + 12, off + 16)].join(".");
    const dst = [...frame.subarray(off + 16, off + 20)].join(".");
    const udp = off + ihl * 4;
    if (frame.length < udp + 8) continue;
    const sport = frame.readUInt16BE(udp);
    const dport = frame.readUInt16BE(udp + 2);
    const payload = frame.subarray(udp + 8);
    const head = payload.subarray(0, 200).toString("latin1");
    if (/^(SIP\/2\.0 \d{3}|[A-Z]+ \S+ SIP\/2\.0)/.test(head)) {
      const text = payload.toString("latin1");
      const firstLine = text.split("\r\n")[0] ?? "";
      const callId = /^(?:Call-ID|i):\s*(.+)$/im.exec(text)?.[1]?.trim() ?? "";
      const cseq = /^CSeq:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? "";
      let call = calls.get(callId);
      if (!call) {
        call = { callId, first: firstLine.split(" ")[0] ?? "", finalAnswer: "", messages: 0 };
        calls.set(callId, call);
      }
      call.messages++;
      const code = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(firstLine);
      if (code && Number(code[1]) >= 200 && cseq.endsWith("INVITE")) call.finalAnswer = `${code[1]} ${code[2]}`.trim();
      continue;
    }
    if (payload.length >= 12 && (payload[0] ?? 0) >> 6 === 2 && ((payload[1] ?? 0) & 0x7f) < 72) {
      const ssrc = payload.readUInt32BE(8).toString(16).padStart(8, "0");
      const key = `${src}:${sport}>${dst}:${dport}/${ssrc}`;
      const seq = payload.readUInt16BE(2);
      const s = streams.get(key);
      if (!s) {
        streams.set(key, {
          src: `${src}:${sport}`,
          dst: `${dst}:${dport}`,
          ssrc,
          payloadType: (payload[1] ?? 0) & 0x7f,
          packets: 1,
          lost: 0,
          durationS: 0,
          firstMs: ms,
          lastMs: ms,
          lastSeq: seq,
        });
      } else {
        s.packets++;
        s.lost += Math.max(0, ((seq - s.lastSeq + 0x10000) & 0xffff) - 1);
        s.lastSeq = seq;
        s.lastMs = ms;
      }
    }
  }
  const iso = (ms: number) => (Number.isNaN(ms) ? "" : new Date(ms).toISOString());
  return {
    packets,
    firstAt: iso(firstMs),
    lastAt: iso(lastMs),
    calls: [...calls.values()],
    streams: [...streams.values()].map(({ firstMs: f, lastMs: l, lastSeq: _, ...s }) => ({
      ...s,
      durationS: Math.round((l - f) / 10) / 100,
    })),
  };
}
