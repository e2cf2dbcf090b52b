/**
 * CUCM's enumeration tables (`type*`) as the lab stores them: the enum number and the name CUCM
 * uses. A real node's `typemodel`, `typeclass`, ... tables are ordered so their names follow the
 * order of the matching simple types in AXLEnums.xsd (XModel, XClass, XDeviceProtocol, ...); the
 * numbers themselves are not in the schema, so they come from this hand-checked table: typemodel
 * numbers as published with open RisPort clients (Model 36224 = Cisco 8845), the others from the
 * position of the name in AXLEnums.xsd where CUCM numbers them by position (XDeviceProtocol,
 * XPatternUsage, XNodeUsage). enum-check.ts compares this table with the schema at lab start.
 */

/** One enumeration value: CUCM's number and name. */
export type EnumRow = readonly [number, string];

/** Phone models the lab populates and accepts, plus the non-phone models it stores. */
export const TYPE_MODEL: readonly EnumRow[] = [
  [7, "Cisco 7960"],
  [8, "Cisco 7940"],
  [90, "Route List"],
  [131, "SIP Trunk"],
  [503, "Cisco Unified Client Services Framework"],
  [621, "Cisco 7821"],
  [622, "Cisco 7841"],
  [623, "Cisco 7861"],
  [683, "Cisco 8841"],
  [684, "Cisco 8851"],
  [685, "Cisco 8861"],
  [36213, "Cisco 7811"],
  [36216, "Cisco 8821"],
  [36217, "Cisco 8811"],
  [36224, "Cisco 8845"],
  [36225, "Cisco 8865"],
  [36258, "Cisco 8832"],
];

/** Products: for the models above CUCM uses the same number for product and model. */
const TYPE_PRODUCT: readonly EnumRow[] = [...TYPE_MODEL];

/** Device classes (typeclass). */
export const TYPE_CLASS: readonly EnumRow[] = [
  [1, "Phone"],
  [2, "Gateway"],
  [4, "Conference Bridge"],
  [5, "Media Termination Point"],
  [7, "Route List"],
  [8, "Voice Mail"],
  [10, "CTI Route Point"],
  [12, "Music On Hold"],
  [13, "Simulation"],
  [14, "Pilot"],
  [15, "GateKeeper"],
  [16, "Add-on modules"],
  [17, "Hidden Phone"],
  [18, "Trunk"],
  [19, "Tone Announcement Player"],
  [20, "Remote Destination Profile"],
  [248, "EMCC Base Phone Template"],
  [249, "EMCC Base Phone"],
  [250, "Remote Destination Profile Template"],
  [251, "Gateway Template"],
  [252, "UDP Template"],
  [253, "Phone Template"],
  [254, "Device Profile"],
  [255, "Invalid"],
];

/** Device protocols (typedeviceprotocol): numbered by position in XDeviceProtocol, 99 last. */
export const TYPE_DEVICE_PROTOCOL: readonly EnumRow[] = [
  [0, "SCCP"],
  [1, "Digital Access PRI"],
  [2, "H.225"],
  [3, "Analog Access"],
  [4, "Digital Access T1"],
  [5, "Route Point"],
  [6, "Unicast Bridge"],
  [7, "Multicast Point"],
  [8, "Inter-Cluster Trunk"],
  [9, "RAS"],
  [10, "Digital Access BRI"],
  [11, "SIP"],
  [12, "MGCP"],
  [99, "Protocol Not Specified"],
];

/** Pattern usages (typepatternusage): numbered by position in XPatternUsage. */
const TYPE_PATTERN_USAGE: readonly EnumRow[] = [
  [0, "CallPark"],
  [1, "Conference"],
  [2, "Device"],
  [3, "Translation"],
  [4, "Call Pick Up Group"],
  [5, "Route"],
  [6, "Message Waiting"],
  [7, "Hunt Pilot"],
  [8, "Voice Mail Port"],
];

/** Partition usages (typepartitionusage). */
const TYPE_PARTITION_USAGE: readonly EnumRow[] = [
  [0, "Intercom"],
  [2, "General"],
];

/** Node usages (typenodeusage): XNodeUsage order. */
const TYPE_NODE_USAGE: readonly EnumRow[] = [
  [0, "Publisher"],
  [1, "Subscriber"],
];

/** Process node roles (typeprocessnoderole): XProcessNodeRole order. */
const TYPE_PROCESS_NODE_ROLE: readonly EnumRow[] = [
  [1, "CUCM Voice/Video"],
  [2, "CUCM IM and Presence"],
];

/**
 * Device features (typesupportsfeature) the lab's products list in productsupportsfeature. The
 * names are CUCM's; the numbers are the lab's own (not checked against a real node).
 */
export const TYPE_SUPPORTS_FEATURE: readonly EnumRow[] = [
  [1, "Multiple Call Display"],
  [2, "Extension Mobility"],
  [3, "Barge"],
  [4, "Video Capability"],
  [5, "Secure Profile"],
  [6, "Speed Dials"],
];

/** Every `type*` table the lab creates, with the AXLEnums.xsd simple type whose names it uses. */
export const ENUM_TABLES: ReadonlyArray<{ table: string; xsdType: string; rows: readonly EnumRow[] }> = [
  { table: "typeclass", xsdType: "XClass", rows: TYPE_CLASS },
  { table: "typemodel", xsdType: "XModel", rows: TYPE_MODEL },
  { table: "typeproduct", xsdType: "XProduct", rows: TYPE_PRODUCT },
  { table: "typedeviceprotocol", xsdType: "XDeviceProtocol", rows: TYPE_DEVICE_PROTOCOL },
  { table: "typepatternusage", xsdType: "XPatternUsage", rows: TYPE_PATTERN_USAGE },
  { table: "typepartitionusage", xsdType: "XPartitionUsage", rows: TYPE_PARTITION_USAGE },
  { table: "typenodeusage", xsdType: "XNodeUsage", rows: TYPE_NODE_USAGE },
  { table: "typeprocessnoderole", xsdType: "XProcessNodeRole", rows: TYPE_PROCESS_NODE_ROLE },
  { table: "typesupportsfeature", xsdType: "", rows: TYPE_SUPPORTS_FEATURE },
];

/** The enum number of a name in `rows` (throws for a name the table lacks: a lab bug). */
export function enumOf(rows: readonly EnumRow[], name: string): number {
  const row = rows.find(([, n]) => n === name);
  if (!row) throw new Error(`no enum value named "${name}"`);
  return row[0];
}
