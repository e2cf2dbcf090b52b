/**
 * The device names a RIS selection covers, from the CUCM database over AXL (`executeSQLQuery` on
 * `device.name`), so a short RisPort70 answer can be completed by asking for the missing names.
 * RIS wildcards (`*`) become SQL `LIKE` patterns (`%`); quotes are doubled. The lookup uses the
 * caller's own AXL credentials and only when the caller's profile allows executeSQLQuery.
 */
import type { ToolContext } from "../../mcp/tool.ts";
import { executeSqlQuery } from "../../protocols/axl/sql.ts";
import { checkAccess } from "../../rbac/access.ts";
import { axlTarget } from "../uc/targets.ts";
import type { CucmDeps } from "./deps.ts";

/** The SQL that lists the names matching RIS items (`*` wildcards). */
export function namesSql(items: string[]): string {
  const conditions = items.map((item) => {
    const quoted = item.replaceAll("'", "''");
    return item.includes("*") ? `name LIKE '${quoted.replaceAll("*", "%")}'` : `name = '${quoted}'`;
  });
  return `SELECT name FROM device WHERE ${conditions.join(" OR ")} ORDER BY name`;
}

/** A `namesFor` for the RIS client, or undefined when the caller may not run the SQL. */
export function risNamesFromAxl(
  deps: CucmDeps,
  ctx: ToolContext,
  host: string,
): ((items: string[]) => Promise<string[]>) | undefined {
  const allowed = checkAccess(ctx.profile, { service: "axl", product: "cucm", operation: "executeSQLQuery" });
  if (!allowed.allowed) return undefined;
  return async (items) => {
    const target = { ...axlTarget(ctx.vault, deps, host), version: deps.axl.knownVersion(host) ?? "15.0" };
    const res = await executeSqlQuery(deps.axl, target, namesSql(items), { signal: ctx.signal });
    return res.rows.map((r) => r["name"] ?? "").filter((n) => n !== "");
  };
}
