/**
 * The start-up remark for keys whose feature is not built yet (marked `notYetAvailable` in the
 * key table): a setting that changes nothing must not pass silently, but it must not stop the
 * server either, so a `.env` written for a later version still loads.
 */
import * as v from "valibot";
import { CONFIG_KEYS, CONFIG_SPEC, type ConfigKey } from "./schema.ts";

/** The keys marked as not yet available, in table order. */
export const NOT_YET_AVAILABLE_KEYS: readonly ConfigKey[] = CONFIG_KEYS.filter(
  (key) => CONFIG_SPEC[key].notYetAvailable === true,
);

/**
 * One warning naming every not-yet-available key whose written value means something other
 * than its default (so `BACKUP_ENABLED=False` next to the default `0` stays quiet), or
 * undefined when there is none. `written` holds the raw `.env` values.
 */
export function notYetAvailableWarning(written: ReadonlyMap<string, string | undefined>): string | undefined {
  const changed = NOT_YET_AVAILABLE_KEYS.filter((key) => {
    const raw = written.get(key);
    return raw !== undefined && !sameValue(key, raw);
  });
  if (changed.length === 0) return undefined;
  return (
    `${changed.join(", ")} ${changed.length === 1 ? "is" : "are"} set, but ` +
    `${changed.length === 1 ? "its feature is" : "their features are"} not available in this version yet; ` +
    "the setting has no effect"
  );
}

function sameValue(key: ConfigKey, raw: string): boolean {
  const spec = CONFIG_SPEC[key];
  const schema = spec.schema as v.GenericSchema<string, unknown>;
  const value = v.safeParse(schema, raw);
  const fallback = v.safeParse(schema, spec.default);
  return value.success && fallback.success && JSON.stringify(value.output) === JSON.stringify(fallback.output);
}
