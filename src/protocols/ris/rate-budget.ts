/**
 * The RisPort70 query budget ("Allowed Device Queries Per Minute", Enterprise Parameter, default
 * 15, shared by every client of a node): a sliding 60-second window per node, kept on our side so
 * the bridge waits instead of collecting "Exceeded allowed rate for Reatime information" faults.
 * The clock and sleep are injected.
 */

const WINDOW_MS = 60_000;
/**
 * The node counts requests as they arrive, the budget as they leave: an earlier request held up in
 * transit (TLS set-up, a busy node) would let the 16th land inside the node's minute. Waiting 2 s
 * beyond the window keeps a margin for that skew, at the cost of about 3 % of the budget.
 */
const GUARD_MS = 2_000;
const SPAN_MS = WINDOW_MS + GUARD_MS;

/** Per-node budget. */
export interface RisBudget {
  /** Waits (reporting the wait) until a request to `node` fits in the window, then records it. */
  acquire(node: string, onWait?: (waitMs: number) => void): Promise<void>;
  /** After a rate fault: treat the window as full for `node`. */
  exhaust(node: string): void;
}

/** Creates the budget; `perMinute` is the node's setting (15 unless the customer changed it). */
export function createRisBudget(opts: {
  perMinute: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): RisBudget {
  const stamps = new Map<string, number[]>();
  const list = (node: string) => {
    let l = stamps.get(node);
    if (!l) {
      l = [];
      stamps.set(node, l);
    }
    return l;
  };
  return {
    async acquire(node, onWait) {
      const l = list(node);
      for (;;) {
        const now = opts.now();
        while (l.length > 0 && l[0]! <= now - SPAN_MS) l.shift();
        if (l.length < opts.perMinute) {
          l.push(now);
          return;
        }
        const wait = l[0]! + SPAN_MS - now + 1;
        onWait?.(wait);
        await opts.sleep(wait);
      }
    },
    exhaust(node) {
      const l = list(node);
      const now = opts.now();
      l.length = 0;
      for (let i = 0; i < opts.perMinute; i++) l.push(now);
    },
  };
}
