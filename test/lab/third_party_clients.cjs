// Runs two published npm clients, unchanged, against the lab (their README flows):
//   cisco-axl (strong-soap over Cisco's WSDL) and cisco-risport (RisPort70).
// Usage: node third_party_clients.cjs HOST USER PASSWORD  (NODE_EXTRA_CA_CERTS = the lab CA)
// Prints one JSON object: step -> short result, or {error} for the first step that fails.
const AxlService = require("cisco-axl");
const RisPortService = require("cisco-risport");

const [host, username, password] = process.argv.slice(2);
const out = {};

async function step(name, fn) {
  try {
    out[name] = await fn();
  } catch (error) {
    const detail = error?.faultstring ?? error?.message ?? JSON.stringify(error);
    out[name] = { error: String(detail) };
  }
}

(async () => {
  const axl = new AxlService(host, username, password, "15.0");
  // README "Usage": addRoutePartition with the optional tags left empty (the library drops
  // empty top-level values only, so the nested empty ones reach the node).
  await step("addRoutePartitionReadme", () =>
    axl.executeOperation("addRoutePartition", {
      routePartition: {
        name: "INTERNAL-PT",
        description: "Internal directory numbers",
        timeScheduleIdName: "",
        useOriginatingDeviceTimeZone: "",
        timeZone: "",
        partitionUsage: "",
      },
    }),
  );
  await step("addRoutePartition", () =>
    axl.executeOperation("addRoutePartition", {
      routePartition: { name: "THIRDPARTY-PT", description: "Added by cisco-axl" },
    }),
  );
  await step("getOperationTags", async () => Object.keys(await axl.getOperationTags("listPhone")));
  await step("listPhone", async () => {
    const r = await axl.executeOperation(
      "listPhone",
      { searchCriteria: { name: "SEP%" }, returnedTags: { name: "", model: "", description: "" } },
      { clean: true, removeAttributes: true },
    );
    return (Array.isArray(r.phone) ? r.phone : [r.phone]).map((p) => p.model);
  });
  await step("getPhone", async () => {
    const r = await axl.executeOperation(
      "getPhone",
      { name: "SEP00A1B2C30000" },
      { clean: true, removeAttributes: true },
    );
    return r.phone.model;
  });
  await step("updateLine", () =>
    axl.executeOperation("updateLine", {
      pattern: "1000",
      routePartitionName: "PT-Internal",
      description: "Updated by cisco-axl",
    }),
  );
  await step("executeSQLQuery", async () => {
    const r = await axl.executeOperation("executeSQLQuery", {
      sql: "select limit 2 name from device where tkclass = 1",
    });
    return r.row.length;
  });
  await step("removeRoutePartition", () => axl.executeOperation("removeRoutePartition", { name: "THIRDPARTY-PT" }));

  const ris = new RisPortService(host, username, password);
  await step("selectCmDeviceReadme", async () => {
    const r = await ris.selectCmDevice("SelectCmDevice", 1000, "Any", "", "Any", "", "Name", "", "Any", "Any");
    return r?.results?.length ?? r?.TotalDevicesFound ?? JSON.stringify(r).slice(0, 200);
  });
  // By model name: the client turns "Cisco 8845" into CUCM's typemodel 36224 with its own table.
  // (Status, protocol and download status are given: the client sends "undefined" for any left out.)
  await step("selectCmDeviceByModel", async () => {
    const r = await ris.selectCmDevice({
      action: "SelectCmDevice",
      maxReturned: 1000,
      deviceClass: "Phone",
      model: "Cisco 8845",
      status: "Any",
      selectBy: "Name",
      selectItems: ["*"],
      protocol: "Any",
      downloadStatus: "Any",
    });
    const nodes = Array.isArray(r.results) ? r.results : [r.results];
    const devices = nodes.flatMap((n) => {
      const items = n?.CmDevices?.item ?? [];
      return Array.isArray(items) ? items : [items];
    });
    return [...new Set(devices.map((d) => `${d.Name}:${d.Model}`))].sort();
  });
  process.stdout.write(JSON.stringify(out));
})();
