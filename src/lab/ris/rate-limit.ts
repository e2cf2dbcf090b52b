/**
 * The RisPort70 query budget: "Allowed Device Queries Per Minute" (Enterprise Parameter,
 * default 15), counted per node across all clients over a sliding 60-second window, as the
 * simulators we learned from do. The clock is injected and scaled by the lab's clock speed so
 * a benchmark can run minutes of RIS traffic in seconds.
 */

/** Cisco's fault text when the budget is spent (the "Reatime" typo is CUCM's own). */
export function risRateFaultText(perMinute: number): string {
  return `AxisFault: Exceeded allowed rate for Reatime information. Current allowed rate for realtime information is ${perMinute} requests per minute.`;
}

const WINDOW_MS = 60_000;

/** A sliding-window counter. `admit(labNowMs, limit)` records and returns true while within budget. */
export function createRateWindow(): { admit(labNowMs: number, limit: number): boolean } {
  const stamps: number[] = [];
  return {
    admit(labNowMs, limit) {
      while (stamps.length > 0 && stamps[0]! <= labNowMs - WINDOW_MS) stamps.shift();
      if (stamps.length >= limit) return false;
      stamps.push(labNowMs);
      return true;
    },
  };
}
