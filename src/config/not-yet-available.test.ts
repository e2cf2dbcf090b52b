import { describe, expect, test } from "bun:test";
import { parseConfigText } from "./load.ts";
import { NOT_YET_AVAILABLE_KEYS } from "./not-yet-available.ts";

const marked: readonly string[] = NOT_YET_AVAILABLE_KEYS;

const root = "/srv/ai-bridge";
const remarksAbout = (text: string) =>
  parseConfigText(text, root).warnings.filter((w) => w.includes("not available in this version"));

describe("keys of features not built yet", () => {
  test("the RIS WSDL timeout key is marked, the built ones are not", () => {
    for (const key of ["SERVER_CUCM_RIS_WSDL_TIMEOUT"]) {
      expect(marked).toContain(key);
    }
    for (const key of [
      "MCP_SERVER_PORT",
      "AUTH_MODE",
      "SERVER_CUCM_AXL_WSDL_TIMEOUT",
      "LOGGING_DIR",
      "INTEGRITY_CHECK_INTERVAL_HOURS",
      "REPORT_CHARTS_COLORS",
      "BACKUP_ENABLED",
      "BACKUP_INTERVAL_HOURS",
      "UID",
      "GID",
    ]) {
      expect(marked).not.toContain(key);
    }
  });

  test("a start with defaults, or a marked key written at its default, gives no remark", () => {
    expect(remarksAbout("")).toEqual([]);
    expect(remarksAbout("UID=1000\nSERVER_CUCM_RIS_WSDL_TIMEOUT=15\nMCP_SERVER_PORT=9443\n")).toEqual([]);
  });

  test("non-default values give ONE warning naming exactly those keys", () => {
    const remarks = remarksAbout("UID=2000\nGID=1000\nSERVER_CUCM_RIS_WSDL_TIMEOUT=20\n");
    expect(remarks).toHaveLength(1);
    const [remark] = remarks;
    expect(remark).toContain("SERVER_CUCM_RIS_WSDL_TIMEOUT is set");
    expect(remark).not.toContain("UID");
    expect(remark).not.toContain("GID");
    expect(remark).toContain("no effect");
  });

  test("the configuration still loads with the value it was given", () => {
    const { config } = parseConfigText("BACKUP_RETENTION=9\n", root);
    expect(config.BACKUP_RETENTION).toBe(9);
  });
});
