import { describe, expect, test } from "bun:test";
import type { RisDeviceRecord } from "../../../wsdl/risport70.ts";
import { narrowRisQuery } from "./ris-filters.ts";

const device = (deviceClass: string, status: string) => ({ deviceClass, status }) as RisDeviceRecord;

describe("RIS RBAC filters", () => {
  test("no filters: the request passes unchanged and nothing is dropped", () => {
    const n = narrowRisQuery({ deviceClass: "Any", status: "Any" }, {});
    expect(n).toMatchObject({ deviceClass: "Any", status: "Any", applied: {} });
    expect(n.keep(device("Gateway", "Rejected"))).toBe(true);
  });

  test("a class outside the list is refused with ProfilePermissionError", () => {
    expect(() => narrowRisQuery({ deviceClass: "Gateway", status: "Any" }, { deviceClasses: ["Phone"] })).toThrow(
      expect.objectContaining({ code: "ProfilePermissionError" }),
    );
    expect(() =>
      narrowRisQuery({ deviceClass: "Any", status: "Rejected" }, { statuses: ["Registered", "UnRegistered"] }),
    ).toThrow(expect.objectContaining({ code: "ProfilePermissionError" }));
  });

  test("Any is narrowed in the query when one value is allowed, after the answer otherwise", () => {
    const one = narrowRisQuery({ deviceClass: "Any", status: "Any" }, { deviceClasses: ["Phone"] });
    expect(one.deviceClass).toBe("Phone");
    const two = narrowRisQuery({ deviceClass: "Any", status: "Any" }, { deviceClasses: ["Phone", "Cti"] });
    expect(two.deviceClass).toBe("Any");
    expect(two.keep(device("Cti", "Registered"))).toBe(true);
    expect(two.keep(device("Gateway", "Registered"))).toBe(false);
  });
});
