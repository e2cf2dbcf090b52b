/**
 * The lab's CDR and CMR records of its calls (calls.ts), in Cisco's flat-file layout: line 1 the
 * field names (quoted), line 2 the types, then one record per line, strings quoted and integers
 * bare. The CDR fields are those of CUCM's CDR header as public CDR files show it; the types follow
 * Cisco's convention (numbers and times INTEGER, numbers dialled and names VARCHAR, pkid
 * UNIQUEIDENTIFIER). Times are UTC epoch seconds, IPv4 addresses a signed 32-bit integer with the
 * first octet in the low byte, as CUCM writes them. An answered call is cleared by its
 * caller (origCause 16, destCause 0); a call refused with 486 Busy Here gets destCause 17.
 */
import type { LabCall } from "./calls.ts";

/** The CDR fields in file order. */
const CDR_FIELDS = [
  "cdrRecordType",
  "globalCallID_callManagerId",
  "globalCallID_callId",
  "origLegCallIdentifier",
  "dateTimeOrigination",
  "origNodeId",
  "origSpan",
  "origIpAddr",
  "callingPartyNumber",
  "callingPartyUnicodeLoginUserID",
  "origCause_location",
  "origCause_value",
  "origPrecedenceLevel",
  "origMediaTransportAddress_IP",
  "origMediaTransportAddress_Port",
  "origMediaCap_payloadCapability",
  "origMediaCap_maxFramesPerPacket",
  "origMediaCap_g723BitRate",
  "origVideoCap_Codec",
  "origVideoCap_Bandwidth",
  "origVideoCap_Resolution",
  "origVideoTransportAddress_IP",
  "origVideoTransportAddress_Port",
  "origRSVPAudioStat",
  "origRSVPVideoStat",
  "destLegIdentifier",
  "destNodeId",
  "destSpan",
  "destIpAddr",
  "originalCalledPartyNumber",
  "finalCalledPartyNumber",
  "finalCalledPartyUnicodeLoginUserID",
  "destCause_location",
  "destCause_value",
  "destPrecedenceLevel",
  "destMediaTransportAddress_IP",
  "destMediaTransportAddress_Port",
  "destMediaCap_payloadCapability",
  "destMediaCap_maxFramesPerPacket",
  "destMediaCap_g723BitRate",
  "destVideoCap_Codec",
  "destVideoCap_Bandwidth",
  "destVideoCap_Resolution",
  "destVideoTransportAddress_IP",
  "destVideoTransportAddress_Port",
  "destRSVPAudioStat",
  "destRSVPVideoStat",
  "dateTimeConnect",
  "dateTimeDisconnect",
  "lastRedirectDn",
  "pkid",
  "originalCalledPartyNumberPartition",
  "callingPartyNumberPartition",
  "finalCalledPartyNumberPartition",
  "lastRedirectDnPartition",
  "duration",
  "origDeviceName",
  "destDeviceName",
  "origCallTerminationOnBehalfOf",
  "destCallTerminationOnBehalfOf",
  "origCalledPartyRedirectOnBehalfOf",
  "lastRedirectRedirectOnBehalfOf",
  "origCalledPartyRedirectReason",
  "lastRedirectRedirectReason",
  "destConversationId",
  "globalCallId_ClusterID",
  "joinOnBehalfOf",
  "comment",
  "authCodeDescription",
  "authorizationLevel",
  "clientMatterCode",
  "origDTMFMethod",
  "destDTMFMethod",
  "callSecuredStatus",
  "origConversationId",
  "origMediaCap_Bandwidth",
  "destMediaCap_Bandwidth",
  "authorizationCodeValue",
  "outpulsedCallingPartyNumber",
  "outpulsedCalledPartyNumber",
  "origIpv4v6Addr",
  "destIpv4v6Addr",
  "IncomingProtocolID",
  "IncomingProtocolCallRef",
  "OutgoingProtocolID",
  "OutgoingProtocolCallRef",
  "currentRoutingReason",
  "origRoutingReason",
  "lastRedirectingRoutingReason",
  "huntPilotPartition",
  "huntPilotDN",
  "calledPartyPatternUsage",
  "outpulsedOriginalCalledPartyNumber",
  "outpulsedLastRedirectingNumber",
  "wasCallQueued",
  "totalWaitTimeInQueue",
  "callingPartyNumber_uri",
  "originalCalledPartyNumber_uri",
  "finalCalledPartyNumber_uri",
  "lastRedirectDn_uri",
  "originalCalledPartyPattern",
  "finalCalledPartyPattern",
  "lastRedirectingPartyPattern",
  "huntPilotPattern",
] as const;

