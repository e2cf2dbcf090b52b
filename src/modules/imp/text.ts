/** How the IM&Presence tools built by the shared UC library present themselves to an agent. */

/** Title and description of imp_get_version. */
export const VERSION_TEXT = {
  title: "IM&Presence version",
  description:
    "Returns the IM&Presence version of a node (e.g. 15.0.1.12900(22)) and the AXL schema version used to talk to it. Cheap; a good first call to check that stored IM&P AXL credentials work.",
};

/** Title and description of imp_axl_call. */
export const AXL_CALL_TEXT = {
  title: "Run an IM&Presence AXL operation",
  description:
    "Runs one AXL operation on an IM&Presence node, e.g. 'executeSQLQuery' with {\"sql\":\"select count(*) from enduser\"} or 'getCCMVersion' with {}. `data` is the operation's request as JSON (element names as keys; repeated elements as arrays). Large executeSQLQuery answers are split and list* operations paged automatically (up to 10,000 items; omit skip/first). With a cached schema (imp_download_axl_toolkit) the payload is checked and ordered before sending; a write with none cached first fetches the node's own schema, a read without one is sent as given. Write operations change the node. Returns the operation's `return` element as JSON.",
};
