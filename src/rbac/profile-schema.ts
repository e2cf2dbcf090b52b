/**
 * The profile file format (docs/profiles.md, "Structure"), as valibot
 * schemas. PROFILE_SCHEMA_STRICT=1 refuses unknown keys anywhere (a typo like `allowed_prefix`
 * would otherwise silently grant nothing); 0 ignores them. Our one extension is the optional
 * `tools` section (allow / deny globs over tool names), documented in docs/profiles.md.
 */
import * as v from "valibot";
import { PRODUCT_NAMES, type Product } from "../modules/uc/products.ts";
import { RBAC_PATTERNS } from "../util/patterns.ts";

const rate = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000));
const strings = v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200)));
const globs = v.array(v.pipe(v.string(), v.regex(RBAC_PATTERNS.toolGlob, "a tool glob uses a-z, 0-9, _ and *")));

function build(strict: boolean) {
  // Loose mode drops unknown keys (v.object); strict mode refuses them. Same output type.
  const obj = (strict ? v.strictObject : v.object) as typeof v.strictObject;
  const axl = obj({ rate_limit: rate, allowed_prefixes: v.optional(strings), allowed_exact: v.optional(strings) });
  const ssh = obj({ rate_limit: rate, allowed_prefixes: v.optional(strings), confirm_prefixes: v.optional(strings) });
  const ris = obj({
    rate_limit: rate,
    allowed_device_classes: v.optional(strings),
    allowed_statuses: v.optional(strings),
  });
  const phone = obj({ rate_limit: rate, screenshot: v.optional(v.boolean()) });
  const cupi = obj({ rate_limit: rate, allowed_prefixes: v.optional(strings), denied_prefixes: v.optional(strings) });
  // Serviceability APIs (docs/serviceability.md): reads, PerfMon objects, service control, traces.
  const serviceability = obj({
    rate_limit: rate,
    status: v.optional(v.boolean()),
    perfmon_objects: v.optional(strings),
    control_services: v.optional(strings),
    control_actions: v.optional(v.array(v.picklist(["start", "stop", "restart"]))),
    trace_set: v.optional(v.boolean()),
  });
  // Logs, traces, CDR and captures (docs/logs-and-traces.md): each capability is off unless true.
  const logs = obj({
    rate_limit: rate,
    collect: v.optional(v.boolean()),
    download: v.optional(v.boolean()),
    cdr: v.optional(v.boolean()),
    capture: v.optional(v.boolean()),
  });
  return obj({
    description: v.optional(v.string()),
    product_scope: v.array(v.picklist([...PRODUCT_NAMES, "all"])),
    cucm: v.optional(
      obj({
        axl: v.optional(axl),
        ris: v.optional(ris),
        ssh: v.optional(ssh),
        phone: v.optional(phone),
        serviceability: v.optional(serviceability),
        logs: v.optional(logs),
      }),
    ),
    imp: v.optional(obj({ axl: v.optional(axl), ssh: v.optional(ssh), serviceability: v.optional(serviceability) })),
    cuc: v.optional(obj({ cupi: v.optional(cupi), ssh: v.optional(ssh) })),
    common: v.optional(
      obj({ report: v.optional(obj({ rate_limit: rate })), mcp: v.optional(obj({ rate_limit: rate })) }),
    ),
    tools: v.optional(obj({ allow: v.optional(globs), deny: v.optional(globs) })),
  });
}

const STRICT = build(true);
const LOOSE = build(false);

/** A validated profile. */
export type Profile = v.InferOutput<typeof STRICT>;
/** A product a profile can scope (from the product table). */
export type { Product };

/** Parse result: the profile, or one line per problem saying where and what. */
export type ProfileParse = { ok: true; profile: Profile } | { ok: false; problems: string[] };

/** Validates the parsed JSON of one profile file. */
function parseProfile(json: unknown, strict: boolean): ProfileParse {
  const result = v.safeParse(strict ? STRICT : LOOSE, json);
  if (result.success) return { ok: true, profile: result.output as Profile };
  return {
    ok: false,
    problems: result.issues.map((i) => `${v.getDotPath(i) ?? "(root)"}: ${i.message}`),
  };
}

/** Validates the text of one profile file (JSON syntax first). */
export function parseProfileText(text: string, strict: boolean): ProfileParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  return parseProfile(json, strict);
}
