/**
 * The CUCM module's MCP prompts (PRODUCT.md section 9): ready-made plans an agent can follow
 * with the cucm_ tools — a cluster health check, a phone inventory and registration review, and
 * troubleshooting a phone that will not register.
 */
import { definePrompt, type PromptDefinition } from "../../mcp/prompts.ts";

const hostArg = { name: "host", description: "CUCM publisher host name or IP", required: true };

/** The module's prompts. */
export const CUCM_PROMPTS: PromptDefinition[] = [
  definePrompt({
    name: "cucm_cluster_health_check",
    title: "CUCM cluster health check",
    description: "Step-by-step health check of a CUCM cluster with the bridge's tools.",
    product: "cucm",
    arguments: [hostArg],
    render: (a) =>
      [
        `Check the health of the CUCM cluster whose publisher is ${a["host"] ?? "<host>"}.`,
        "1. cucm_check_connectivity on the host; stop and report if AXL fails.",
        "2. cucm_get_version.",
        "3. cucm_os_run_command: 'show status', 'utils service list', 'utils dbreplication runtimestate', 'show network cluster' (skip commands your profile denies).",
        "4. cucm_risport_query with status 'UnRegistered' and then 'Rejected' to count devices that are not registered, grouped by node and status reason.",
        "Report: version, node list, stopped services, replication state, CPU/memory/disk from show status, unregistered counts, and concrete next actions. Do not change anything.",
      ].join("\n"),
  }),
  definePrompt({
    name: "cucm_phone_inventory_review",
    title: "Phone inventory and registration review",
    description: "Compares configured phones (AXL) with their real-time registration (RIS).",
    product: "cucm",
    arguments: [hostArg, { name: "namePattern", description: "device name pattern, e.g. SEP* (default all)" }],
    render: (a) =>
      [
        `Review the phones of ${a["host"] ?? "<host>"} matching ${a["namePattern"] ?? "*"}.`,
        "1. cucm_axl_call executeSQLQuery: select d.name, d.description, tm.name as model from device d join typemodel tm on tm.enum = d.tkmodel where d.tkclass = 1 (add a LIKE filter for the pattern, % for *).",
        "2. cucm_risport_query deviceClass 'Phone' with items [pattern].",
        "3. Join by device name: configured but never seen in RIS, UnRegistered/Rejected with their status reasons, models and firmware loads in use.",
        "Report a table per category with counts, and the likely cause per status reason (see resource cucm://ris/fields).",
      ].join("\n"),
  }),
  definePrompt({
    name: "cucm_troubleshoot_phone_registration",
    title: "Troubleshoot a phone that will not register",
    description: "Guided diagnosis of one phone that does not register.",
    product: "cucm",
    arguments: [hostArg, { name: "deviceName", description: "device name, e.g. SEP001122334455", required: true }],
    render: (a) =>
      [
        `The phone ${a["deviceName"] ?? "<device>"} on cluster ${a["host"] ?? "<host>"} does not register. Diagnose it.`,
        "1. cucm_risport_query selectBy Name, items [device]: status, status reason, node, IP, load, timestamp.",
        "2. cucm_axl_call getPhone {name}: device pool, CM group, protocol, security profile, owner, lines.",
        "3. Interpret the status reason (resource cucm://ris/fields); check the device pool's CM group nodes are running (cucm_os_run_command 'utils service list' on them).",
        "4. If it is registered now, a cucm_phone_screenshot shows what the user sees.",
        "Conclude with the most likely cause and the fix; change nothing without asking.",
      ].join("\n"),
  }),
];
