/**
 * A first-come-first-served limit on the requests in flight to one upstream origin (scheme, host
 * and port). Bun's fetch keeps only a bounded number of idle keep-alive connections; with more
 * requests in flight to one node than that, every answer beyond it closes its connection and the
 * next request opens a new one, a full TLS handshake on both ends (bench/README.md, B5: with
 * 200 concurrent calls to one node, thousands of connections were opened per minute and the
 * slowest calls waited seconds). Holding the excess here, in arrival order, keeps the connections
 * reused and the wait fair; the node itself answers no slower for it.
 */

/** Returns the slot; call it once when the request (body included) is done. */
export type ReleaseSlot = () => void;

export interface UpstreamGate {
  /**
   * Waits for a free slot of `origin`; rejects with the signal's reason when it aborts first
   * (the caller's timeout or cancellation also covers the time spent waiting).
   */
  acquire(origin: string, signal?: AbortSignal): Promise<ReleaseSlot>;
}

interface OriginState {
  active: number;
  waiting: Array<(release: ReleaseSlot) => void>;
}

/** Creates a gate allowing `limit` requests in flight per origin. */
export function createUpstreamGate(limit: number): UpstreamGate {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`upstream limit must be a positive integer, not ${limit}`);
  const origins = new Map<string, OriginState>();
  const releaser = (origin: string, state: OriginState): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.waiting.shift();
      // The slot passes straight to the oldest waiter, so a newcomer cannot overtake it.
      if (next !== undefined) next(releaser(origin, state));
      else if (--state.active === 0) origins.delete(origin);
    };
  };
  return {
    acquire(origin, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      let state = origins.get(origin);
      if (state === undefined) {
        state = { active: 0, waiting: [] };
        origins.set(origin, state);
      }
      if (state.active < limit) {
        state.active++;
        return Promise.resolve(releaser(origin, state));
      }
      const s = state;
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const granted = (release: ReleaseSlot) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        };
        const onAbort = () => {
          const at = s.waiting.indexOf(granted);
          if (at !== -1) s.waiting.splice(at, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        s.waiting.push(granted);
      });
    },
  };
}