/** CDR fields that are text; every other one is INTEGER. */
const CDR_TEXT: Record<string, string> = {
  callingPartyNumber: "VARCHAR(50)",
  callingPartyUnicodeLoginUserID: "VARCHAR(128)",
  originalCalledPartyNumber: "VARCHAR(50)",
  finalCalledPartyNumber: "VARCHAR(50)",
  finalCalledPartyUnicodeLoginUserID: "VARCHAR(128)",
  lastRedirectDn: "VARCHAR(50)",
  pkid: "UNIQUEIDENTIFIER",
  originalCalledPartyNumberPartition: "VARCHAR(50)",
  callingPartyNumberPartition: "VARCHAR(50)",
  finalCalledPartyNumberPartition: "VARCHAR(50)",
  lastRedirectDnPartition: "VARCHAR(50)",
  origDeviceName: "VARCHAR(129)",
  destDeviceName: "VARCHAR(129)",
  globalCallId_ClusterID: "VARCHAR(50)",
  comment: "VARCHAR(2048)",
  authCodeDescription: "VARCHAR(50)",
  clientMatterCode: "VARCHAR(32)",
  authorizationCodeValue: "VARCHAR(32)",
  outpulsedCallingPartyNumber: "VARCHAR(50)",
  outpulsedCalledPartyNumber: "VARCHAR(50)",
  origIpv4v6Addr: "VARCHAR(64)",
  destIpv4v6Addr: "VARCHAR(64)",
  IncomingProtocolCallRef: "VARCHAR(32)",
  OutgoingProtocolCallRef: "VARCHAR(32)",
  huntPilotPartition: "VARCHAR(50)",
  huntPilotDN: "VARCHAR(50)",
  outpulsedOriginalCalledPartyNumber: "VARCHAR(50)",
  outpulsedLastRedirectingNumber: "VARCHAR(50)",
  callingPartyNumber_uri: "VARCHAR(254)",
  originalCalledPartyNumber_uri: "VARCHAR(254)",
  finalCalledPartyNumber_uri: "VARCHAR(254)",
  lastRedirectDn_uri: "VARCHAR(254)",
  originalCalledPartyPattern: "VARCHAR(50)",
  finalCalledPartyPattern: "VARCHAR(50)",
  lastRedirectingPartyPattern: "VARCHAR(50)",
  huntPilotPattern: "VARCHAR(50)",
};

/** The CMR fields in file order, with their types. */
const CMR_FIELDS: Array<[string, string]> = [
  ["cdrRecordType", "INTEGER"],
  ["globalCallID_callManagerId", "INTEGER"],
  ["globalCallID_callId", "INTEGER"],
  ["nodeId", "INTEGER"],
  ["directoryNum", "VARCHAR(50)"],
  ["callIdentifier", "INTEGER"],
  ["dateTimeStamp", "INTEGER"],
  ["numberPacketsSent", "INTEGER"],
  ["numberOctetsSent", "INTEGER"],
  ["numberPacketsReceived", "INTEGER"],
  ["numberOctetsReceived", "INTEGER"],
  ["numberPacketsLost", "INTEGER"],
  ["jitter", "INTEGER"],
  ["latency", "INTEGER"],
  ["pkid", "UNIQUEIDENTIFIER"],
  ["directoryNumPartition", "VARCHAR(50)"],
  ["globalCallId_ClusterID", "VARCHAR(50)"],
  ["deviceName", "VARCHAR(129)"],
  ["varVQMetrics", "VARCHAR(600)"],
];

/** The lab's cluster id (CUCM's default, as in the file names of a stand-alone cluster). */
export const LAB_CLUSTER_ID = "StandAloneCluster";

/** When the call's records are written: as the last message of the call goes. */
export function callEndMs(call: LabCall): number {
  return call.answered ? call.startMs + 3000 + call.durationS * 1000 + 40 : call.startMs + 2140;
}

/** An IPv4 address as CUCM's CDR integer (first octet in the low byte, signed). */
function ipInt(ip: string): number {
  const [a, b, c, d] = ip.split(".").map(Number) as [number, number, number, number];
  return (a | (b << 8) | (c << 16) | (d << 24)) >> 0;
}

/** A stable pkid per node, call and record. */
function pkid(nodeId: number, call: LabCall, record: number): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, "0").slice(-w);
  return `${hex(nodeId, 8)}-${hex(record, 4)}-4${hex(call.index >> 16, 3)}-a${hex(call.index, 3)}-${hex(call.startMs, 12)}`;
}

