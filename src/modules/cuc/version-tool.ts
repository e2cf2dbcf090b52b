/**
 * `cuc_get_version`: the Unity Connection version from the CUPI version
 * resource `GET /vmrest/version/product` (Cisco "CUPI API -- Version" guide), answered as
 * `VersionInformation` with `version` (e.g. 15.0.1.10000-19). Cheap; proves the stored CUPI
 * credentials work.
 */
import * as v from "valibot";
import { type AnyTool, defineTool, toolResult } from "../../mcp/tool.ts";
import type { CupiTarget } from "../../protocols/cupi/client.ts";
import { cupiTarget, hostField, hostOf } from "../uc/targets.ts";
import type { CucDeps } from "./deps.ts";

/** The path of the CUPI version resource. */
export const CUPI_VERSION_PATH = "/vmrest/version/product";

/** Reads the version string out of a version answer (`{version}` or `{VersionInformation:{version}}`). */
export function versionOf(data: unknown): string {
  const obj = data !== null && typeof data === "object" ? (data as Record<string, unknown>) : {};
  const inner = obj["VersionInformation"];
  const src = inner !== null && typeof inner === "object" ? (inner as Record<string, unknown>) : obj;
  return typeof src["version"] === "string" ? src["version"] : "";
}

/** Fetches the version of a node (shared with the connectivity check). */
export async function fetchCucVersion(
  svc: Pick<CucDeps, "cupi">,
  target: CupiTarget,
  signal: AbortSignal,
): Promise<string> {
  const res = await svc.cupi.request(target, { method: "GET", path: CUPI_VERSION_PATH, signal });
  return versionOf(res.data);
}

/** The version tool. */
export function versionTool(deps: CucDeps): AnyTool {
  return defineTool({
    name: "cuc_get_version",
    title: "Unity Connection version",
    description: "Unity Connection version of a node; a cheap credential test.",
    input: v.object({ host: hostField("cuc") }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product: "cuc",
    service: "cupi",
    access: () => ({ service: "cupi", method: "GET", path: CUPI_VERSION_PATH }),
    bucket: "cupi",
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), version: v.string() }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const version = await fetchCucVersion(deps, cupiTarget(ctx.vault, deps, host), ctx.signal);
      return toolResult(`${host} runs Unity Connection ${version}`, { host, version });
    },
  });
}
