/**
 * Captures a lab node ran with `utils network capture … file <name>`: the pcap lands in
 * `/var/log/active/platform/cli/<name>.cap` (where VOS keeps CLI captures) and DIME serves it.
 * A capture sees one call placed as it starts (see pcap.ts); it ends when its packet count is
 * reached or when the CLI is interrupted (Ctrl-C), whichever comes first.
 */
import type { LabDeviceSource, LabNode } from "../contracts.ts";
import { callsBetween, sipMessages } from "./calls.ts";
import { callPackets, pcapFile } from "./pcap.ts";

/** Where VOS keeps the captures of its CLI. */
const CAPTURE_DIR = "/var/log/active/platform/cli";

/** A capture in progress. */
export interface RunningCapture {
  /** Milliseconds until the packet count would be reached. */
  countReachedAfterMs: number;
  /** Ends the capture at `stoppedMs`, writes the file, returns the packets written. */
  finish(stoppedMs: number): number;
}

/** The captures of one node. */
export interface LabCaptures {
  start(file: string, count: number, snaplen: number, startedMs: number): RunningCapture;
  read(path: string): Uint8Array | undefined;
}

/** Creates the capture store of `node`. */
export function createCaptures(node: LabNode, devices: LabDeviceSource): LabCaptures {
  const files = new Map<string, Uint8Array>();
  return {
    start(file, count, snaplen, startedMs) {
      // The call is one of the node's lab calls, shifted to begin just after the capture starts.
      const template = callsBetween(node, devices, startedMs + 200, startedMs, startedMs + 200)[0];
      const packets = template
        ? callPackets(
            { ...template, answered: true },
            sipMessages({ ...template, answered: true }, node),
            node.ip,
            startedMs,
            startedMs + 3_600_000,
          )
        : [];
      const nth = packets[count - 1];
      return {
        countReachedAfterMs: nth ? Math.max(1, nth.atMs - startedMs) : 3_600_000,
        finish(stoppedMs) {
          const kept = packets.filter((p) => p.atMs <= stoppedMs).slice(0, count);
          files.set(`${CAPTURE_DIR}/${file}.cap`, pcapFile(kept, count, snaplen));
          return kept.length;
        },
      };
    },
    read: (path) => files.get(path),
  };
}
