/**
 * Adapters to the services the other half of the lab provides (RisPort70, VOS SSH, phone web
 * servers, CUPI), with the signatures agreed in the lab contract. The phone and CUPI modules are
 * loaded when present, so the cluster runs (without them) while they are being written.
 */
import type { LabCredentials, LabKnobs, LabNode, RisDevice } from "./contracts.ts";

export { createRisHandler } from "./ris/handler.ts";
export { startVosSshServer } from "./vos-ssh/server.ts";

/** `startPhoneServers` of src/lab/phones/server.ts. */
export type StartPhoneServers = (opts: {
  phones: RisDevice[];
  tls: { certPem: string; keyPem: string } | ((ip: string) => { certPem: string; keyPem: string });
  credentials: LabCredentials["phone"];
  port: number;
}) => Promise<{ port: number; count: number; close(): Promise<void> }>;

/** `createCupiHandler` of src/lab/cuc/cupi.ts. */
export type CreateCupiHandler = (opts: {
  node: LabNode;
  credentials: LabCredentials["cupi"];
  knobs: LabKnobs;
  dataSet: "small" | "enterprise";
  seed: number;
}) => (req: Request) => Promise<Response>;

const PHONES_MODULE = "./phones/server.ts";
const CUPI_MODULE = "./cuc/cupi.ts";

/** The phone servers' starter, or undefined while the module does not exist. */
export async function loadStartPhoneServers(): Promise<StartPhoneServers | undefined> {
  try {
    const mod = (await import(PHONES_MODULE)) as { startPhoneServers?: StartPhoneServers };
    return mod.startPhoneServers;
  } catch {
    return undefined;
  }
}

/** The CUPI handler factory, or undefined while the module does not exist. */
export async function loadCreateCupiHandler(): Promise<CreateCupiHandler | undefined> {
  try {
    const mod = (await import(CUPI_MODULE)) as { createCupiHandler?: CreateCupiHandler };
    return mod.createCupiHandler;
  } catch {
    return undefined;
  }
}
