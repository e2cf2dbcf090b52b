/** How the CUCM tools built by the shared UC library present themselves to an agent. */

/** Title and description of cucm_get_version. */
export const VERSION_TEXT = {
  title: "CUCM version",
  description:
    "Returns the Unified CM version of a node (e.g. 15.0.1.12900(34)) and the AXL schema version used to talk to it. Cheap; a good first call to check that stored AXL credentials work.",
};

/** Title and description of cucm_axl_call. */
export const AXL_CALL_TEXT = {
  title: "Run an AXL operation",
  description:
    "Runs one AXL operation on a CUCM publisher, e.g. operation 'getPhone' with data {\"name\":\"SEP001122334455\"}, or 'executeSQLQuery' with {\"sql\":\"select name from device\"}. `data` is the operation's request as JSON (element names as keys; repeated elements as arrays; attributes as '@name'). With a cached schema the payload is checked and ordered before sending (see cucm_describe_axl_operation); a write with none cached first fetches the node's own schema (the first such call takes longer), a read without one is sent as given. Large executeSQLQuery answers are split and list* operations paged automatically (up to 10,000 items; omit skip/first). Write operations (add/update/remove/…) change the cluster. Returns the operation's `return` element as JSON.",
};
