/**
 * Tool calls in flight, by the caller's token (cancelScope) and JSON-RPC id. The SDK path
 * (sdk.ts) and the direct path (direct-call.ts) register here, so a `notifications/cancelled`
 * arriving on another stateless request of the same token cancels a call on either path.
 */
export interface InflightCalls {
  /**
   * Registers a call: its signal aborts on `cancel` or when any of `signals` aborts (the
   * client went away). `done` forgets it and removes the listeners.
   */
  start(scope: string, id: string | number, signals: ReadonlyArray<AbortSignal | undefined>): TrackedCall;
  /** Aborts the call `id` of `scope`, if it is still running. */
  cancel(scope: string, id: string | number): void;
}

export interface TrackedCall {
  signal: AbortSignal;
  done(): void;
}

export function createInflightCalls(): InflightCalls {
  const calls = new Map<string, AbortController>();
  const keyOf = (scope: string, id: string | number) => `${scope}\n${String(id)}`;
  return {
    start(scope, id, signals) {
      const key = keyOf(scope, id);
      const controller = new AbortController();
      const abort = () => controller.abort();
      for (const s of signals) s?.addEventListener("abort", abort, { once: true });
      calls.set(key, controller);
      return {
        signal: controller.signal,
        done() {
          if (calls.get(key) === controller) calls.delete(key);
          for (const s of signals) s?.removeEventListener("abort", abort);
        },
      };
    },
    cancel(scope, id) {
      calls.get(keyOf(scope, id))?.abort();
    },
  };
}
