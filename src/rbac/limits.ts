/**
 * Which profile value limits which bucket (the rate-limit columns of docs/profiles.md: AXL / SSH / RIS /
 * Phone / Common (report), plus CUPI for Unity Connection). `undefined` means the profile has
 * no such section, and the call is refused.
 */
import type { Bucket } from "../ratelimit/sliding-window.ts";
import type { Product, Profile } from "./profile-schema.ts";

/** The per-minute limit of `bucket` for `product` under `profile`. */
export function rateLimitFor(profile: Profile, bucket: Bucket, product: Product = "cucm"): number | undefined {
  switch (bucket) {
    case "axl":
      return product === "cuc" ? undefined : profile[product]?.axl?.rate_limit;
    case "ssh":
      return profile[product]?.ssh?.rate_limit;
    case "ris":
      return profile.cucm?.ris?.rate_limit;
    case "phone":
      return profile.cucm?.phone?.rate_limit;
    case "cupi":
      return profile.cuc?.cupi?.rate_limit;
    case "serviceability":
      return product === "cucm" || product === "imp" ? profile[product]?.serviceability?.rate_limit : undefined;
    case "logs":
      return product === "cucm" ? profile.cucm?.logs?.rate_limit : undefined;
    case "report":
      return profile.common?.report?.rate_limit;
  }
}
