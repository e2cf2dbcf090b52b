/**
 * The matching rules of docs/profiles.md, applied to normalised input:
 * product scope; AXL prefix / exact on the operation name (case-sensitive); SSH prefix on a
 * word boundary (missing `ssh` section = no SSH; a confirmed command must also match
 * `confirm_prefixes`); CUPI `METHOD /path` prefix on a segment
 * boundary; RIS and phone need their section. Tool-level rules (`tools.allow` / `tools.deny`)
 * live in tool-rules.ts.
 */
import { RBAC_PATTERNS } from "../util/patterns.ts";
import { normaliseAxlOperation, normaliseCupiRequest, normaliseSshCommand } from "./normalise.ts";
import type { Product, Profile } from "./profile-schema.ts";

/** What a tool call wants to do, as far as RBAC cares. */
export type AccessRequest =
  | { service: "axl"; product: "cucm" | "imp"; operation: string }
  | { service: "ssh"; product: Product; command: string; confirm?: boolean }
  | { service: "cupi"; method: string; path: string }
  | { service: "ris" }
  | { service: "phone" }
  | { service: "product"; product: Product }
  | ServiceabilityRequest
  | LogsRequest;

/**
 * A logs request (docs/logs-and-traces.md): listing log files, downloading them, CDR files,
 * packet captures. Each is its own switch in the profile's cucm.logs section.
 */
export interface LogsRequest {
  service: "logs";
  product: "cucm";
  action: "collect" | "download" | "cdr" | "capture";
}

/**
 * A Serviceability request (docs/serviceability.md): reading status, catalogue, DRF and
 * certificates; PerfMon objects; starting / stopping / restarting services; setting trace levels.
 */
export interface ServiceabilityRequest {
  service: "serviceability";
  product: "cucm" | "imp";
  action: "status" | "perfmon" | "control" | "trace";
  /** For control: which action. */
  control?: "start" | "stop" | "restart";
  /** Service names (control), VOS trace task names (trace) or PerfMon object names (perfmon). */
  names?: string[];
}

/** The verdict; `normalised` is the value that was matched (log it, use it). */
export type AccessDecision = { allowed: true; normalised?: string } | { allowed: false; reason: string };

const no = (reason: string): AccessDecision => ({ allowed: false, reason });

/** True when the profile's product_scope covers `product`. */
export function inScope(profile: Profile, product: Product): boolean {
  return profile.product_scope.includes("all") || profile.product_scope.includes(product);
}

function productOf(request: AccessRequest): Product {
  if (request.service === "cupi") return "cuc";
  if (request.service === "ris" || request.service === "phone") return "cucm";
  return request.product;
}

/**
 * A denied CUPI prefix: `METHOD /path` whose `*` segments match any one segment, compared on whole
 * segments and without regard to case (a deny must not be dodged by `/Credential/`).
 */
function deniedCupi(pattern: string, request: string): boolean {
  const [pm, ...pp] = pattern.toLowerCase().split(" ");
  const [rm, ...rp] = request.toLowerCase().split(" ");
  if (pm !== rm) return false;
  const want = pp.join(" ").split("/");
  const have = rp.join(" ").split("/");
  if (want.at(-1) === "") want.pop();
  if (have.length < want.length) return false;
  return want.every((seg, i) => seg === "*" || seg === have[i]);
}

