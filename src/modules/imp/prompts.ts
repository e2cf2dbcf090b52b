/**
 * The IM&Presence module's MCP prompt ("IM&P health"): a ready-made plan
 * an agent follows with the imp_ tools, ending with the report to produce. Read-only steps only.
 */
import { definePrompt, type PromptDefinition } from "../../mcp/prompts.ts";
import { reportSteps } from "../uc/report-steps.ts";

/** The module's prompts. */
export const IMP_PROMPTS: PromptDefinition[] = [
  definePrompt({
    name: "imp_health_check",
    title: "IM&Presence health check",
    description: "Step-by-step health check of an IM&Presence node and its presence users with the bridge's tools.",
    product: "imp",
    arguments: [{ name: "host", description: "IM&Presence publisher host name or IP", required: true }],
    render: (a) =>
      [
        `Check the health of the IM&Presence cluster whose publisher is ${a["host"] ?? "<host>"}.`,
        "1. imp_check_connectivity on the host; stop and report if AXL fails (SSH may need an admin to trust the host key first).",
        "2. imp_get_version.",
        "3. imp_axl_call executeSQLQuery: select name, isactive from processnode; then select name, highavailability from presenceredundancygroup.",
        "4. imp_axl_call executeSQLQuery: select p.name, count(*) as users from enduser e join processnode p on p.pkid = e.primarynodeid group by p.name (users homed per node; also count users with no primarynodeid).",
        "5. imp_os_run_command: 'show status', 'utils service list', 'utils dbreplication runtimestate', 'utils ntp status' (skip commands your profile denies).",
        "Findings to record: version, nodes and their state, redundancy groups with high availability on/off, users per node and unassigned users, stopped services, replication and NTP state, CPU/memory/disk, and concrete next actions. Do not change anything.",
        ...reportSteps(6, "IM&Presence health", ["Versions", "Nodes and redundancy", "Users", "Services"]),
      ].join("\n"),
  }),
];
