/**
 * The lab publisher's CDRonDemandService (`/CDRonDemandService2/services/CDRonDemandService`):
 * get_file_list(in0 lower bound, in1 upper bound, in2 boolean) names the repository's CDR and CMR
 * files whose minute lies within the bounds (both `YYYYMMDDHHMM`, UTC, inclusive). A malformed
 * bound, an upper bound before the lower one or a window over one hour is a Client fault, as the
 * real service refuses them (the fault texts are our own wording). get_file, which would push a
 * file over (S)FTP, is refused: the lab's files are read with DIME GetOneFile instead.
 */
import type { LabCredentials } from "../contracts.ts";
import { el, LabSoapFault, soapEndpoint, soapResponse, textOf } from "../serviceability/soap.ts";
import { type LabCdrRepository, minuteOfStamp } from "./cdr-repository.ts";

/** Where the publisher serves it. */
export const CDR_ON_DEMAND_ROUTE = "/CDRonDemandService2/services/CDRonDemandService";

const HOUR_MS = 3_600_000;

/** `YYYYMMDDHHMM` to ms, or a fault naming the element. */
function bound(value: unknown, element: string): number {
  const text = textOf(value).trim();
  const ms = minuteOfStamp(text);
  if (Number.isNaN(ms)) throw new LabSoapFault(`${element} "${text}" is not a time in YYYYMMDDHHMM form (UTC).`);
  return ms;
}

/** The handler. */
export function createCdrOnDemandHandler(opts: {
  repository: LabCdrRepository;
  credentials: LabCredentials["axl"];
}): (req: Request) => Promise<Response> {
  return soapEndpoint("CDRonDemandService", opts.credentials, (req) => {
    if (req.operation === "get_file")
      throw new LabSoapFault(
        "The lab has no (S)FTP destination to push CDR files to; read them with DIME GetOneFile from /var/log/active/cm/cdr_repository/processed/<YYYYMMDD>/.",
        "Server",
      );
    if (req.operation !== "get_file_list")
      throw new LabSoapFault(
        `CDRonDemandService has no operation ${req.operation}; it serves get_file_list and get_file.`,
      );
    const lower = bound(req.body["in0"], "in0 (lower time bound)");
    const upper = bound(req.body["in1"], "in1 (upper time bound)");
    if (upper < lower) throw new LabSoapFault("The upper time bound (in1) is earlier than the lower time bound (in0).");
    if (upper - lower > HOUR_MS)
      throw new LabSoapFault("The time interval between in0 and in1 must not exceed one hour (60 minutes).");
    const names = opts.repository.list(lower, upper).map((f) => el("FileName", f.name));
    return soapResponse("get_file_list", el("get_file_listReturn", { xml: names.join("") }));
  });
}
