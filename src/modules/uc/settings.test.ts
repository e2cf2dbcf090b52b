import { expect, test } from "bun:test";
import { parseConfigText } from "../../config/load.ts";
import { productSettings } from "./settings.ts";

test("per-product settings come from the configuration, seconds as milliseconds", () => {
  const { config } = parseConfigText(
    "SERVER_CUCM_ZEEP_TIMEOUT=45\nSERVER_CUCM_SSL_VERIFY=False\nSERVER_IMP_SSH_TIMEOUT=90\nSERVER_CUC_SSH_TERM_WIDTH=300\n",
    "/srv/bridge",
  );
  const cucm = productSettings(config, "cucm");
  expect(cucm).toMatchObject({
    httpsPort: 8443,
    risPort: 8443,
    sshPort: 22,
    requestTimeoutMs: 45_000,
    phoneScreenshotTimeoutMs: 10_000,
  });
  expect(cucm.tls.verify).toBe(false);
  expect(cucm.terminal).toEqual({ term: "dumb", cols: 220, rows: 50 });
  expect(cucm.axlSchemasDir).toContain("axl-schemas");
  expect(productSettings(config, "imp")).toMatchObject({ sshTimeoutMs: 90_000, terminal: { cols: 220 } });
  expect(productSettings(config, "cuc")).toMatchObject({
    requestTimeoutMs: 30_000,
    terminal: { cols: 300 },
    tls: { verify: true },
  });
});
