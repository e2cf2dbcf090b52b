/** How the IM&Presence tools built by the shared UC library present themselves to an agent. */

/** Title and description of imp_get_version. */
export const VERSION_TEXT = {
  title: "IM&Presence version",
  description: "IM&Presence and AXL schema version of a node; a cheap credential test.",
};

/** Title and description of imp_axl_call. */
export const AXL_CALL_TEXT = {
  title: "Run an IM&Presence AXL operation",
  description:
    'Runs one AXL operation, e.g. executeSQLQuery {"sql":"select count(*) from enduser"}; SQL and list* are paged for you.',
};
