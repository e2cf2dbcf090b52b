/**
 * LogCollectionPortTypeService (`/logcollectionservice2/services/LogCollectionPortTypeService`,
 * LogCollectionPortTypeService.wsdl, namespace `http://schemas.cisco.com/ast/soap`):
 * listNodeServiceLogs names the services whose logs a node keeps; selectLogFiles lists the files
 * of some services in a window. The window goes as FromDate/ToDate (`MM/DD/YY hh:mm AM`) with
 * TimeZone in Cisco's `Client: (GMT+0:0)…` form, RelText "None" and JobType DownloadtoClient, so
 * nothing is pushed anywhere: the files are then fetched one by one with GetOneFile (dime.ts).
 */
import type { FetchLike } from "../http.ts";
import { callServiceability, type ServiceabilityTarget } from "../serviceability/soap-call.ts";
import { asList, objectOf, textOf } from "../soap/shape.ts";

/** One file selectLogFiles lists. */
export interface LogFile {
  service: string;
  name: string;
  path: string;
  size: number | null;
  modified: string;
}

/** The client. */
export interface LogCollectionClient {
  /** The service log names the node keeps. */
  services(target: ServiceabilityTarget, signal?: AbortSignal): Promise<string[]>;
  /** Files of `services` modified between `from` and `to`. */
  select(
    target: ServiceabilityTarget,
    services: string[],
    from: Date,
    to: Date,
    signal?: AbortSignal,
  ): Promise<LogFile[]>;
}

const two = (n: number) => String(n).padStart(2, "0");

/** A date in the `MM/DD/YY hh:mm AM` form selectLogFiles takes (UTC). */
function ciscoDate(d: Date): string {
  const h = d.getUTCHours();
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)} ${h % 12 === 0 ? 12 : h % 12}:${two(d.getUTCMinutes())} ${h < 12 ? "AM" : "PM"}`;
}

/** Creates the client on an injected fetch. */
export function createLogCollectionClient(fetchFn: FetchLike): LogCollectionClient {
  return {
    async services(target, signal) {
      const body = await callServiceability(fetchFn, target, {
        service: "logCollection",
        operation: "listNodeServiceLogs",
        payload: { ListRequest: "" },
        ...(signal ? { signal } : {}),
      });
      return asList<Record<string, unknown>>(body.value["listNodeServiceLogsReturn"]).flatMap((n) =>
        asList(objectOf(n["ServiceLog"])["item"]).map((i) => textOf(i) ?? ""),
      );
    },
    async select(target, services, from, to, signal) {
      const body = await callServiceability(fetchFn, target, {
        service: "logCollection",
        operation: "selectLogFiles",
        payload: {
          FileSelectionCriteria: {
            ServiceLogs: { item: services },
            SystemLogs: "",
            SearchStr: "",
            Frequency: "OnDemand",
            JobType: "DownloadtoClient",
            ToDate: ciscoDate(to),
            FromDate: ciscoDate(from),
            TimeZone: "Client: (GMT+0:0)Greenwich Mean Time",
            RelText: "None",
            RelTime: 0,
            Port: 0,
            IPAddress: "",
            UserName: "",
            Password: "",
            ZipInfo: false,
            RemoteFolder: "",
          },
        },
        ...(signal ? { signal } : {}),
      });
      const node = objectOf(objectOf(objectOf(body.value["ResultSet"])["SchemaFileSelectionResult"])["Node"]);
      return asList<Record<string, unknown>>(objectOf(node["ServiceList"])["ServiceLogs"]).flatMap((s) => {
        const service = textOf(s["name"]) ?? "";
        return asList<Record<string, unknown>>(objectOf(s["SetOfFiles"])["File"]).map((f) => {
          const size = Number(textOf(f["filesize"]));
          return {
            service,
            name: textOf(f["name"]) ?? "",
            path: textOf(f["absolutepath"]) ?? "",
            size: Number.isFinite(size) ? size : null,
            modified: textOf(f["modifiedDate"]) ?? "",
          };
        });
      });
    },
  };
}
