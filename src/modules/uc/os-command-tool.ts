/**
 * `<product>_os_run_command`: one VOS CLI command over SSH (interactive shell, pagination off);
 * CUCM, IM&Presence and Unity Connection run the same Cisco VOS CLI. The framework matches the
 * NORMALISED command against the profile's SSH allowlist (chaining, control characters and
 * look-alikes refused); the same normalised text is what gets sent. The node's host key must be
 * trusted: unknown → UntrustedHostKeyError with the fingerprint and the trust tool to call;
 * changed → HostKeyChangedError, and the refusal is audited. A command that asks a question
 * (`utils system restart`) goes ahead only with `confirm: true`, which the profile must allow in
 * `ssh.confirm_prefixes`; otherwise the question is declined and handed back. Each command family
 * has its own timeout (command-timeouts.ts); `timeout_s` chooses one within limits.
 */
import * as v from "valibot";
import { commandAction } from "../../mcp/action.ts";
import { ValidationError } from "../../mcp/errors.ts";
import { type AnyTool, defineTool, type ToolContext, toolResult } from "../../mcp/tool.ts";
import { isProtocolError } from "../../protocols/errors.ts";
import { defaultCommandTimeoutMs, VOS_TIMEOUT_LIMITS } from "../../protocols/vos-ssh/command-timeouts.ts";
import { normaliseSshCommand } from "../../rbac/normalise.ts";
import type { UcDeps } from "./deps.ts";
import { hostField, hostOf, vosTarget } from "./targets.ts";

/** Audits a host-key refusal (`fingerprint.rejected`) seen by any SSH path of a module. */
export function auditHostKeyRefusal(ctx: ToolContext, err: unknown, host: string, port: number): void {
  if (!isProtocolError(err, "UNTRUSTED_HOST_KEY", "HOST_KEY_CHANGED")) return;
  ctx.audit.event("fingerprint.rejected", {
    client: ctx.principal.clientName,
    host,
    port,
    reason: err.code === "HOST_KEY_CHANGED" ? "changed" : "untrusted",
    presented: err.details.fingerprint,
    ...(err.code === "HOST_KEY_CHANGED" ? { trusted: err.details["pinned"] } : {}),
  });
}

/** The VOS CLI's closing line for a command it does not know or could not run. */
const VOS_FAILED = /^Executed command unsuccessfully\s*$/m;

/** The SSH command tool of the deps' product. */
export function osCommandTool(deps: UcDeps): AnyTool {
  const product = deps.product;
  return defineTool({
    name: `${product}_os_run_command`,
    title: "Run a VOS CLI command",
    description: `One VOS CLI command over SSH, e.g. show status. A confirmation question is declined unless confirm: true.`,
    input: v.object({
      host: hostField(product),
      command: v.pipe(v.string(), v.minLength(1), v.maxLength(512), v.description("e.g. utils service list")),
      confirm: v.optional(v.pipe(v.boolean(), v.description("only when the user asked for the action"))),
      timeout_s: v.optional(
        v.pipe(
          v.number(),
          v.integer(),
          v.minValue(VOS_TIMEOUT_LIMITS.min),
          v.maxValue(VOS_TIMEOUT_LIMITS.max),
          v.description("default by command"),
        ),
      ),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    product,
    service: "os",
    access: (i) => ({ service: "ssh", product, command: i.command, confirm: i.confirm === true }),
    bucket: "ssh",
    host: (i) => i.host,
    answer: { textIncludesData: true },
    output: v.object({
      host: v.string(),
      command: v.string(),
      output: v.string(),
      truncated: v.boolean(),
      answered: v.unknown(),
      /** A question was answered yes (the call said confirm: true). */
      confirmed: v.boolean(),
      /** The question that was declined: the command did not go ahead. */
      question: v.optional(v.string()),
      notDone: v.optional(v.boolean()),
      sessionClosedByNode: v.optional(v.boolean()),
    }),
    action: (i) => ({ ...commandAction(i.command), ...(i.confirm === true ? { confirm: true } : {}) }),
    async handler(input, ctx) {
      const host = hostOf(input.host);
      const command = normaliseSshCommand(input.command);
      if (!command.ok) throw new ValidationError(`Invalid command: ${command.reason}`, [`command: ${command.reason}`]);
      const target = vosTarget(ctx.vault, deps, host);
      try {
        const timeoutMs =
          input.timeout_s === undefined
            ? defaultCommandTimeoutMs(command.value, target.timeoutMs)
            : input.timeout_s * 1000;
        const res = await deps.ssh.run(target, command.value, { confirm: input.confirm === true, timeoutMs });
        const base = {
          host,
          command: command.value,
          output: res.output,
          truncated: res.truncated,
          answered: res.answered,
          confirmed: input.confirm === true && res.answered.some((a) => a === "yes-no" || a === "y-n"),
        };
        if (res.question !== undefined) {
          return toolResult(
            `Not done: ${host} asked "${res.question}" and the question was declined, so the command did not go ahead. ` +
              "If the user wants this action, call again with confirm: true (your profile must list the command in ssh.confirm_prefixes).",
            { ...base, question: res.question, notDone: true },
          );
        }
        const closing = res.closedByNode
          ? `\n(${host} closed the session after the confirmation, as a restart does)`
          : "";
        // VOS answers a command it does not know, or one that failed, with this line and no
        // other sign: the agent must see a failure, not an output to read.
        if (VOS_FAILED.test(res.output))
          return {
            ...toolResult(
              `${host} did not run '${command.value}': ${res.output.trim().split("\n").slice(-3).join(" / ")}`,
              { ...base, failed: true },
            ),
            isError: true,
          };
        return toolResult(res.output + (res.truncated ? "\n… (output truncated)" : "") + closing, {
          ...base,
          ...(res.closedByNode ? { sessionClosedByNode: true } : {}),
        });
      } catch (err) {
        auditHostKeyRefusal(ctx, err, host, target.port);
        throw err;
      }
    },
  });
}
