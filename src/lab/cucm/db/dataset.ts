/**
 * The lab data sets. `small`: a handful of everything, for tests and demos. `enterprise`: 50,000
 * phones, 60,000 lines and 20,000 users, for benchmarks. Both are deterministic for a seed, and
 * generated in one transaction with prepared statements so the enterprise set takes seconds.
 */
import type { Database } from "bun:sqlite";
import { enumOf, TYPE_CLASS, TYPE_DEVICE_PROTOCOL, TYPE_MODEL, TYPE_SUPPORTS_FEATURE } from "./enums.ts";
import { createRandom, type LabRandom } from "./random.ts";
import { NAMED_TABLES } from "./schema.ts";

/** Names of the data sets. */
export type LabDataSetName = "small" | "enterprise";

/** How many objects of each kind a data set holds. */
export interface DataSetSize {
  phones: number;
  lines: number;
  users: number;
}

/** The sizes of the two data sets. */
const DATA_SET_SIZES: Record<LabDataSetName, DataSetSize> = {
  small: { phones: 8, lines: 10, users: 6 },
  enterprise: { phones: 50_000, lines: 60_000, users: 20_000 },
};

/** The cluster nodes written into processnode (CUCM nodes also get a callmanager row). */
export interface DataSetNode {
  name: string;
  role: "publisher" | "subscriber";
  /** Default "cucm"; IM&P nodes are processnode rows too (role CUCM IM and Presence). */
  product?: "cucm" | "imp";
  ip?: string;
}

