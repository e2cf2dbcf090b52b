/**
 * The lab's own calls: one call between two registered lab SIP phones every two minutes since the
 * lab started, so traces and CDRs grow while the lab runs. Each call is a fixed SIP exchange
 * (INVITE, 100 Trying, 180 Ringing, 200 OK, ACK, BYE, 200 OK) between the caller, the node and
 * the callee; every fourth call is refused by the callee with 486 Busy Here.
 */
import type { LabDeviceSource, LabNode } from "../contracts.ts";

/** One lab call. */
export interface LabCall {
  index: number;
  callId: string;
  startMs: number;
  caller: { name: string; ip: string; dn: string };
  callee: { name: string; ip: string; dn: string };
  /** True when the callee answered; false for 486 Busy Here. */
  answered: boolean;
  /** Seconds of talk when answered. */
  durationS: number;
}

/** One SIP message of a call as the node saw it. */
export interface LabSipMessage {
  atMs: number;
  direction: "in" | "out";
  peerIp: string;
  firstLine: string;
  text: string;
}

/** Seconds between two lab calls. */
const CALL_EVERY_MS = 120_000;

/** The calls handled by `node` from `since` to `until` (ms). */
export function callsBetween(
  node: LabNode,
  devices: LabDeviceSource,
  labStartMs: number,
  since: number,
  until: number,
): LabCall[] {
  const phones = devices
    .risDevices()
    .filter((d) => d.node === node.name && d.protocol === "SIP" && d.status === "Registered")
    .map((d) => ({ name: d.name, ip: d.ip, dn: (d.dirNumbers[0] ?? "").split("-")[0] ?? "" }))
    .filter((p) => p.dn !== "");
  if (phones.length < 2) return [];
  const first = Math.max(0, Math.ceil((since - labStartMs) / CALL_EVERY_MS));
  const calls: LabCall[] = [];
  for (let i = first; labStartMs + i * CALL_EVERY_MS <= until; i++) {
    const caller = phones[i % phones.length] as LabCall["caller"];
    const callee = phones[(i + 1) % phones.length] as LabCall["callee"];
    calls.push({
      index: i,
      callId: `${(0x5a000000 + i * 7919).toString(16)}-${node.ip.replaceAll(".", "")}@${caller.ip}`,
      startMs: labStartMs + i * CALL_EVERY_MS,
      caller,
      callee,
      answered: i % 4 !== 3,
      durationS: 20 + (i % 5) * 7,
    });
  }
  return calls;
}

/** The SIP messages of `call` through `node`, in order. */
export function sipMessages(call: LabCall, node: LabNode): LabSipMessage[] {
  const { caller, callee } = call;
  const tagA = `a${call.index}`;
  const tagB = `b${call.index}`;
  const msg = (
    offsetMs: number,
    direction: "in" | "out",
    peerIp: string,
    firstLine: string,
    from: string,
    to: string,
    cseq: string,
    body = "",
  ): LabSipMessage => {
    const headers = [
      firstLine,
      `Via: SIP/2.0/TCP ${direction === "in" ? peerIp : node.ip}:5060;branch=z9hG4bK${call.index}${cseq.length}`,
      `From: <sip:${from}>;tag=${tagA}`,
      `To: <sip:${to}>${firstLine.startsWith("INVITE") ? "" : `;tag=${tagB}`}`,
      `Call-ID: ${call.callId}`,
      `CSeq: ${cseq}`,
      "Max-Forwards: 70",
      `Content-Length: ${body.length}`,
      "",
      body,
    ];
    return { atMs: call.startMs + offsetMs, direction, peerIp, firstLine, text: headers.join("\r\n") };
  };
  const a = `${caller.dn}@${node.ip}`;
  const b = `${callee.dn}@${node.ip}`;
  const sdp = (ip: string) =>
    `v=0\r\no=Cisco-SIPUA 1 1 IN IP4 ${ip}\r\ns=SIP Call\r\nc=IN IP4 ${ip}\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
  const out: LabSipMessage[] = [
    msg(0, "in", caller.ip, `INVITE sip:${b} SIP/2.0`, a, b, "101 INVITE", sdp(caller.ip)),
    msg(4, "out", caller.ip, "SIP/2.0 100 Trying", a, b, "101 INVITE"),
    msg(9, "out", callee.ip, `INVITE sip:${callee.dn}@${callee.ip}:5060 SIP/2.0`, a, b, "101 INVITE", sdp(caller.ip)),
    msg(30, "in", callee.ip, "SIP/2.0 180 Ringing", a, b, "101 INVITE"),
    msg(33, "out", caller.ip, "SIP/2.0 180 Ringing", a, b, "101 INVITE"),
  ];
  if (!call.answered) {
    out.push(
      msg(2100, "in", callee.ip, "SIP/2.0 486 Busy Here", a, b, "101 INVITE"),
      msg(2104, "out", callee.ip, `ACK sip:${callee.dn}@${callee.ip}:5060 SIP/2.0`, a, b, "101 ACK"),
      msg(2106, "out", caller.ip, "SIP/2.0 486 Busy Here", a, b, "101 INVITE"),
      msg(2140, "in", caller.ip, `ACK sip:${b} SIP/2.0`, a, b, "101 ACK"),
    );
    return out;
  }
  const end = 3000 + call.durationS * 1000;
  out.push(
    msg(3000, "in", callee.ip, "SIP/2.0 200 OK", a, b, "101 INVITE", sdp(callee.ip)),
    msg(3006, "out", callee.ip, `ACK sip:${callee.dn}@${callee.ip}:5060 SIP/2.0`, a, b, "101 ACK"),
    msg(3010, "out", caller.ip, "SIP/2.0 200 OK", a, b, "101 INVITE", sdp(callee.ip)),
    msg(3050, "in", caller.ip, `ACK sip:${b} SIP/2.0`, a, b, "101 ACK"),
    msg(end, "in", caller.ip, `BYE sip:${b} SIP/2.0`, a, b, "102 BYE"),
    msg(end + 5, "out", caller.ip, "SIP/2.0 200 OK", a, b, "102 BYE"),
    msg(end + 9, "out", callee.ip, `BYE sip:${callee.dn}@${callee.ip}:5060 SIP/2.0`, a, b, "102 BYE"),
    msg(end + 40, "in", callee.ip, "SIP/2.0 200 OK", a, b, "102 BYE"),
  );
  return out;
}
