/**
 * Build identity. `scripts/build.ts` injects these with `--define`; running from source
 * they fall back to development values.
 */
declare const AI_BRIDGE_VERSION: string | undefined;
declare const AI_BRIDGE_BUILD_MONTH: string | undefined;

/** Semantic version of this build. */
export const VERSION: string = typeof AI_BRIDGE_VERSION === "string" ? AI_BRIDGE_VERSION : "0.1.0-dev";

/** PROJECT_VERSION as the reference writes it: the build's year and month, YYYYMM. */
export const PROJECT_VERSION: string =
  typeof AI_BRIDGE_BUILD_MONTH === "string"
    ? AI_BRIDGE_BUILD_MONTH
    : new Date().toISOString().slice(0, 7).replace("-", "");

export const PROJECT_NAME = "ai-bridge-for-cisco-uc";
export const PROJECT_CREATOR = "AI-Bridge for Cisco UC";
export const PRODUCT_NAME = "AI-Bridge for Cisco UC";