/** Decides one request against one profile. */
export function checkAccess(profile: Profile, request: AccessRequest): AccessDecision {
  const product = productOf(request);
  if (!inScope(profile, product)) return no(`product ${product} is outside the profile's product_scope`);
  switch (request.service) {
    case "product":
      return { allowed: true };
    case "axl": {
      const section = profile[request.product]?.axl;
      if (section === undefined) return no(`the profile has no ${request.product}.axl section`);
      const op = normaliseAxlOperation(request.operation);
      if (!op.ok) return no(op.reason);
      const exact = section.allowed_exact ?? [];
      const prefixes = section.allowed_prefixes ?? [];
      if (exact.includes(op.value) || prefixes.some((p) => op.value.startsWith(p)))
        return { allowed: true, normalised: op.value };
      return no(`AXL operation ${op.value} matches no allowed prefix or exact name`);
    }
    case "ssh": {
      const section = profile[request.product]?.ssh;
      if (section === undefined) return no(`the profile has no ${request.product}.ssh section: SSH is denied`);
      const cmd = normaliseSshCommand(request.command);
      if (!cmd.ok) return no(cmd.reason);
      const matches = (list: string[] | undefined) =>
        (list ?? []).some((p) => {
          const prefix = p.replace(RBAC_PATTERNS.spaces, " ").trim();
          return cmd.value === prefix || cmd.value.startsWith(`${prefix} `);
        });
      if (!matches(section.allowed_prefixes)) return no(`command "${cmd.value}" matches no allowed prefix`);
      if (request.confirm === true && !matches(section.confirm_prefixes))
        return no(
          `command "${cmd.value}" may run but not be confirmed: it matches none of ${request.product}.ssh.confirm_prefixes`,
        );
      return { allowed: true, normalised: cmd.value };
    }
    case "cupi": {
      const section = profile.cuc?.cupi;
      if (section === undefined) return no("the profile has no cuc.cupi section");
      const req = normaliseCupiRequest(request.method, request.path);
      if (!req.ok) return no(req.reason);
      const ok = (section.allowed_prefixes ?? []).some(
        (p) => req.value === p || (req.value.startsWith(p) && (p.endsWith("/") || req.value[p.length] === "/")),
      );
      if (!ok) return no(`CUPI call ${req.value} matches no allowed prefix`);
      const denied = (section.denied_prefixes ?? []).find((p) => deniedCupi(p, req.value));
      return denied === undefined
        ? { allowed: true, normalised: req.value }
        : no(`CUPI call ${req.value} is denied by the profile (cuc.cupi.denied_prefixes: ${denied})`);
    }
    case "serviceability":
      return checkServiceability(profile, request);
    case "logs": {
      const section = profile.cucm?.logs;
      if (section === undefined) return no("the profile has no cucm.logs section");
      return section[request.action] === true ? { allowed: true } : no(`cucm.logs.${request.action} is not true`);
    }
    case "ris":
      return profile.cucm?.ris === undefined ? no("the profile has no cucm.ris section") : { allowed: true };
    case "phone":
      return profile.cucm?.phone?.screenshot === true
        ? { allowed: true }
        : no("the profile does not allow phone screenshots");
  }
}

/** A name list allows `name` when it holds "*" or the name (service names compare case-insensitively). */
function listed(list: readonly string[] | undefined, name: string): boolean {
  return (list ?? []).some((entry) => entry === "*" || entry.toLowerCase() === name.trim().toLowerCase());
}

function checkServiceability(profile: Profile, request: ServiceabilityRequest): AccessDecision {
  const section = profile[request.product]?.serviceability;
  const where = `${request.product}.serviceability`;
  if (section === undefined) return no(`the profile has no ${where} section`);
  const names = request.names ?? [];
  switch (request.action) {
    case "status":
      return section.status === true ? { allowed: true } : no(`${where}.status is not true`);
    case "perfmon": {
      if (section.perfmon_objects === undefined) return no(`${where} lists no perfmon_objects`);
      const refused = names.find((n) => !listed(section.perfmon_objects, n));
      return refused === undefined
        ? { allowed: true }
        : no(`PerfMon object "${refused}" is not in ${where}.perfmon_objects`);
    }
    case "control": {
      const action = request.control ?? "restart";
      if (!(section.control_actions ?? []).includes(action))
        return no(`${where}.control_actions does not allow ${action}`);
      const refused = names.find((n) => !listed(section.control_services, n));
      return refused === undefined ? { allowed: true } : no(`service "${refused}" is not in ${where}.control_services`);
    }
    case "trace":
      return section.trace_set === true ? { allowed: true } : no(`${where}.trace_set is not true`);
  }
}

/** RIS filters for the RIS tool to apply (absent = no filter, docs/profiles.md). */
export function risFilters(profile: Profile): { deviceClasses?: string[]; statuses?: string[] } {
  const ris = profile.cucm?.ris;
  return { deviceClasses: ris?.allowed_device_classes, statuses: ris?.allowed_statuses };
}
