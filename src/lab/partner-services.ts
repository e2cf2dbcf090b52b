/**
 * Adapters to the services the other half of the lab provides (RisPort70, VOS SSH, phone web
 * servers, CUPI), with the signatures agreed in the lab contract. The CUPI module is loaded when
 * present, so the cluster runs (without it) while it is being written.
 */
import type { LabCredentials, LabKnobs, LabNode } from "./contracts.ts";

export { phonesToServe, startPhoneServers } from "./phones/server.ts";
export { createRisHandler } from "./ris/handler.ts";
export { startVosSshServer } from "./vos-ssh/server.ts";

/** `createCupiHandler` of src/lab/cuc/cupi.ts. */
export type CreateCupiHandler = (opts: {
  node: LabNode;
  credentials: LabCredentials["cupi"];
  knobs: LabKnobs;
  dataSet: "small" | "enterprise";
  seed: number;
}) => (req: Request) => Promise<Response>;

const CUPI_MODULE = "./cuc/cupi.ts";

/** The CUPI handler factory, or undefined while the module does not exist. */
export async function loadCreateCupiHandler(): Promise<CreateCupiHandler | undefined> {
  try {
    const mod = (await import(CUPI_MODULE)) as { createCupiHandler?: CreateCupiHandler };
    return mod.createCupiHandler;
  } catch {
    return undefined;
  }
}
