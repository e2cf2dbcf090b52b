/**
 * The Unity Connection module's MCP resource ("CUPI resources"): a short
 * reference sheet for cuc_cupi_call in our own words (Cisco's "CUPI API" guides for users, call
 * handlers, distribution lists and templates are the sources to check).
 */
import { defineResource, type ResourceDefinition } from "../../mcp/resources.ts";

const CUPI_NOTES = `# CUPI (Unity Connection provisioning) for cuc_cupi_call

Paths are under /vmrest/ (the tool adds the prefix). Put query parameters in \`query\`, never in the path.

| resource | list / one | notes |
|---|---|---|
| users | GET users, GET users/<ObjectId> | Alias, DisplayName, DtmfAccessId (extension), SmtpAddress, CosObjectId; POST needs query templateAlias=<user template> |
| call handlers | GET handlers/callhandlers, …/<ObjectId> | DisplayName, DtmfAccessId; POST needs query templateObjectId=<call handler template> |
| distribution lists | GET distributionlists, …/<ObjectId>/distributionlistmembers | Alias, DisplayName |
| user templates | GET usertemplates | Alias of the template used when creating users |
| call handler templates | GET callhandlertemplates | |
| version | GET version/product | the Unity Connection version |

Searching: query {"query": "(alias startswith j)"}, {"query": "(dtmfaccessid is 1001)"}; operators is,
startswith; one condition per query. Sorting: {"sort": "(alias asc)"}.

Answers: a list comes as {"@total": "n", "User": [...]}; one match is an object, no match has no key. The
bridge always gives you items[] and pages with rowsPerPage/pageNumber until @total (cap 10,000; narrow the query
when 'truncated' is true). Every value is a string ("true"/"false" for booleans).

Writes: PUT <path>/<ObjectId> with only the fields to change (204 on success); POST creates (201, the new
object's URI comes back as 'location'); DELETE removes (204). Your profile lists which METHOD /vmrest/path
prefixes you may use (e.g. PUT /vmrest/users). Errors: 404 unknown object, 400 with Unity Connection's message
for bad fields, 401 wrong credentials (cuc_update_credentials), 503 busy (retried for GET).
`;

/** The module's resources. */
export const CUC_RESOURCES: ResourceDefinition[] = [
  defineResource({
    uri: "cuc://cupi/resources",
    name: "cuc-cupi-resources",
    title: "CUPI resources and habits",
    description: "The Unity Connection CUPI resources, search syntax, answer shapes and write rules for cuc_cupi_call.",
    mimeType: "text/markdown",
    product: "cuc",
    read: () => CUPI_NOTES,
  }),
];
