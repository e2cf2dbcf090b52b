/**
 * Hand-written types for the AXL operations the bridge itself calls (AXL Developer Guide;
 * AXLSoap.xsd element names, written by hand from the documented shapes, not generated):
 * getCCMVersion, executeSQLQuery/Update, getPhone and listPhone (the fields we use).
 * Every other operation goes through the run-time schema catalogue.
 */

/** A foreign-key value: text plus an optional `uuid` attribute (`XFkType`). */
export type AxlFk = string | { "#text"?: string; "@uuid"?: string };

/** getCCMVersion request (processNodeName is optional). */
export interface GetCCMVersionRequest {
  processNodeName?: string;
}

/** getCCMVersion `return`. */
export interface GetCCMVersionReturn {
  componentVersion: { version: string };
}

/** executeSQLQuery / executeSQLUpdate request (sent as CDATA). */
export interface ExecuteSqlRequest {
  sql: string | { "#cdata": string };
}

/** executeSQLQuery `return`: rows of lowercase column names. */
export interface ExecuteSqlQueryReturn {
  row?: Array<Record<string, string>>;
}

/** executeSQLUpdate `return`. */
export interface ExecuteSqlUpdateReturn {
  rowsUpdated: string;
}

/** getPhone request: a name or a uuid, and optionally the tags to return. */
export type GetPhoneRequest = ({ name: string } | { uuid: string }) & {
  returnedTags?: Partial<Record<keyof PhoneFields, "">>;
};

/** The phone fields the bridge reads (a small subset of XPhone/RPhone/LPhone). */
export interface PhoneFields {
  name: string;
  description: string;
  product: string;
  model: string;
  class: string;
  protocol: string;
  callingSearchSpaceName: AxlFk;
  devicePoolName: AxlFk;
  locationName: AxlFk;
  ownerUserName: AxlFk;
  lines: { line?: Array<{ index: string; dirn: { pattern: string; routePartitionName: AxlFk } }> } | "";
}

/** getPhone `return`. */
export interface GetPhoneReturn {
  phone: Partial<PhoneFields> & { "@uuid"?: string };
}

/** listPhone request: SQL-LIKE criteria (`%`), returned tags, paging. */
export interface ListPhoneRequest {
  searchCriteria: Partial<
    Record<
      "name" | "description" | "protocol" | "callingSearchSpaceName" | "devicePoolName" | "securityProfileName",
      string
    >
  >;
  returnedTags: Partial<Record<keyof PhoneFields, "">>;
  skip?: number;
  first?: number;
}

/** listPhone `return` (empty when nothing matched). */
export interface ListPhoneReturn {
  phone?: Array<Partial<PhoneFields> & { "@uuid"?: string }>;
}
