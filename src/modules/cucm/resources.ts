/**
 * The CUCM module's MCP resources: short reference sheets written for an
 * agent — AXL and SQL habits, RisPort70 fields and status reasons, and the VOS CLI commands
 * worth knowing — in our own words (Cisco's AXL Developer Guide, RisPort70 API reference and
 * the CUCM CLI reference are the sources to check).
 */
import { defineResource, type ResourceDefinition } from "../../mcp/resources.ts";

const AXL_SQL = `# AXL and SQL cheatsheet (CUCM)

- Typed operations: get<Object> by name or uuid, list<Object> with searchCriteria (% wildcard) and returnedTags,
  add/update/remove<Object>. Names are case-sensitive. Describe an operation first (cucm_describe_axl_operation).
- executeSQLQuery {sql}: read-only Informix SQL; answers are capped at 8 MB, so page with "SELECT SKIP n FIRST m".
- Useful tables: device (name, description, tkclass 1 = phone, tkmodel, fkdevicepool), typemodel (enum, name),
  numplan (dnorpattern, fkroutepartition), devicenumplanmap (fkdevice, fknumplan, numplanindex = line),
  enduser (userid, firstname, lastname, mailid), devicepool, callmanagergroup, routepartition.
- Joins use pkid/fk<table> columns (uuid strings). Booleans are 't'/'f'.
- Example: select d.name, n.dnorpattern from device d join devicenumplanmap m on m.fkdevice = d.pkid
  join numplan n on n.pkid = m.fknumplan where d.name like 'SEP%'
- Writes (executeSQLUpdate, add/update/remove) need a profile that allows them; prefer typed operations.
- AXL is throttled on the node: batch reads, avoid loops of single gets.
`;

const RIS_FIELDS = `# RisPort70 fields and status reasons

Per device: Name, DirNumber (DN-status list), DeviceClass (Phone, Gateway, H323, Cti, VoiceMail, MediaResources,
HuntList, SIPTrunk), Model (typemodel enum), Protocol (SIP/SCCP), Status (Registered, UnRegistered, Rejected,
PartiallyRegistered, Unknown), StatusReason, IPAddress, node (the CUCM server it talks to), TimeStamp (unix seconds of
the last change), ActiveLoadID / InactiveLoadID (firmware), DownloadStatus, LoginUserId (extension mobility).

RIS keeps state for a while after a device leaves, and a device may show on several nodes after failover: the bridge
keeps the record with the latest TimeStamp.

Common StatusReason values (0 = none):
- 1 Unknown, 6 ConnectivityError (network or node down), 8 DeviceInitiatedReset, 9 CallManagerReset,
- 10 DeviceUnregistered (normal unregister), 11 MalformedRegisterMsg, 12 SCCPDeviceThrottling,
- 13 KeepAliveTimeout (network loss), 14 ConfigurationMismatch (e.g. the phone's config differs from CUCM),
- 15 CallManagerRestart, 16 DuplicateRegistration, 17 CallManagerApplyConfig,
- 18 DeviceNoResponse, 19 EMLoginLogout, 20 EMCCLoginLogout, 25 RegistrationSequenceError,
- 26 InvalidCapabilities, 28 FallbackInitiated, 29 DeviceSwitch.
Rejected devices usually mean the device is not in the database, a license or security profile issue.

Budget: nodes allow about 15 RIS queries per minute (shared by all clients); 1000 devices per page.
`;

const VOS_CLI = `# VOS CLI (OS admin) commands worth knowing

Status and platform: show status (CPU, memory, disk, uptime), show version active / inactive, show hardware,
show network eth0 [detail], show network cluster, show myself, show tech all (long).
Services: utils service list, utils service start|stop|restart <service> (disruptive).
Database: utils dbreplication runtimestate, utils dbreplication status, show tech dbstateinfo.
Diagnostics: utils diagnose test, utils ntp status, utils network ping <host>, utils network host <name>,
show risdb query phone.
Certificates: show cert list own | trust, show cert own tomcat.
Files: file list activelog <dir>, file view activelog <file>, file get (needs an SFTP server).
Disruptive (need care and an explicit profile grant): utils system restart, set network ..., utils service stop.
One command per call; no pipes or chaining. Output is returned with pagination turned off.
Commands that ask "(yes/no)" or "(y/n)" (utils system restart | shutdown | switch-version, utils core active analyze)
are declined unless the call passes confirm: true (and the profile's ssh.confirm_prefixes allows it): ask the user
first. Long commands take timeout_s (5-1800 s).
`;

/** The module's resources. */
export const CUCM_RESOURCES: ResourceDefinition[] = [
  defineResource({
    uri: "cucm://axl/cheatsheet",
    name: "cucm-axl-sql-cheatsheet",
    title: "AXL and SQL cheatsheet",
    description: "AXL operation families, executeSQLQuery habits, the main CUCM tables and joins.",
    mimeType: "text/markdown",
    product: "cucm",
    read: () => AXL_SQL,
  }),
  defineResource({
    uri: "cucm://ris/fields",
    name: "cucm-ris-fields",
    title: "RisPort70 fields and status reasons",
    description: "What each RIS device field means and what the common status reasons point to.",
    mimeType: "text/markdown",
    product: "cucm",
    read: () => RIS_FIELDS,
  }),
  defineResource({
    uri: "cucm://vos/commands",
    name: "cucm-vos-cli-commands",
    title: "VOS CLI command catalogue",
    description: "Read-only and disruptive VOS CLI commands, grouped by purpose.",
    mimeType: "text/markdown",
    product: "cucm",
    read: () => VOS_CLI,
  }),
];