type Cell = string | number;
const quote = (v: Cell) => (typeof v === "number" ? String(v) : `"${v.replaceAll('"', '""')}"`);

/** A whole file: names, types, records. */
function csvFile(fields: Array<[string, string]>, records: Array<Record<string, Cell>>): string {
  const lines = [
    fields.map(([f]) => `"${f}"`).join(","),
    fields.map(([, t]) => t).join(","),
    ...records.map((r) => fields.map(([f, t]) => quote(r[f] ?? (t === "INTEGER" ? 0 : ""))).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/** The CDR file of `calls` ended on node `nodeId`. */
export function cdrFile(nodeId: number, calls: LabCall[]): string {
  const fields = CDR_FIELDS.map((f): [string, string] => [f, CDR_TEXT[f] ?? "INTEGER"]);
  return csvFile(
    fields,
    calls.map((c) => {
      const end = Math.floor(callEndMs(c) / 1000);
      const connect = c.answered ? Math.floor((c.startMs + 3010) / 1000) : 0;
      return {
        cdrRecordType: 1,
        globalCallID_callManagerId: nodeId,
        globalCallID_callId: 100_000 + c.index,
        origLegCallIdentifier: 20_000_000 + c.index * 2,
        dateTimeOrigination: Math.floor(c.startMs / 1000),
        origNodeId: nodeId,
        origIpAddr: ipInt(c.caller.ip),
        callingPartyNumber: c.caller.dn,
        origCause_value: c.answered ? 16 : 0,
        origMediaTransportAddress_IP: c.answered ? ipInt(c.caller.ip) : 0,
        origMediaTransportAddress_Port: c.answered ? 20_000 : 0,
        origMediaCap_payloadCapability: c.answered ? 4 : 0,
        origMediaCap_maxFramesPerPacket: c.answered ? 20 : 0,
        destLegIdentifier: 20_000_001 + c.index * 2,
        destNodeId: nodeId,
        destIpAddr: ipInt(c.callee.ip),
        originalCalledPartyNumber: c.callee.dn,
        finalCalledPartyNumber: c.callee.dn,
        destCause_value: c.answered ? 0 : 17,
        destMediaTransportAddress_IP: c.answered ? ipInt(c.callee.ip) : 0,
        destMediaTransportAddress_Port: c.answered ? 20_000 : 0,
        destMediaCap_payloadCapability: c.answered ? 4 : 0,
        destMediaCap_maxFramesPerPacket: c.answered ? 20 : 0,
        dateTimeConnect: connect,
        dateTimeDisconnect: end,
        pkid: pkid(nodeId, c, 1),
        duration: c.answered ? end - connect : 0,
        origDeviceName: c.caller.name,
        destDeviceName: c.callee.name,
        origCallTerminationOnBehalfOf: c.answered ? 12 : 0,
        destCallTerminationOnBehalfOf: c.answered ? 0 : 12,
        globalCallId_ClusterID: LAB_CLUSTER_ID,
        origDTMFMethod: 2,
        destDTMFMethod: 2,
        origIpv4v6Addr: c.caller.ip,
        destIpv4v6Addr: c.callee.ip,
      };
    }),
  );
}

/** The CMR file of `calls` (answered ones: one record per phone). */
export function cmrFile(nodeId: number, calls: LabCall[]): string {
  const records = calls
    .filter((c) => c.answered)
    .flatMap((c) =>
      [c.caller, c.callee].map((p, side) => {
        const packets = c.durationS * 50;
        return {
          cdrRecordType: 2,
          globalCallID_callManagerId: nodeId,
          globalCallID_callId: 100_000 + c.index,
          nodeId,
          directoryNum: p.dn,
          callIdentifier: 20_000_000 + c.index * 2 + side,
          dateTimeStamp: Math.floor(callEndMs(c) / 1000),
          numberPacketsSent: packets,
          numberOctetsSent: packets * 160,
          numberPacketsReceived: packets,
          numberOctetsReceived: packets * 160,
          numberPacketsLost: 0,
          jitter: 1,
          latency: 0,
          pkid: pkid(nodeId, c, 2 + side),
          globalCallId_ClusterID: LAB_CLUSTER_ID,
          deviceName: p.name,
        };
      }),
    );
  return csvFile(CMR_FIELDS, records);
}

/** Whether a call leaves CMRs (only answered calls carried media). */
export const hasCmr = (calls: LabCall[]) => calls.some((c) => c.answered);
