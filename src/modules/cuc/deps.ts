/** What the Unity Connection module is built with (src/appliance/modules.ts builds it). */
import type { CupiClient } from "../../protocols/cupi/client.ts";
import type { UcDeps } from "../uc/deps.ts";

/** Rows asked per page by default (CUPI accepts larger pages, but big pages slow the node). */
export const CUPI_PAGE_ROWS = 500;

/** The shared UC deps, the CUPI client and the page size of paged GETs. */
export interface CucDeps extends UcDeps<"cuc"> {
  cupi: CupiClient;
  /** Rows asked per page of a paged GET. */
  pageRows: number;
}