const FIRST = ["Alice", "Bruno", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Karin", "Liam"];
const LAST = ["Martin", "Bernard", "Dubois", "Garcia", "Keller", "Novak", "Rossi", "Schmidt", "Silva", "Walsh"];
const DEPARTMENTS = ["Sales", "Support", "Engineering", "Finance", "Operations"];
const SIP = enumOf(TYPE_DEVICE_PROTOCOL, "SIP");
const model = (name: string): number => enumOf(TYPE_MODEL, name);
/** The phone models the data sets rotate through, with their protocol. */
const PHONE_MODELS: ReadonlyArray<[number, number]> = [
  [model("Cisco 8845"), SIP],
  [model("Cisco 7841"), SIP],
  [model("Cisco 8865"), SIP],
  [model("Cisco 7821"), enumOf(TYPE_DEVICE_PROTOCOL, "SCCP")],
];
/** Standard application users every CUCM install has, plus the lab's AXL account. */
const APP_USERS: ReadonlyArray<[string, boolean]> = [
  ["CCMSysUser", true],
  ["CCMQRTSysUser", true],
  ["WDSysUser", true],
  ["CCMQRTSecureSysUser", true],
  ["IPMASysUser", true],
  ["WDSecureSysUser", true],
  ["TabSyncUser", true],
  ["CUCService", true],
  ["ccmadministrator", false],
  ["axladmin", false],
];

/** Fills an empty schema with the data set; returns the sizes written. */
export function populate(db: Database, name: LabDataSetName, seed: number, nodes: DataSetNode[]): DataSetSize {
  const size = DATA_SET_SIZES[name];
  const rnd = createRandom(seed);
  db.transaction(() => fill(db, size, rnd, nodes))();
  return size;
}

function fill(db: Database, size: DataSetSize, rnd: LabRandom, nodes: DataSetNode[]): void {
  const named = new Map<string, string>();
  for (const table of NAMED_TABLES) {
    const insert = db.prepare(`INSERT INTO ${table} (pkid, name) VALUES (?, ?)`);
    for (const name of namedRows(table)) {
      const pkid = rnd.uuid();
      insert.run(pkid, name);
      named.set(`${table}:${name}`, pkid);
    }
  }
  const ref = (table: string, name: string): string => named.get(`${table}:${name}`) ?? "";
  const insertNode = db.prepare(
    "INSERT INTO processnode (pkid, name, mac, description, tknodeusage, tkprocessnoderole, isactive, systemnode) VALUES (?, ?, ?, ?, ?, ?, 't', ?)",
  );
  // CUCM keeps a system row named EnterpriseWideData beside the real servers.
  insertNode.run(rnd.uuid(), "EnterpriseWideData", "", "", 0, 1, "t");
  const cmGroup = rnd.uuid();
  db.prepare("INSERT INTO callmanagergroup (pkid, name, tftpdefault) VALUES (?, 'Default', 't')").run(cmGroup);
  named.set("callmanagergroup:Default", cmGroup);
  let priority = 0;
  for (const node of nodes) {
    const pkid = rnd.uuid();
    const imp = node.product === "imp";
    insertNode.run(
      pkid,
      node.name,
      "",
      imp ? "IM and Presence" : `CUCM ${node.role}`,
      node.role === "publisher" ? 0 : 1,
      imp ? 2 : 1,
      "f",
    );
    if (imp) continue;
    const cm = rnd.uuid();
    db.prepare("INSERT INTO callmanager VALUES (?, ?, ?, ?)").run(
      cm,
      `CM_${node.name}`,
      `CallManager on ${node.name}`,
      pkid,
    );
    db.prepare("INSERT INTO callmanagergroupmember VALUES (?, ?, ?, ?)").run(rnd.uuid(), cmGroup, cm, priority++);
  }
  const insertAppUser = db.prepare(
    "INSERT INTO applicationuser (pkid, name, fkpresencegroup, isstandard, acceptpresencesubscription) VALUES (?, ?, ?, ?, ?)",
  );
  for (const [name, standard] of APP_USERS)
    insertAppUser.run(
      rnd.uuid(),
      name,
      ref("presencegroup", "Standard Presence group"),
      standard ? "t" : "f",
      standard ? "f" : "t",
    );
  db.prepare("INSERT INTO ldapdirectory (pkid, name, ldapdn, usersearchbase) VALUES (?, ?, ?, ?)").run(
    rnd.uuid(),
    "LDAP-Corp",
    "cn=axl-sync,ou=service,dc=lab,dc=example",
    "ou=people,dc=lab,dc=example",
  );
  const pools = ["Default", "DP-HQ", "DP-Branch"].map((pool) => {
    const pkid = rnd.uuid();
    db.prepare("INSERT INTO devicepool VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
      pkid,
      pool,
      ref("callmanagergroup", "Default"),
      ref("datetimesetting", "CMLocal"),
      ref("region", "Default"),
      ref("srst", "Disable"),
      null,
      ref("location", "Hub_None"),
    );
    return pkid;
  });
  const partitions = ["PT-Internal", "PT-PSTN", "PT-Emergency"].map((part) => {
    const pkid = rnd.uuid();
    db.prepare("INSERT INTO routepartition (pkid, name, description, tkpartitionusage) VALUES (?, ?, ?, 2)").run(
      pkid,
      part,
      `${part.slice(3)} numbers`,
    );
    return pkid;
  });
  const cssRows: Array<[string, string[]]> = [
    ["CSS-Internal", ["PT-Internal", "PT-Emergency"]],
    ["CSS-National", ["PT-Internal", "PT-PSTN", "PT-Emergency"]],
  ];
  const css = cssRows.map(([cssName, members]) => {
    const pkid = rnd.uuid();
    db.prepare("INSERT INTO callingsearchspace VALUES (?, ?, ?, ?, 2)").run(
      pkid,
      cssName,
      `${cssName.slice(4)} calls`,
      members.join(":"),
    );
    members.forEach((member, i) => {
      const part = partitions[["PT-Internal", "PT-PSTN", "PT-Emergency"].indexOf(member)];
      db.prepare("INSERT INTO callingsearchspacemember VALUES (?, ?, ?, ?)").run(rnd.uuid(), pkid, part ?? "", i + 1);
    });
    return pkid;
  });
  const insertUser = db.prepare("INSERT INTO enduser VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1)");
  const users: string[] = [];
  for (let i = 0; i < size.users; i++) {
    const first = FIRST[i % FIRST.length] ?? "User";
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? "Lab";
    const userid = i < FIRST.length ? first.toLowerCase() : `${first.toLowerCase()}.${last.toLowerCase()}${i}`;
    const pkid = rnd.uuid();
    users.push(pkid);
    insertUser.run(
      pkid,
      userid,
      first,
      last,
      `${first} ${last}`,
      `${userid}@lab.example`,
      rnd.pick(DEPARTMENTS),
      String(1000 + i),
      "Staff",
      ref("presencegroup", "Standard Presence group"),
    );
  }
  const insertLine = db.prepare(
    "INSERT INTO numplan (pkid, dnorpattern, description, tkpatternusage, fkroutepartition, alertingname) VALUES (?, ?, ?, 2, ?, ?)",
  );
  const lines: string[] = [];
  for (let i = 0; i < size.lines; i++) {
    const pkid = rnd.uuid();
    lines.push(pkid);
    insertLine.run(pkid, String(1000 + i), `Line ${1000 + i}`, partitions[0] ?? null, `Extension ${1000 + i}`);
  }
  const insertForward = db.prepare(
    "INSERT INTO callforwarddynamic (pkid, fknumplan, cfadestination, cfavoicemailenabled, fkcallingsearchspace_cfa) VALUES (?, ?, ?, ?, ?)",
  );
  lines.forEach((line, i) => {
    // Every line has its dynamic forward row; one in five forwards all calls, half of those to voicemail.
    const forwarded = i % 5 === 3;
    const voicemail = i % 10 === 3;
    insertForward.run(
      rnd.uuid(),
      line,
      forwarded && !voicemail ? String(8000 + i) : "",
      voicemail ? "t" : "f",
      forwarded ? (css[0] ?? null) : null,
    );
  });
  const insertFeature = db.prepare(
    "INSERT INTO productsupportsfeature (pkid, tkproduct, tksupportsfeature, param, tkdeviceprotocol) VALUES (?, ?, ?, ?, ?)",
  );
  for (const [product, protocol] of PHONE_MODELS) {
    for (const [feature, name] of TYPE_SUPPORTS_FEATURE) {
      if (name === "Video Capability" && product !== model("Cisco 8845") && product !== model("Cisco 8865")) continue;
      insertFeature.run(rnd.uuid(), product, feature, name === "Speed Dials" ? "10" : "", protocol);
    }
  }
  const insertDevice = db.prepare(
    "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkproduct, tkdeviceprotocol, fkdevicepool, fkcallingsearchspace, fklocation, fkcommonphoneconfig, fkphonetemplate, fksecurityprofile, fkenduser) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertMap = db.prepare("INSERT INTO devicenumplanmap VALUES (?, ?, ?, ?, ?, ?)");
  const insertOwner = db.prepare("INSERT INTO enduserdevicemap (pkid, fkenduser, fkdevice) VALUES (?, ?, ?)");
  for (let i = 0; i < size.phones; i++) {
    const [model, protocol] = PHONE_MODELS[i % PHONE_MODELS.length] ?? [0, SIP];
    const pkid = rnd.uuid();
    const owner = i < size.users ? users[i] : null;
    const name = `SEP${(0x00a1b2c30000 + i).toString(16).toUpperCase().padStart(12, "0")}`;
    insertDevice.run(
      pkid,
      name,
      `Phone ${i + 1}`,
      model,
      model,
      protocol,
      pools[i % pools.length] ?? null,
      css[i % css.length] ?? null,
      ref("location", "Hub_None"),
      ref("commonphoneconfig", "Standard Common Phone Profile"),
      ref("phonetemplate", "Standard 8845 SIP"),
      null,
      owner ?? null,
    );
    insertMap.run(rnd.uuid(), pkid, lines[i % lines.length] ?? "", 1, `Ext ${1000 + (i % size.lines)}`, null);
    if (owner) insertOwner.run(rnd.uuid(), owner, pkid);
    const second = size.phones + i;
    if (second < size.lines) insertMap.run(rnd.uuid(), pkid, lines[second] ?? "", 2, `Ext ${1000 + second}`, null);
  }
  const routeList = rnd.uuid();
  db.prepare(
    "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkproduct, tkdeviceprotocol, fkcallmanagergroup) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    routeList,
    "RL-PSTN",
    "Route list to the PSTN gateways",
    enumOf(TYPE_CLASS, "Route List"),
    model("Route List"),
    model("Route List"),
    enumOf(TYPE_DEVICE_PROTOCOL, "Protocol Not Specified"),
    cmGroup,
  );
  const insertTrunk = db.prepare(
    "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkproduct, tkdeviceprotocol, fkdevicepool, fklocation, fksecurityprofile, fksipprofile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const trunks: Array<[string, string]> = [
    ["SIP-Trunk-PSTN", "SIP trunk to the PSTN gateway"],
    ["SIP-Trunk-CUC", "SIP trunk to Unity Connection"],
  ];
  for (const [name, description] of trunks)
    insertTrunk.run(
      rnd.uuid(),
      name,
      description,
      enumOf(TYPE_CLASS, "Trunk"),
      model("SIP Trunk"),
      model("SIP Trunk"),
      SIP,
      pools[0] ?? null,
      ref("location", "Hub_None"),
      ref("securityprofile", "Non Secure SIP Trunk Profile"),
      ref("sipprofile", "Standard SIP Profile"),
    );
  const insertTranslation = db.prepare(
    "INSERT INTO numplan (pkid, dnorpattern, description, tkpatternusage, fkroutepartition, calledpartytransformationmask, fkcallingsearchspace_translation) VALUES (?, ?, ?, 3, ?, ?, ?)",
  );
  insertTranslation.run(rnd.uuid(), "8XXX", "Short dial to extensions", partitions[0] ?? null, "1XXX", css[0] ?? null);
  insertTranslation.run(rnd.uuid(), "0", "Operator", partitions[0] ?? null, "1000", css[0] ?? null);
  const insertRoute = db.prepare(
    "INSERT INTO numplan (pkid, dnorpattern, description, tkpatternusage, fkroutepartition, alertingname, blockenable, fkdialplan, fkdigitdiscardinstruction, fkroutefilter, isemergencyservicenumber) VALUES (?, ?, ?, 5, ?, NULL, 'f', ?, ?, ?, ?)",
  );
  const routes: Array<[string, string, string]> = [
    ["9.@", "PSTN access", "f"],
    ["911", "Emergency", "t"],
  ];
  routes.forEach(([pattern, description, emergency], index) => {
    const pkid = rnd.uuid();
    insertRoute.run(
      pkid,
      pattern,
      description,
      partitions[pattern === "911" ? 2 : 1] ?? null,
      ref("dialplan", "NANP"),
      ref("digitdiscardinstruction", "PreDot"),
      null,
      emergency,
    );
    insertMap.run(rnd.uuid(), routeList, pkid, index + 1, null, null);
  });
}

function namedRows(table: string): string[] {
  switch (table) {
    case "location":
      return ["Hub_None", "Phantom", "Shadow"];
    case "commonphoneconfig":
      return ["Standard Common Phone Profile"];
    case "phonetemplate":
      return ["Standard 8845 SIP", "Standard 7841 SIP", "Standard 8865 SIP", "Standard 7821 SCCP"];
    case "securityprofile":
      return ["Cisco 8845 - Standard SIP Non-Secure Profile", "Non Secure SIP Trunk Profile"];
    case "sipprofile":
      return ["Standard SIP Profile", "Standard SIP Profile For Cisco VCS"];
    case "presencegroup":
      return ["Standard Presence group"];
    case "dialplan":
      return ["NANP"];
    case "digitdiscardinstruction":
      return ["PreDot", "NoDigits"];
    case "datetimesetting":
      return ["CMLocal"];
    case "srst":
      return ["Disable", "Use Default Gateway"];
    case "region":
      return ["Default"];
    default:
      return ["Default"];
  }
}
