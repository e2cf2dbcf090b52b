/** What the report module needs from the appliance (built in src/appliance/modules.ts). */
import type { Status } from "./model.ts";
import type { ReportLimits } from "./store.ts";

export interface ReportDeps {
  /** CLIENTS_DIR, resolved: each caller's reports live in `<clientsDir>/<client>/reports/`. */
  clientsDir: string;
  /** REPORT_CHARTS_COLORS: `#RRGGBB` per status. */
  colors: Record<Status, string>;
  limits: ReportLimits;
  /** The clock (tests pin it). */
  now: () => Date;
}
