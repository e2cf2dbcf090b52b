/**
 * `cucm_phone_screenshot`: the current screen of a phone. The phone's IP
 * comes from RisPort70 by device name (never from the agent, so the bridge cannot be pointed at
 * arbitrary addresses); the caller's stored phone credentials for the CUCM host are used (their
 * optional port too, and their explicit plain-HTTP choice; HTTPS otherwise, with no fallback);
 * BMP screens are converted to PNG. The result is MCP image content,
 * optionally also saved to the caller's reports/ directory (atomic write).
 */
import { join } from "node:path";
import * as v from "valibot";
import { clientPaths } from "../../clients/client-paths.ts";
import { writeFileAtomic } from "../../fs/atomic.ts";
import { NotFoundError } from "../../mcp/errors.ts";
import { onService } from "../../mcp/protocol-errors.ts";
import { type AnyTool, defineTool } from "../../mcp/tool.ts";
import { fetchScreenshot } from "../../protocols/phone/screenshot.ts";
import { CUCM_TOOL_PATTERNS } from "../../util/patterns.ts";
import { credentialFor, hostField, hostOf, risTarget } from "../uc/targets.ts";
import type { CucmDeps } from "./deps.ts";

/** The screenshot tool. */
export function screenshotTool(deps: CucmDeps): AnyTool {
  return defineTool({
    name: "cucm_phone_screenshot",
    title: "Phone screenshot",
    description: "PNG of a registered phone's screen by device name; IP from RisPort70, your phone credentials.",
    input: v.object({
      host: hostField("cucm"),
      deviceName: v.pipe(v.string(), v.regex(CUCM_TOOL_PATTERNS.deviceName, "expected a CUCM device name")),
      save: v.optional(v.boolean(), false),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    product: "cucm",
    service: "phone",
    access: () => ({ service: "phone" }),
    bucket: "phone",
    host: (i) => i.host,
    action: (i) => ({ deviceName: i.deviceName, save: i.save }),
    answer: { textIncludesData: true },
    output: v.object({
      host: v.string(),
      device: v.string(),
      ip: v.string(),
      source: v.string(),
      mimeType: v.string(),
      saved: v.nullable(v.string()),
    }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const phoneCred = credentialFor(ctx.vault, "cucm", "phone", host);
      const target = risTarget(ctx.vault, deps, host);
      const found = await onService("ris", () =>
        deps.ris.selectCmDevice(target, { selectBy: "Name", items: [input.deviceName] }, { signal: ctx.signal }),
      );
      const device = found.devices.find((d) => d.name.toLowerCase() === input.deviceName.toLowerCase());
      if (device?.ipv4 === undefined)
        throw new NotFoundError(
          device === undefined
            ? `RisPort70 on ${host} knows no device ${input.deviceName}`
            : `${input.deviceName} is ${device.status} and has no IPv4 address in RisPort70`,
          "Check the name with cucm_risport_query; only registered phones with Web Access can be captured.",
        );
      const ip = device.ipv4;
      const shot = await fetchScreenshot(deps.fetch, {
        ip,
        ...(phoneCred.port === undefined ? {} : { port: phoneCred.port }),
        username: phoneCred.username,
        password: phoneCred.password,
        timeoutMs: deps.settings.phoneScreenshotTimeoutMs ?? 10_000,
        plainHttp: phoneCred.plainHttp === true,
      });
      let saved: string | undefined;
      if (input.save) {
        const stamp = new Date().toISOString().replaceAll(":", "-");
        const name = `screenshot-${device.name}-${stamp}`.replace(CUCM_TOOL_PATTERNS.unsafeFileChars, "_");
        saved = `${name}.${shot.mimeType === "image/png" ? "png" : "jpg"}`;
        writeFileAtomic(join(clientPaths(deps.clientsDir, ctx.principal.clientName).reportsDir, saved), shot.data);
      }
      return {
        content: [
          { type: "image", data: Buffer.from(shot.data).toString("base64"), mimeType: shot.mimeType },
          {
            type: "text",
            text: `Screen of ${device.name} (${ip}, ${device.status} on ${device.node}; phone sent ${shot.source}${phoneCred.plainHttp === true ? "; over plain HTTP as the stored phone credentials allow: the password travelled in clear" : ""})${saved ? `; saved to reports/${saved}` : ""}`,
          },
        ],
        structuredContent: {
          host,
          device: device.name,
          ip,
          source: shot.source,
          mimeType: shot.mimeType,
          saved: saved ?? null,
        },
      };
    },
  });
}
