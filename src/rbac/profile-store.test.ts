import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PROFILES } from "./default-profiles.ts";
import { parseProfileText } from "./profile-schema.ts";
import { createProfileStore } from "./profile-store.ts";
import { toolAllowed } from "./tool-rules.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function setup() {
  const dir = mkdtempSync(join(tmpdir(), "aib-prof-"));
  dirs.push(dir);
  const events: Array<Record<string, unknown>> = [];
  const audit = {
    event: (type: string, fields: Record<string, unknown> = {}) => events.push({ event: type, ...fields }),
  };
  return { dir, events, audit };
}

describe("profile schema", () => {
  test("the three defaults are valid in strict mode and carry the documented rate limits", () => {
    const limits: Record<string, number[]> = {
      // SSH: 30 / 20 / 20 rather than the seed's 5, so a health check's commands fit in a minute
      // (docs/profiles.md, "Defaults").
      admin: [60, 30, 20, 10, 60],
      operator: [30, 20, 20, 10, 30],
      auditor: [30, 20, 20, 5, 30],
    };
    for (const [name, text] of Object.entries(DEFAULT_PROFILES)) {
      const parsed = parseProfileText(text, true);
      if (!parsed.ok) throw new Error(`${name}: ${parsed.problems.join("; ")}`);
      const p = parsed.profile;
      expect([
        p.cucm?.axl?.rate_limit,
        p.cucm?.ssh?.rate_limit,
        p.cucm?.ris?.rate_limit,
        p.cucm?.phone?.rate_limit,
        p.common?.report?.rate_limit,
      ]).toEqual(limits[name] as number[]);
    }
  });

  test("the documented custom profile example is valid", () => {
    const seed = {
      description: "Profile description",
      product_scope: ["cucm", "imp", "all"],
      cucm: {
        axl: { rate_limit: 30, allowed_prefixes: ["get", "list"], allowed_exact: ["executeSQLQuery"] },
        ris: { rate_limit: 10, allowed_device_classes: ["Phone"], allowed_statuses: ["Any"] },
        ssh: { rate_limit: 20, allowed_prefixes: ["show"] },
      },
      imp: {
        axl: { rate_limit: 30, allowed_prefixes: ["get", "list"] },
        ssh: { rate_limit: 20, allowed_prefixes: ["show"] },
      },
      cuc: {
        cupi: { rate_limit: 30, allowed_prefixes: ["GET /vmrest/", "PUT /vmrest/users"] },
        ssh: { rate_limit: 5, allowed_prefixes: ["show"] },
      },
      common: { report: { rate_limit: 30 } },
    };
    expect(parseProfileText(JSON.stringify(seed), true).ok).toBe(true);
  });

  test("strict mode refuses unknown keys; loose mode ignores them; both refuse wrong types", () => {
    const typo = JSON.stringify({ product_scope: ["cucm"], cucm: { axl: { rate_limit: 5, allowed_prefix: ["get"] } } });
    const strict = parseProfileText(typo, true);
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.problems.join()).toContain("cucm.axl");
    expect(parseProfileText(typo, false).ok).toBe(true);
    expect(
      parseProfileText(JSON.stringify({ product_scope: ["cucm"], cucm: { axl: { rate_limit: "5" } } }), false).ok,
    ).toBe(false);
    expect(parseProfileText("{ not json", false).ok).toBe(false);
  });
});

describe("tool rules", () => {
  test("restricted tools need tools.allow; deny wins", () => {
    const p = (tools: unknown) => {
      const r = parseProfileText(JSON.stringify({ product_scope: ["all"], tools }), true);
      if (!r.ok) throw new Error(r.problems.join());
      return r.profile;
    };
    expect(toolAllowed(p(undefined), "cucm_store_credentials", true).allowed).toBe(false);
    expect(toolAllowed(p(undefined), "cucm_list_credentials", false).allowed).toBe(true);
    expect(toolAllowed(p({ allow: ["*_store_credentials"] }), "cucm_os_store_credentials", true).allowed).toBe(true);
    expect(toolAllowed(p({ allow: ["*_store_credentials"] }), "cucm_delete_credentials", true).allowed).toBe(false);
    expect(toolAllowed(p({ allow: ["*"], deny: ["cuc_*"] }), "cuc_store_credentials", true).allowed).toBe(false);
    expect(toolAllowed(p({ deny: ["cucm_get_version"] }), "cucm_get_version", false).allowed).toBe(false);
  });
});

describe("profile store", () => {
  test("a broken edit keeps the last good version and is audited with the reason", () => {
    const { dir, events, audit } = setup();
    const file = join(dir, "custom.json");
    writeFileSync(file, JSON.stringify({ product_scope: ["cucm"], cucm: { axl: { rate_limit: 7 } } }));
    const store = createProfileStore({ dir, strict: true, audit, watch: false });
    expect(store.get("custom")?.cucm?.axl?.rate_limit).toBe(7);
    writeFileSync(file, '{ "product_scope": ["cucm"], "cucm": { "axl": { "rate_limit": 9 ');
    store.reload();
    expect(store.get("custom")?.cucm?.axl?.rate_limit).toBe(7);
    expect(events.at(-1)).toMatchObject({ event: "profile.rejected", profile: "custom", keptLastGood: true });
    writeFileSync(file, JSON.stringify({ product_scope: ["cucm"], cucm: { axl: { rate_limit: 9 } } }));
    store.reload();
    expect(store.get("custom")?.cucm?.axl?.rate_limit).toBe(9);
    expect(events.at(-1)).toMatchObject({ event: "profile.reloaded", profile: "custom" });
    store.close();
  });

  test("the watcher picks up a change without a restart", async () => {
    const { dir, events, audit } = setup();
    const file = join(dir, "hot.json");
    writeFileSync(file, JSON.stringify({ product_scope: ["cucm"] }));
    const store = createProfileStore({ dir, strict: true, audit, debounceMs: 20 });
    writeFileSync(file, JSON.stringify({ product_scope: ["imp"] }));
    for (let i = 0; i < 100 && store.get("hot")?.product_scope[0] !== "imp"; i++) await Bun.sleep(20);
    expect(store.get("hot")?.product_scope).toEqual(["imp"]);
    expect(events.some((e) => e.event === "profile.reloaded")).toBe(true);
    store.close();
  });
});
