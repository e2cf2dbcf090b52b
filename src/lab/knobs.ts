/**
 * The lab's fault knobs (`LabKnobs` in contracts.ts): one store per lab, read by every service on
 * every request, changed at run time by tests through the admin endpoint (knobs-admin.ts). One-shot
 * counters are consumed by `take`, so "the next N requests" is exact across services.
 */
import type { LabKnobs, LabKnobValues } from "./contracts.ts";

/** The defaults: no faults, Cisco's RIS budget, AXL 12.5, 14.0 and 15.0, a VOS login as slow as a real one. */
const DEFAULT_KNOBS: Readonly<LabKnobValues> = Object.freeze({
  latencyMs: 0,
  axlWriteQueueDepth: 0,
  axl503Count: 0,
  axlMemoryFaultCount: 0,
  resetCount: 0,
  malformedCount: 0,
  hugeResponseBytes: 0,
  hugeResponseCount: 0,
  risPerMinute: 15,
  clockSpeed: 1,
  axlVersions: ["12.5", "14.0", "15.0"],
  vosLoginDelayMs: 5000,
  toolkitRefusedStatus: 0,
  axlTooLargeWording: "suggestive",
  axlSqlDisconnectRows: 0,
  axlSession401Count: 0,
  risMaxPerReply: 2000,
  risStateInfoPaging: "pages",
  risExtWildcards: "match",
});

/** Knobs that take one of a few words. */
const WORD_KNOBS: Readonly<Record<string, readonly string[]>> = {
  axlTooLargeWording: ["suggestive", "suggested"],
  risStateInfoPaging: ["pages", "ignored"],
  risExtWildcards: ["match", "refuse"],
};

/** Raised for a knob patch that names an unknown knob or has a wrong type. */
export class KnobError extends Error {
  override readonly name = "KnobError";
  readonly code = "LAB_KNOB_INVALID";
}

/** Creates the store. */
export function createLabKnobs(initial: Partial<LabKnobValues> = {}): LabKnobs {
  let values: LabKnobValues = { ...DEFAULT_KNOBS, axlVersions: [...DEFAULT_KNOBS.axlVersions] };
  const apply = (patch: Partial<LabKnobValues>): void => {
    validateKnobPatch(patch);
    values = { ...values, ...patch };
  };
  apply(initial);
  return {
    get: () => values,
    take(counter) {
      if (values[counter] <= 0) return false;
      values = { ...values, [counter]: values[counter] - 1 };
      return true;
    },
    set: apply,
  };
}

/** Checks a patch; throws KnobError saying what is wrong. */
export function validateKnobPatch(patch: Record<string, unknown>): asserts patch is Partial<LabKnobValues> {
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_KNOBS)) {
      throw new KnobError(`unknown knob "${key}"; known knobs: ${Object.keys(DEFAULT_KNOBS).join(", ")}`);
    }
    if (key === "axlVersions") {
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== "string")) {
        throw new KnobError('knob "axlVersions" must be a non-empty list of strings such as ["14.0", "15.0"]');
      }
    } else if (key in WORD_KNOBS) {
      const words = WORD_KNOBS[key] ?? [];
      if (typeof value !== "string" || !words.includes(value))
        throw new KnobError(`knob "${key}" must be one of ${words.map((w) => `"${w}"`).join(", ")}`);
    } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new KnobError(`knob "${key}" must be a number >= 0`);
    }
  }
}
