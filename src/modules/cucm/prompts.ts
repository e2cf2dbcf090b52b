/**
 * The CUCM module's MCP prompts: ready-made plans an agent can follow
 * with the cucm_ tools — cluster health check, security audit, phone inventory and registration
 * review, dial-plan review, and troubleshooting a phone that will not register.
 */
import { definePrompt, type PromptDefinition } from "../../mcp/prompts.ts";
import { reportSteps } from "../uc/report-steps.ts";

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
        "2. cucm_get_version. If steps 3-6's tools are not in your tool list, call bridge_toolsets {enable: ['serviceability']} first.",
        "3. cucm_service_status {all_nodes: true}: every activated service that is not Started is a FAIL.",
        "4. cucm_perfmon_collect on object 'Cisco CallManager' (CallsActive, RegisteredHardwarePhones) and 'Processor' (% CPU Time of _Total; above 80 is a WARN).",
        "5. cucm_certificate_list: a certificate expiring within 30 days is a WARN, an expired one a FAIL.",
        "6. cucm_drf_status: a failed or missing backup in the last day is a FAIL.",
        "7. cucm_os_run_command: 'show status', 'utils dbreplication runtimestate', 'show network cluster' (skip commands your profile denies).",
        "8. cucm_risport_query with status 'UnRegistered' and then 'Rejected' to count devices that are not registered, grouped by node and status reason.",
        "Skip a step your profile refuses and record it as N/A. Do not change anything.",
        ...reportSteps(9, "CUCM cluster health", [
          "Versions",
          "Services",
          "Replication",
          "Resources",
          "Certificates and backups",
          "Registration",
        ]),
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
        "Findings to record: counts per category, and the likely cause per status reason (see resource cucm://ris/fields).",
        ...reportSteps(4, "Phone inventory and registration", ["Inventory", "Registration", "Firmware"]),
      ].join("\n"),
  }),
  definePrompt({
    name: "cucm_security_audit",
    title: "CUCM security audit",
    description: "Read-only review of the cluster's security posture.",
    product: "cucm",
    arguments: [hostArg],
    render: (a) =>
      [
        `Audit the security of the CUCM cluster ${a["host"] ?? "<host>"} without changing anything.`,
        "1. cucm_get_version: is the release still supported?",
        "2. cucm_os_run_command 'show cert list own' and 'show cert list trust': expired or self-signed certificates.",
        "3. cucm_axl_call executeSQLQuery: users in the Standard CCM Super Users group; phones with Web Access or SSH enabled.",
        "4. cucm_axl_call getPhone for a sample of phones: security profile (encrypted or not).",
        "Findings to record, by severity, with the evidence (query, command output) and the fix.",
        ...reportSteps(5, "CUCM security audit", ["Release", "Certificates", "Privileged users", "Phone security"]),
      ].join("\n"),
  }),
  definePrompt({
    name: "cucm_dial_plan_review",
    title: "Dial-plan review",
    description: "Reviews partitions, calling search spaces, route patterns and translation patterns.",
    product: "cucm",
    arguments: [hostArg],
    render: (a) =>
      [
        `Review the dial plan of ${a["host"] ?? "<host>"} (read-only).`,
        "1. cucm_axl_call listRoutePartition and listCss (returnedTags name, description, members).",
        "2. cucm_axl_call listRoutePattern and listTransPattern (pattern, partition, destination).",
        "3. executeSQLQuery on numplan for overlapping patterns and patterns in partitions no CSS contains.",
        "Findings to record: unused partitions, CSS order issues, overlapping patterns, patterns that route to nothing.",
        ...reportSteps(4, "Dial-plan review", ["Partitions and CSS", "Patterns"]),
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
        ...reportSteps(5, "Phone registration diagnosis", ["Registration", "Configuration", "Cause and fix"]),
      ].join("\n"),
  }),
];
