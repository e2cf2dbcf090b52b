/**
 * The version of a node with an AXL interface, via AXL getCCMVersion (AXL Developer Guide; IM&P
 * answers it with its own version), plus the AXL schema version the bridge negotiated with it.
 * Serves `<product>_get_version` and the AXL step of the connectivity checks.
 */

import * as v from "valibot";
import { defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { type AxlClient, type AxlTarget, axlReturn } from "../../protocols/axl/client.ts";
import { objectOf, textOf } from "../../protocols/soap/shape.ts";
import type { UcDeps } from "./deps.ts";
import { step, tcpProbe, tlsProbe } from "./probes.ts";
import { type ProductWith, productLabel } from "./products.ts";
import type { Steps } from "./step-runner.ts";
import { axlTarget, hostField, hostOf, portFor } from "./targets.ts";

/** The node's version and the AXL schema version used. */
export async function axlVersion(
  axl: AxlClient,
  target: AxlTarget,
  signal: AbortSignal,
): Promise<{ version: string; axlVersion: string }> {
  const res = await axl.call(target, "getCCMVersion", {}, { signal });
  const version = textOf(objectOf(objectOf(axlReturn(res))["componentVersion"])["version"]) ?? "";
  return { version, axlVersion: res.version };
}

/** The AXL steps of a connectivity check: TCP, verified TLS, login and version. */
export function axlSteps(ctx: ToolContext, deps: UcDeps<ProductWith<"axl">> & { axl: AxlClient }, host: string): Steps {
  const port = portFor(ctx.vault, deps, "axl", host, deps.settings.httpsPort);
  const t = deps.settings.requestTimeoutMs;
  return [
    () => step("tcp", () => tcpProbe(host, port, t)),
    () => step("tls", () => tlsProbe(deps.fetch, host, port, deps.tls, t, deps.product)),
    () =>
      step("version", async () => {
        const got = await axlVersion(deps.axl, axlTarget(ctx.vault, deps, host), ctx.signal);
        return `authenticated; ${productLabel(deps.product)} ${got.version}, AXL schema ${got.axlVersion}`;
      }),
  ];
}

/** `<product>_get_version` for a product with an AXL interface; `text` is written for that product. */
export function axlVersionTool(
  deps: UcDeps<ProductWith<"axl">> & { axl: AxlClient },
  text: { title: string; description: string },
) {
  const product = deps.product;
  return defineTool({
    name: `${product}_get_version`,
    title: text.title,
    description: text.description,
    input: v.object({ host: hostField(product) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    product,
    service: "axl",
    access: () => ({ service: "axl", product, operation: "getCCMVersion" }),
    bucket: "axl",
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({ host: v.string(), version: v.string(), axlVersion: v.string() }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const got = await axlVersion(deps.axl, axlTarget(ctx.vault, deps, host), ctx.signal);
      return toolResult(`${host} runs ${productLabel(product)} ${got.version} (AXL schema ${got.axlVersion})`, {
        host,
        ...got,
      });
    },
  });
}
