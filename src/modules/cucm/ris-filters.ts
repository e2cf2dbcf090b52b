/**
 * Applies the caller's RBAC RIS filters (profile `cucm.ris.allowed_device_classes` /
 * `allowed_statuses`, seed "RBAC Profiles") to a requested RisPort70 query: asking for a class or
 * status outside the list is refused; asking for `Any` is narrowed (in the query when one value
 * is allowed, after the answer otherwise), so a device outside the profile never leaves the bridge.
 */
import type { RisDeviceClass, RisDeviceRecord, RisRegStatus } from "../../../wsdl/risport70.ts";
import { ProfilePermissionError } from "../../mcp/errors.ts";

/** The narrowed query values and the post-filter. */
export interface RisNarrowing {
  deviceClass: RisDeviceClass;
  status: RisRegStatus;
  keep(d: RisDeviceRecord): boolean;
  applied: { deviceClasses?: string[]; statuses?: string[] };
}

function narrow<T extends string>(label: string, requested: T, allowed: string[] | undefined): T {
  if (allowed === undefined) return requested;
  if (requested !== "Any") {
    if (!allowed.includes(requested))
      throw new ProfilePermissionError(
        `Your profile does not allow RIS ${label} ${requested} (allowed: ${allowed.join(", ")})`,
        `Query one of the allowed ${label} values, or ask an administrator.`,
        { allowed },
      );
    return requested;
  }
  return (allowed.length === 1 ? allowed[0] : "Any") as T;
}

/** Narrows a request under `filters` (from risFilters(profile)). */
export function narrowRisQuery(
  requested: { deviceClass: RisDeviceClass; status: RisRegStatus },
  filters: { deviceClasses?: string[]; statuses?: string[] },
): RisNarrowing {
  const deviceClass = narrow("device class", requested.deviceClass, filters.deviceClasses);
  const status = narrow("status", requested.status, filters.statuses);
  const classes = filters.deviceClasses;
  const statuses = filters.statuses;
  return {
    deviceClass,
    status,
    keep: (d) =>
      (classes === undefined || classes.includes(d.deviceClass)) &&
      (statuses === undefined || statuses.includes(d.status)),
    applied: {
      ...(classes === undefined ? {} : { deviceClasses: classes }),
      ...(statuses === undefined ? {} : { statuses }),
    },
  };
}
