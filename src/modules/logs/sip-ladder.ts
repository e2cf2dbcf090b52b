/**
 * SIP messages out of Cisco CallManager SDL traces. An SDL line that carries SIP reads
 * `<seq> |<hh:mm:ss.mmm> |AppInfo  |SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from <ip> on port <p> …`
 * (or `… Outgoing SIP TCP message to <ip> …`, or SIPUdp); the message follows on the next lines,
 * after a `[n,NET]` marker, up to the next numbered SDL line. Everything else in the trace is skipped.
 */

/** One SIP message seen by the node. */
export interface SipMessage {
  time: string;
  direction: "in" | "out";
  peer: string;
  /** The request method or the response's code and reason, e.g. "INVITE", "180 Ringing". */
  label: string;
  callId: string;
  cseq: string;
}

const SDL_LINE = /^\d+\.\d+ \|/;
const SIP_HEAD =
  /^\d+\.\d+ \|(\d\d:\d\d:\d\d\.\d+) \|AppInfo\s+\|SIP(?:Tcp|Udp|Tls)? - wait_\w+: (Incoming|Outgoing) SIP \w+ message (?:from|to) ([0-9A-Fa-f.:]+)/;

function labelOf(firstLine: string): string {
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(firstLine);
  if (response) return `${response[1]} ${response[2]}`.trim();
  return firstLine.split(" ")[0] ?? firstLine;
}

/** Every SIP message of an SDL trace, in file order. */
export function sipMessagesOf(trace: string): SipMessage[] {
  const lines = trace.split(/\r?\n/);
  const out: SipMessage[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = SIP_HEAD.exec(lines[i] ?? "");
    if (!head) continue;
    let j = i + 1;
    if (/^\[\d+,NET\]$/.test(lines[j] ?? "")) j++;
    const first = (lines[j] ?? "").trim();
    let callId = "";
    let cseq = "";
    for (let k = j + 1; k < lines.length && !SDL_LINE.test(lines[k] ?? ""); k++) {
      const line = lines[k] ?? "";
      const h = /^(Call-ID|i|CSeq):\s*(.*)$/i.exec(line);
      if (h?.[1]?.toLowerCase() === "cseq") cseq = h[2]?.trim() ?? "";
      else if (h) callId = h[2]?.trim() ?? "";
      if (line.trim() === "" && callId !== "") break;
    }
    if (!/^(SIP\/2\.0 \d{3}|[A-Z]+ \S+ SIP\/2\.0)/.test(first)) continue;
    out.push({
      time: head[1] ?? "",
      direction: head[2] === "Incoming" ? "in" : "out",
      peer: head[3] ?? "",
      label: labelOf(first),
      callId,
      cseq,
    });
    i = j;
  }
  return out;
}

/** One call found in a trace: its Call-ID, first INVITE and last final answer. */
export interface TraceCall {
  callId: string;
  start: string;
  from: string;
  messages: number;
  outcome: string;
}

/** The calls (by Call-ID) of a set of messages, in order of first appearance. */
export function callsOf(messages: SipMessage[]): TraceCall[] {
  const calls = new Map<string, TraceCall>();
  for (const m of messages) {
    if (m.callId === "") continue;
    let call = calls.get(m.callId);
    if (!call) {
      call = { callId: m.callId, start: m.time, from: m.peer, messages: 0, outcome: "" };
      calls.set(m.callId, call);
    }
    call.messages += 1;
    if (/^[2-6]\d\d /.test(m.label) && m.cseq.endsWith("INVITE")) call.outcome = m.label;
  }
  return [...calls.values()];
}

/** The ladder rows of one call: time, from, to, message (the node is "CUCM"). */
export function ladderOf(messages: SipMessage[], callId: string): Array<[string, string, string, string]> {
  return messages
    .filter((m) => m.callId === callId)
    .map((m) => (m.direction === "in" ? [m.time, m.peer, "CUCM", m.label] : [m.time, "CUCM", m.peer, m.label]));
}
