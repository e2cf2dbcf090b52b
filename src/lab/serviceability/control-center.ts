/**
 * The lab's ControlCenterServices endpoint (`/controlcenterservice2/services/ControlCenterServices`,
 * ControlCenterServices.wsdl): soapGetServiceStatus (an empty ServiceStatus asks for every
 * service), soapDoControlServices (Start / Stop / Restart on this node), soapGetStaticServiceList
 * and getProductInformationList. State comes from the shared service tables (services.ts).
 * Fault texts for unknown services and foreign node names are the lab's own wording (docs/lab.md).
 */
import type { LabCredentials, LabNode } from "../contracts.ts";
import type { LabService, ServiceStates } from "./services.ts";
import { el, LabSoapFault, type SoapRequest, soapEndpoint, soapResponse, textOf } from "./soap.ts";

/** Options of {@link createControlCenterHandler}. */
export interface ControlCenterOptions {
  node: LabNode;
  states: ServiceStates;
  credentials: LabCredentials["axl"];
  version: string;
  now?: () => number;
}

const NOT_ACTIVATED = -1068;

function serviceXml(s: LabService, now: number): string {
  const running = s.status === "Started" || s.status === "Starting";
  const start = new Date(s.startedAt).toUTCString().replace(",", "").replace(" GMT", "");
  return el("item", {
    xml:
      el("ServiceName", s.name) +
      el("ServiceStatus", s.status) +
      el("ReasonCode", s.activated ? -1 : NOT_ACTIVATED) +
      el("ReasonCodeString", s.reason === "" ? " " : s.reason) +
      el("StartTime", running ? start : "") +
      el("UpTime", running ? Math.max(0, Math.floor((now - s.startedAt) / 1000)) : -1),
  });
}

function statusReturn(tag: string, services: LabService[], now: number): string {
  return el(tag, {
    xml:
      el("ReturnCode", "0") +
      el("ReasonCode", -1) +
      el("ReasonString", " ") +
      el("ServiceInfoList", { xml: services.map((s) => serviceXml(s, now)).join("") }),
  });
}

/** Creates the handler of one node. */
export function createControlCenterHandler(opts: ControlCenterOptions): (req: Request) => Promise<Response> {
  const now = opts.now ?? Date.now;
  const node = opts.node;
  const names = new Set([node.name, node.ip, `${node.name}.lab.local`].map((n) => n.toLowerCase()));
  const find = (wanted: string[]): LabService[] => {
    const all = opts.states.list(node.name);
    return wanted.map((w) => {
      const s = all.find((x) => x.name.toLowerCase() === w.trim().toLowerCase());
      if (!s) throw new LabSoapFault(`Service "${w}" is not a valid service name on ${node.name}.`);
      return s;
    });
  };
  // CUCM writes the build with a dash in these answers (15.0.1.12900-34).
  const version = opts.version.replace(/\((\d+)\)$/, "-$1");
  const answer = (req: SoapRequest): string => {
    switch (req.operation) {
      case "soapGetServiceStatus": {
        const wanted = (req.body["ServiceStatus"] as unknown[] | undefined)?.map(textOf).filter((n) => n !== "") ?? [];
        const services = wanted.length === 0 ? opts.states.list(node.name) : find(wanted);
        return soapResponse(req.operation, statusReturn("soapGetServiceStatusReturn", services, now()));
      }
      case "soapDoControlServices": {
        const request = (req.body["ControlServiceRequest"] ?? {}) as Record<string, unknown>;
        const nodeName = textOf(request["NodeName"]);
        if (!names.has(nodeName.toLowerCase()))
          throw new LabSoapFault(
            `NodeName "${nodeName}" is not this node (${node.name}); send the request to that node.`,
          );
        const action = textOf(request["ControlType"]);
        if (action !== "Start" && action !== "Stop" && action !== "Restart")
          throw new LabSoapFault(`ControlType "${action}" is not one of Start, Stop, Restart.`);
        const list = (request["ServiceList"] ?? {}) as Record<string, unknown>;
        const wanted = ((list["item"] as unknown[] | undefined) ?? []).map(textOf).filter((n) => n !== "");
        if (wanted.length === 0) throw new LabSoapFault("ServiceList is empty: name at least one service.");
        find(wanted);
        const changed = opts.states.control(node.name, action, wanted);
        return soapResponse(req.operation, statusReturn("soapDoControlServicesReturn", changed, now()));
      }
      case "soapGetStaticServiceList": {
        const items = opts.states
          .list(node.name)
          .map((s) =>
            el("item", {
              xml:
                el("ServiceName", s.name) +
                el("ServiceType", "Service") +
                el("Deployable", s.name.startsWith("Cisco") && s.name !== "Cisco Tomcat") +
                el("GroupName", groupOf(s.name)) +
                el("DependentServices", { xml: "" }),
            }),
          )
          .join("");
        return soapResponse(
          req.operation,
          el("soapGetStaticServiceListReturn", { xml: el("Services", { xml: items }) }),
        );
      }
      case "getProductInformationList": {
        const product = { cucm: "CallManager", imp: "Presence", cuc: "Unity Connection" }[node.product];
        return soapResponse(
          req.operation,
          el("getProductInformationListReturn", {
            xml:
              el("ActiveServerVersion", version) +
              el("PrimaryNode", node.role === "publisher" ? node.name : "") +
              el("SecondaryNode", node.role === "subscriber" ? node.name : "") +
              el("Products", {
                xml: el("item", {
                  xml:
                    el("ProductName", `Cisco ${product}`) +
                    el("ProductVersion", version) +
                    el("ProductDescription", `Cisco ${product}`) +
                    el("ProductID", product) +
                    el("ShortName", product),
                }),
              }) +
              el("Services", { xml: "" }),
          }),
        );
      }
      default:
        throw new LabSoapFault(
          `The lab does not simulate ControlCenterServices operation ${req.operation}; it serves soapGetServiceStatus, soapDoControlServices, soapGetStaticServiceList and getProductInformationList.`,
        );
    }
  };
  return soapEndpoint("ControlCenterServices", opts.credentials, answer);
}

function groupOf(name: string): string {
  if (/CallManager|CTIManager|Tftp/.test(name)) return "CM Services";
  if (/CDR|CAR/.test(name)) return "CDR Services";
  if (/DB|Database/.test(name)) return "Database and Admin Services";
  if (/Presence|XCP|SIP Proxy|Sync Agent/.test(name)) return "IM and Presence Services";
  return "Platform Services";
}
