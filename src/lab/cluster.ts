/**
 * `startLab`: the whole Cisco UC lab on loopback addresses — CUCM publisher and subscriber (AXL
 * over the SQLite CUCM database, RisPort70, the AXL SQL Toolkit), IM&P (its own AXL and SSH),
 * Unity Connection (CUPI), VOS SSH on every node, phone web servers, the lab CA, the fault knobs
 * and lab.json. Returns a handle with everything tests need and `stop()`.
 */
import type { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { LAB_PATTERNS } from "../util/patterns.ts";
import type { LabCredentials, LabDeviceSource, LabKnobs, LabKnobValues, LabNode } from "./contracts.ts";
import { LAB_CREDENTIALS } from "./credentials.ts";
import { cucmOperations, sqlOperations, versionOperation } from "./cucm/axl/cucm-operations.ts";
import { createAxlHandler } from "./cucm/axl/handler.ts";
import { realOperations } from "./cucm/axl/real-operations.ts";
import type { DataSetSize } from "./cucm/db/dataset.ts";
import { createDeviceSource, phoneIp } from "./cucm/db/devices.ts";
import { enumProblems, enumRows, newestEnumsFile, readSchemaEnums } from "./cucm/db/enum-check.ts";
import { openCucmDatabase } from "./cucm/db/open.ts";
import { createRequestValidator } from "./cucm/schema/request-validator.ts";
import { createToolkitHandler } from "./cucm/toolkit.ts";
import { ensureHostKey } from "./host-keys.ts";
import { openImpDatabase } from "./imp/database.ts";
import { createLabKnobs } from "./knobs.ts";
import { createKnobsAdmin } from "./knobs-admin.ts";
import { createCaptures, type LabCaptures } from "./logs/captures.ts";
import { CDR_ON_DEMAND_ROUTE, createCdrOnDemandHandler } from "./logs/cdr-on-demand.ts";
import { createCdrRepository } from "./logs/cdr-repository.ts";
import { createDimeHandler, createLogCollectionHandler, LOG_ROUTES } from "./logs/log-collection.ts";
import { createTraceFiles } from "./logs/trace-files.ts";
import { type NodeRoutes, type NodeServer, startNodeServer } from "./node-server.ts";
import {
  createCupiHandler,
  createRisHandler,
  LAB_CUC_VERSION,
  phonesToServe,
  startPhoneServers,
  startVosSshServer,
} from "./partner-services.ts";
import { openLabPki } from "./pki.ts";
import { createControlCenterHandler } from "./serviceability/control-center.ts";
import { createPerfmonHandler } from "./serviceability/perfmon.ts";
import { createServiceStates } from "./serviceability/services.ts";
import { SERVICEABILITY_ROUTES } from "./serviceability/soap.ts";
import { buildSummary, type LabSummary, writeSummary } from "./summary.ts";

/** CUCM's getCCMVersion answer in the lab. */
const LAB_CUCM_VERSION = "15.0.1.12900(34)";
/** IM&P's version answer in the lab. */
const LAB_IMP_VERSION = "15.0.1.12900(22)";
/** AXL's response cap (AXL Developer Guide, "AXL throttling": 8 MB). */
const AXL_MAX_QUERY_BYTES = 8 * 1024 * 1024;

/** Options of {@link startLab}. */
export interface LabOptions {
  dataSet: "small" | "enterprise";
  stateDir: string;
  /** Two-octet prefix, e.g. `127.10` (tests pick `127.<20-250>`). */
  subnet?: string;
  /** HTTPS port, the same on every node (default 8443; 0 = any free port per node). */
  httpsPort?: number;
  /** SSH port (default 2222; 0 = any free port per node). */
  sshPort?: number;
  /** Port of the phone web servers (default: httpsPort, or 8443). */
  phonePort?: number;
  /** Where Cisco's schema files are (for /plugins/axlsqltoolkit.zip). */
  schemaDir?: string;
  seed?: number;
  /**
   * Keep the CUCM and IM&P databases in memory only (nothing written to the state directory).
   * By default they persist as `<state>/cucm.sqlite` and `<state>/imp.sqlite`.
   */
  ephemeral?: boolean;
  /** Discard the persisted databases and generate the data set again. */
  fresh?: boolean;
  /** executeSQLQuery answer cap (default 8 MB); tests lower it. */
  maxQueryBytes?: number;
  /** Knob values at start (tests shorten the VOS login delay). */
  knobs?: Partial<LabKnobValues>;
  /** Test hook: every CUCM AXL exchange (request and response bodies), e.g. for XSD validation. */
  onAxlExchange?: (exchange: { node: string; request: string; response: string; status: number }) => void;
  logger?: {
    info(fields: Record<string, unknown>, message: string): void;
    error(fields: Record<string, unknown>, message: string): void;
  };
}

/** A running lab. */
export interface LabHandle {
  nodes: LabNode[];
  summary: LabSummary;
  summaryPath: string;
  knobs: LabKnobs;
  caCertPath: string;
  caCertPem: string;
  credentials: LabCredentials;
  /** The CUCM database (shared by publisher and subscriber) and the IM&P one. */
  db: Database;
  impDb: Database;
  devices: LabDeviceSource;
  counts: DataSetSize;
  /** Replaces a node's SSH host key; resolves to the new fingerprint. */
  replaceHostKey(node: string): Promise<string>;
  stop(): Promise<void>;
}

/** The four nodes of a lab in `subnet`. */
function labNodes(subnet: string, httpsPort: number, sshPort: number): LabNode[] {
  const node = (name: string, product: LabNode["product"], role: LabNode["role"], host: number): LabNode => ({
    name,
    product,
    role,
    ip: `${subnet}.0.${host}`,
    httpsPort,
    sshPort,
  });
  return [
    node("cucm-pub", "cucm", "publisher", 11),
    node("cucm-sub", "cucm", "subscriber", 12),
    node("imp-pub", "imp", "publisher", 21),
    node("cuc-pub", "cuc", "publisher", 31),
  ];
}

/** Starts the lab; throws with a clear message when an address or port is taken. */
export async function startLab(options: LabOptions): Promise<LabHandle> {
  if (options.dataSet !== "small" && options.dataSet !== "enterprise") {
    throw new Error(`dataSet must be "small" or "enterprise" (got "${String(options.dataSet)}")`);
  }
  const subnet = options.subnet ?? "127.10";
  const octet = Number(LAB_PATTERNS.labSubnet.exec(subnet)?.[1] ?? Number.NaN);
  if (!(octet >= 0 && octet <= 255)) throw new Error(`subnet must look like 127.N with N in 0-255 (got "${subnet}")`);
  const seed = options.seed ?? 1;
  const stateDir = resolve(options.stateDir);
  mkdirSync(join(stateDir, "pki"), { recursive: true, mode: 0o700 });
  mkdirSync(join(stateDir, "ssh"), { recursive: true, mode: 0o700 });
  const nodes = labNodes(subnet, options.httpsPort ?? 8443, options.sshPort ?? 2222);
  const cucm = nodes.filter((n) => n.product === "cucm");
  const knobs = createLabKnobs(options.knobs);
  const credentials: LabCredentials = structuredClone(LAB_CREDENTIALS) as LabCredentials;
  const pki = openLabPki(join(stateDir, "pki"));
  // Enumerations follow Cisco's AXLEnums.xsd when the lab has it (names and order checked).
  const enumsFile = newestEnumsFile(options.schemaDir);
  const schemaEnums = enumsFile ? readSchemaEnums(enumsFile) : undefined;
  for (const problem of schemaEnums ? enumProblems(schemaEnums) : [])
    options.logger?.error({ problem }, "lab enumeration differs from AXLEnums.xsd");
  const persist = (file: string) => (options.ephemeral ? {} : { file: join(stateDir, file), fresh: options.fresh });
  const { db, size } = openCucmDatabase(
    options.dataSet,
    seed,
    nodes
      .filter((n) => n.product !== "cuc")
      .map((n) => ({ name: n.name, role: n.role, product: n.product === "imp" ? "imp" : "cucm" })),
    { ...persist("cucm.sqlite"), enums: enumRows(schemaEnums) },
  );
  const users = db.query("SELECT pkid, userid, mailid FROM enduser ORDER BY rowid").all() as Array<{
    pkid: string;
    userid: string;
    mailid: string;
  }>;
  const impDb = openImpDatabase("imp-pub", users, persist("imp.sqlite"));
  const phonePort = options.phonePort ?? (options.httpsPort || 8443);
  const devices = createDeviceSource({
    db,
    subnet,
    cucmNodes: cucm.map((n) => n.name),
    epoch: 1_767_225_600,
    webPort: phonePort,
  });
  const maxQueryBytes = options.maxQueryBytes ?? AXL_MAX_QUERY_BYTES;
  const servers: NodeServer[] = [];
  const closers: Array<() => Promise<void>> = [];
  const ssh = new Map<string, Awaited<ReturnType<typeof startVosSshServer>>>();
  const stop = async (): Promise<void> => {
    for (const fn of closers.splice(0).reverse()) await fn().catch(() => undefined);
    db.close();
    impDb.close();
  };
  try {
    const cucmOps = cucmOperations({ db, version: LAB_CUCM_VERSION, maxQueryBytes, schemaDir: options.schemaDir });
    const impOps = new Map([versionOperation(LAB_IMP_VERSION), ...sqlOperations(impDb, maxQueryBytes)]);
    const toolkit = createToolkitHandler(options.schemaDir);
    const isRealCucmOperation = realOperations(options.schemaDir);
    const validateAxl = createRequestValidator(options.schemaDir, "15.0");
    const admin = createKnobsAdmin({
      knobs,
      credentials: credentials.axl,
      replaceHostKey: async (name) => {
        const server = ssh.get(name);
        if (!server) throw new Error(`unknown node "${name}"; nodes: ${[...ssh.keys()].join(", ")}`);
        return server.replaceHostKey();
      },
    });
    const serviceStates = createServiceStates(nodes);
    const captures = new Map<string, LabCaptures>();
    const traceEpoch = Math.floor(Date.now() / 600_000) * 600_000 - 3_600_000;
    // The publisher is the CDR repository node: it holds the CDRs of every CUCM node's calls.
    const cdrRepository = createCdrRepository(
      nodes.filter((n) => n.product === "cucm"),
      devices,
      traceEpoch,
    );
    for (const node of nodes) {
      const routes: NodeRoutes = {};
      if (node.product === "cucm" || node.product === "imp") {
        routes[SERVICEABILITY_ROUTES.controlCenter] = createControlCenterHandler({
          node,
          states: serviceStates,
          credentials: credentials.axl,
          version: node.product === "imp" ? LAB_IMP_VERSION : LAB_CUCM_VERSION,
        });
        routes[SERVICEABILITY_ROUTES.perfmon] = createPerfmonHandler({ node, devices, credentials: credentials.axl });
      }
      if (node.product === "cucm") {
        // Traces begin an hour before the lab started, so "the last hour" already holds calls.
        const traces = createTraceFiles(node, devices, traceEpoch);
        const nodeCaptures = createCaptures(node, devices);
        captures.set(node.name, nodeCaptures);
        routes[LOG_ROUTES.logCollection] = createLogCollectionHandler({ node, traces, credentials: credentials.axl });
        const isRepository = node.product === "cucm" && node.role === "publisher";
        routes[LOG_ROUTES.dime] = createDimeHandler({
          credentials: credentials.axl,
          read: (p) => traces.read(p) ?? nodeCaptures.read(p) ?? (isRepository ? cdrRepository.read(p) : undefined),
        });
        if (isRepository)
          routes[CDR_ON_DEMAND_ROUTE] = createCdrOnDemandHandler({
            repository: cdrRepository,
            credentials: credentials.axl,
          });
      }
      if (node.product === "cucm") {
        routes["/axl/"] = captured(
          node.name,
          createAxlHandler({
            node,
            credentials: credentials.axl,
            knobs,
            operations: cucmOps,
            title: "Cisco CallManager: AXL Web Service",
            isRealOperation: isRealCucmOperation,
            validate: validateAxl,
          }),
          options.onAxlExchange,
        );
        routes["/plugins/axlsqltoolkit.zip"] = basicGuard(credentials.axl, () => {
          // A user without access to the plugins page gets Tomcat's 403 (knob toolkitRefusedStatus).
          const refused = knobs.get().toolkitRefusedStatus;
          return refused > 0 ? new Response("Forbidden", { status: refused }) : toolkit();
        });
        routes["/realtimeservice2/services/RISService70"] = createRisHandler({
          node,
          nodes,
          devices,
          knobs,
          credentials: credentials.axl,
          schemaDir: options.schemaDir,
        });
      }
      if (node.name === "cucm-pub") {
        routes["/lab/knobs"] = admin.knobs;
        routes["/lab/host-key"] = admin.hostKey;
      }
      if (node.product === "imp") {
        routes["/axl/"] = createAxlHandler({
          node,
          credentials: credentials.axl,
          knobs,
          operations: impOps,
          title: "Cisco IM and Presence: AXL Web Service",
        });
      }
      if (node.product === "cuc") {
        routes["/vmrest/"] = createCupiHandler({
          node,
          credentials: credentials.cupi,
          knobs,
          dataSet: options.dataSet,
          seed,
        });
      }
      const tls = pki.issue(node.name, [node.ip], [node.name, `${node.name}.lab.local`]);
      const server = startNodeServer(node, tls, routes, (error, path) =>
        options.logger?.error(
          { node: node.name, path, err: error instanceof Error ? error.message : String(error) },
          "lab handler failed",
        ),
      );
      servers.push(server);
      closers.push(() => server.stop());
      node.httpsPort = Number(new URL(server.url).port);
      const hostKeyPath = join(stateDir, "ssh", `${node.name}.key`);
      ensureHostKey(hostKeyPath);
      const sshServer = await startVosSshServer({
        node,
        hostKeyPath,
        credentials: credentials.os,
        knobs,
        version:
          node.product === "imp" ? "15.0.1.12900-22" : node.product === "cuc" ? LAB_CUC_VERSION : "15.0.1.12900-34",
        clusterNodes: nodes,
        ...(captures.has(node.name) ? { captures: captures.get(node.name) } : {}),
        services: {
          list: () => serviceStates.list(node.name),
          control: (action, names) => serviceStates.control(node.name, action, names),
        },
      });
      ssh.set(node.name, sshServer);
      closers.push(() => sshServer.close());
      node.sshPort = sshServer.port;
    }
    const phones = phonesToServe(devices.risDevices());
    const phoneTls = pki.issue(
      "phones",
      phones.map((p) => p.ip),
      ["phones.lab.local"],
    );
    const running = await startPhoneServers({ phones, tls: phoneTls, credentials: credentials.phone, port: phonePort });
    closers.push(() => running.close());
    const phoneNote = `${running.count} phone web servers on port ${running.port}`;
    const summary = buildSummary({
      dataSet: options.dataSet,
      seed,
      subnet,
      caFile: pki.caCertPath,
      credentials,
      nodes,
      cupi: true,
      fingerprint: (name) => ssh.get(name)?.fingerprint(),
      phones: { count: size.phones, firstIp: phoneIp(subnet, 0), webPort: phonePort, note: phoneNote },
      counts: size,
    });
    const summaryPath = writeSummary(stateDir, summary);
    options.logger?.info({ subnet, dataSet: options.dataSet }, "lab started");
    return {
      nodes,
      summary,
      summaryPath,
      knobs,
      caCertPath: pki.caCertPath,
      caCertPem: pki.caCertPem,
      credentials,
      db,
      impDb,
      devices,
      counts: size,
      replaceHostKey: async (name) => {
        const server = ssh.get(name);
        if (!server) throw new Error(`unknown node "${name}"`);
        return server.replaceHostKey();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function basicGuard(creds: LabCredentials["axl"], handler: () => Response): (req: Request) => Response {
  const expected = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
  return (req) =>
    req.headers.get("authorization") === expected
      ? handler()
      : new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Basic realm="Cisco"' } });
}

/** Wraps an AXL handler so `hook` sees each POST's request and response bodies (no hook: unchanged). */
function captured(
  node: string,
  handler: (req: Request) => Promise<Response>,
  hook: LabOptions["onAxlExchange"],
): (req: Request) => Promise<Response> {
  if (!hook) return handler;
  return async (req) => {
    if (req.method !== "POST") return handler(req);
    const request = await req.clone().text();
    const res = await handler(req);
    res
      .clone()
      .text()
      .then(
        (response) => hook({ node, request, response, status: res.status }),
        () => hook({ node, request, response: "", status: -1 }),
      );
    return res;
  };
}
