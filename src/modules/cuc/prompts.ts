/**
 * The Unity Connection module's MCP prompt ("Unity mailbox audit"): a
 * ready-made plan an agent follows with the cuc_ tools, ending with the report to produce.
 * Read-only steps only (GET requests and `show` commands).
 */
import { definePrompt, type PromptDefinition } from "../../mcp/prompts.ts";
import { reportSteps } from "../uc/report-steps.ts";

/** The module's prompts. */
export const CUC_PROMPTS: PromptDefinition[] = [
  definePrompt({
    name: "cuc_mailbox_audit",
    title: "Unity Connection mailbox audit",
    description: "Audits Unity Connection users, mailboxes and call handlers with read-only CUPI requests.",
    product: "cuc",
    arguments: [
      { name: "host", description: "Unity Connection publisher host name or IP", required: true },
      { name: "aliasFilter", description: "optional CUPI query, e.g. (alias startswith j)" },
    ],
    render: (a) =>
      [
        `Audit the voicemail users of Unity Connection ${a["host"] ?? "<host>"}${a["aliasFilter"] ? ` matching ${a["aliasFilter"]}` : ""}.`,
        "1. cuc_check_connectivity on the host; stop and report if CUPI fails.",
        "2. cuc_get_version.",
        `3. cuc_cupi_call GET users${a["aliasFilter"] ? ` with query {"query":"${a["aliasFilter"]}"}` : ""} (paged for you; note 'truncated').`,
        "4. For users that look wrong (no DtmfAccessId/extension, no SMTP address, not listed in the directory, a class of service you did not expect), cuc_cupi_call GET users/<ObjectId> for the details.",
        "5. cuc_cupi_call GET handlers/callhandlers and GET distributionlists: handlers without an owner or extension, empty lists.",
        "6. Optionally cuc_os_run_command 'show status' and 'utils service list' for the node itself.",
        "Findings to record: counts (users, handlers, lists), each user with a problem and the problem, unused handlers and empty lists, and concrete fixes (what PUT would change what). Do not change anything.",
        ...reportSteps(7, "Unity Connection mailbox audit", ["Versions", "Users", "Call handlers and lists", "Node"]),
      ].join("\n"),
  }),
];
