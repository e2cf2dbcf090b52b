/**
 * The server instructions an agent gets at initialize: a few lines that orient it (what the
 * bridge reaches, how to find hosts, first steps, where the reference is). MCP_SERVER_INSTRUCTIONS
 * adds the operator's own lines after them; its shipped value adds nothing.
 */

/** What the bridge tells every agent first. */
const ORIENTATION = [
  "AI-Bridge for Cisco UC: CUCM (AXL, RisPort70, VOS CLI over SSH, phone screenshots), IM&Presence (AXL, SSH) and Unity Connection (CUPI, SSH), through credentials stored for you, within your RBAC profile.",
  "First: bridge_list_hosts (your nodes, their role and stored credential kinds) and bridge_whoami (your profile, tools, rate budget). Every tool's `host` is a node from that list; none listed means an administrator must run `ai-bridge credentials set --client <your client> …`.",
  "Then e.g. cucm_get_version, cucm_risport_query, cucm_axl_call (cucm_describe_axl_operation shows how to build its data), cuc_cupi_call, *_os_run_command.",
  "More tools on request: bridge_toolsets lists the serviceability toolset (services, PerfMon, certificates, DRF, traces, CTI) and the logs toolset (traces, downloads, SIP ladders, captures, CDR).",
  "Answers are size-capped: a cut answer says how much is left and how to get it. Errors give a code, each field at fault and a hint.",
  "Reference resources: cucm://axl/cheatsheet, cucm://ris/fields, cucm://vos/commands, cuc://cupi/resources; prompts guide health checks and audits.",
].join("\n");

/** The value MCP_SERVER_INSTRUCTIONS ships with: the orientation replaces it. */
const SHIPPED_VALUE = "MCP SERVER for Cisco UC";

/** The instructions served: the orientation, then the operator's own text when it says more. */
export function serverInstructions(configured: string | undefined): string {
  const own = configured?.trim() ?? "";
  return own === "" || own === SHIPPED_VALUE ? ORIENTATION : `${ORIENTATION}\n${own}`;
}
