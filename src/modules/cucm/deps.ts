/** What the CUCM module is built with (src/appliance/modules.ts builds it). */
import type { RisClient } from "../../protocols/ris/client.ts";
import type { AxlDeps, UcDeps } from "../uc/deps.ts";

/** The CUCM deps: the shared UC deps, AXL, RisPort70, and where screenshots are saved. */
export interface CucmDeps extends UcDeps<"cucm">, AxlDeps {
  ris: RisClient;
  /** The RisPort70 WSDL cache directory, resolved. */
  risSchemasDir: string;
  /** CLIENTS_DIR, resolved: `save` puts a screenshot in the caller's reports there. */
  clientsDir: string;
}
