/** How the CUCM tools built by the shared UC library present themselves to an agent. */

/** Title and description of cucm_get_version. */
export const VERSION_TEXT = {
  title: "CUCM version",
  description: "CUCM and AXL schema version of a node; a cheap credential test.",
};

/** Title and description of cucm_axl_call. */
export const AXL_CALL_TEXT = {
  title: "Run an AXL operation",
  description:
    'Runs one AXL operation, e.g. getPhone {"name":"SEP001122334455"}, executeSQLQuery {"sql":"select name from device"}; SQL and list* are paged for you.',
};
