/**
 * The services the other half of the lab provides (RisPort70, VOS SSH, phone web servers,
 * CUPI), imported in one place with the signatures agreed in the lab contract, so the cluster
 * depends on this file only.
 */
export { createCupiHandler, LAB_CUC_VERSION } from "./cuc/cupi.ts";
export { phonesToServe, startPhoneServers } from "./phones/server.ts";
export { createRisHandler } from "./ris/handler.ts";
export { startVosSshServer } from "./vos-ssh/server.ts";
