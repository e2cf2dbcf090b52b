/**
 * `bridge_whoami` (every profile): who the bridge thinks you are, which profile
 * applies, which tools you may call and how much rate budget remains, so an agent can plan
 * before it hits a denial.
 */
import * as v from "valibot";
import { defineTool, toolResult } from "../../mcp/tool.ts";

/** The tool. */
export const whoamiTool = defineTool({
  name: "bridge_whoami",
  title: "Who am I",
  description: "Your client, profile, scope, allowed tools and remaining rate budget.",
  input: v.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  output: v.object({
    client: v.string(),
    subject: v.string(),
    profile: v.string(),
    tokenKind: v.string(),
    tokenExpiresAt: v.string(),
    productScope: v.array(v.string()),
    allowedTools: v.array(v.string()),
    rateBudget: v.record(v.string(), v.unknown()),
  }),
  async handler(_input, ctx) {
    const p = ctx.principal;
    const data = {
      client: p.clientName,
      subject: p.subject,
      profile: p.profile,
      tokenKind: p.tokenKind,
      tokenExpiresAt: new Date(p.expiresAt * 1000).toISOString(),
      productScope: ctx.profile.product_scope,
      allowedTools: ctx.allowedTools(),
      rateBudget: ctx.budget(),
    };
    const text = `You are client ${data.client} (subject ${data.subject}) with profile ${data.profile}; scope ${data.productScope.join(", ")}; ${data.allowedTools.length} tools allowed.`;
    return toolResult(text, data);
  },
});
