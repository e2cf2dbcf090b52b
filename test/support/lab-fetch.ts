/**
 * Real HTTPS against the lab for protocol integration tests: Bun's fetch (with the `tls` option)
 * wrapped to record request headers, so tests can see cookies and SOAPActions on the wire.
 */
import type { FetchLike } from "../../src/protocols/http.ts";

export interface RecordingFetch {
  fetch: FetchLike;
  sent: Array<{ url: string; headers: Record<string, string> }>;
}

export function recordingFetch(): RecordingFetch {
  const sent: RecordingFetch["sent"] = [];
  const f: FetchLike = (url, init) => {
    sent.push({ url, headers: { ...init.headers } });
    return fetch(url, init as RequestInit);
  };
  return { fetch: f, sent };
}
