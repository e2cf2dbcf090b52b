/**
 * The lab's fixed, documented credentials (this is a lab on loopback addresses: they are printed
 * in the summary and written to lab.json so scripts and agents can log in).
 */
import type { LabCredentials } from "./contracts.ts";

/** Credentials every lab accepts. */
export const LAB_CREDENTIALS: Readonly<LabCredentials> = Object.freeze({
  axl: { username: "axladmin", password: "C1sco-Lab-Axl" },
  os: { username: "admin", password: "C1sco-Lab-Os" },
  phone: { username: "labphone", password: "C1sco-Lab-Phone" },
  cupi: { username: "cupiadmin", password: "C1sco-Lab-Cupi" },
});
