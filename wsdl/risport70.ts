/**
 * Hand-written types for the RisPort70 operations the bridge calls (RISService70.wsdl,
 * namespace `http://schemas.cisco.com/ast/soap`, document/literal, qualified): selectCmDevice,
 * selectCmDeviceExt and selectCtiItem. Written from the WSDL's structure, not generated from it.
 */

/** `DeviceClass` values of CmSelectionCriteria. */
export type RisDeviceClass =
  | "Any"
  | "Phone"
  | "Gateway"
  | "H323"
  | "Cti"
  | "VoiceMail"
  | "MediaResources"
  | "SIPTrunk"
  | "HuntList"
  | "Unknown";

/** `Status` (CmDevRegStat). */
export type RisRegStatus = "Any" | "Registered" | "UnRegistered" | "Rejected" | "PartiallyRegistered" | "Unknown";

/** `SelectBy` (CmSelectBy). */
export type RisSelectBy = "Name" | "IPV4Address" | "IPV6Address" | "DirNumber" | "Description" | "SIPStatus";

/** CmSelectionCriteria, in WSDL order (the order matters on the wire). */
export interface CmSelectionCriteria {
  MaxReturnedDevices: number;
  DeviceClass: RisDeviceClass;
  /** tkmodel number; 255 = any. */
  Model: number;
  Status: RisRegStatus;
  NodeName: string;
  SelectBy: RisSelectBy;
  SelectItems: { item: Array<{ Item: string }> };
  Protocol: "Any" | "SCCP" | "SIP" | "Unknown";
  DownloadStatus: "Any" | "Upgrading" | "Successful" | "Failed" | "Unknown";
}

/** selectCmDevice / selectCmDeviceExt request body. */
export interface SelectCmDeviceRequest {
  StateInfo: string;
  CmSelectionCriteria: CmSelectionCriteria;
}

/** CtiSelectionCriteria of selectCtiItem, in WSDL order. */
export interface CtiSelectionCriteria {
  MaxReturnedItems: number;
  CtiMgrClass: "Provider" | "Device" | "Line";
  Status: "Any" | "Open" | "Closed" | "OpenFailed" | "Unknown";
  NodeName: string;
  SelectAppBy: "AppId" | "AppIPV4Address" | "AppIPV6Address" | "UserId";
  AppItems: { item: Array<{ AppItem: string }> };
  DevNames: { item: Array<{ DevName: string }> };
  DirNumbers: { item: Array<{ DirNumber: string }> };
}

/** One IP address entry of a CmDevice (`IPAddress/item`). */
export interface RisIpAddress {
  ip: string;
  type: "ipv4" | "ipv6" | string;
  attribute: string;
}

/** A CmDevice as the bridge returns it (normalised from the XML). */
export interface RisDeviceRecord {
  name: string;
  /** Node (CmNode Name) that reported it. */
  node: string;
  dirNumber: string;
  deviceClass: string;
  model: number;
  product: number;
  status: string;
  statusReason: number;
  description: string;
  loginUserId: string;
  protocol: string;
  /** Epoch seconds of the last state change. */
  timestamp: number;
  numOfLines: number;
  activeLoadId: string;
  inactiveLoadId: string;
  downloadStatus: string;
  ipAddresses: RisIpAddress[];
  /** First IPv4 address, if any (what the phone screenshot tool uses). */
  ipv4?: string;
  lines: Array<{ directoryNumber: string; status: string }>;
}

/** A CmNode of one answer. */
export interface RisNodeResult {
  name: string;
  returnCode: string;
  noChange: boolean;
  devices: RisDeviceRecord[];
}

/** One decoded selectCmDevice answer (either response shape). */
export interface SelectCmDeviceResult {
  totalDevicesFound: number;
  nodes: RisNodeResult[];
  stateInfo: string;
}

/** One CTI item of selectCtiItem (provider, device or line), normalised. */
export interface CtiItemRecord {
  node: string;
  appId: string;
  userId: string;
  appIpAddr: string;
  appStatus: string;
  appStatusReason: number;
  appTimeStamp: number;
  device?: { name: string; status: string; statusReason: number; timestamp: number; controlsMedia: boolean };
  line?: { dirNumber: string; status: string; statusReason: number; timestamp: number };
}
