/**
 * The Unity Connection directory the lab's CUPI serves: users, call handlers, distribution
 * lists (with members) and the templates POST needs, generated deterministically from a seed
 * and kept in memory. Field names and value styles follow CUPI (Cisco "Cisco Unity Connection
 * Provisioning Interface (CUPI) API" guide): every value a string, `URI` + `ObjectId` on each
 * object, booleans as "true"/"false". `small` has a handful of each, `enterprise` thousands.
 */

/** One CUPI object: field name → string value. */
export type CupiRecord = Record<string, string>;

/** The in-memory collections, in display order. */
export interface CupiStore {
  users: CupiRecord[];
  callhandlers: CupiRecord[];
  distributionlists: CupiRecord[];
  usertemplates: CupiRecord[];
  callhandlertemplates: CupiRecord[];
  /** Distribution list ObjectId → member user ObjectIds. */
  members: Map<string, string[]>;
  /** A new ObjectId (deterministic sequence after the seed data). */
  newId(): string;
}

const FIRST = [
  "Ada",
  "Bram",
  "Chen",
  "Dana",
  "Emil",
  "Fatou",
  "Goran",
  "Hana",
  "Ivo",
  "Jules",
  "Kiri",
  "Lena",
  "Mateo",
];
const LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Silva", "Brennan", "Kowalski", "Haddad", "Ferreira"];
const DEPTS = ["Sales", "Support", "Finance", "Engineering", "Facilities", "Legal"];

/** A small deterministic PRNG (mulberry32) so the same seed gives the same directory. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const CREATED = "2024-03-18 09:12:44.113";

/** Builds the directory for a data set and seed. */
export function buildCupiStore(dataSet: "small" | "enterprise", seed: number): CupiStore {
  const random = seededRandom(seed);
  const id = () => uuidFrom(random);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const counts =
    dataSet === "small" ? { users: 12, handlers: 5, lists: 3 } : { users: 12_000, handlers: 400, lists: 150 };
  const cosId = id();
  const userTemplate: CupiRecord = {
    URI: "",
    ObjectId: id(),
    Alias: "voicemailusertemplate",
    DisplayName: "Voice Mail User Template",
    CosObjectId: cosId,
  };
  userTemplate.URI = `/vmrest/usertemplates/${userTemplate.ObjectId}`;
  const handlerTemplate: CupiRecord = { URI: "", ObjectId: id(), DisplayName: "System Call Handler Template" };
  handlerTemplate.URI = `/vmrest/callhandlertemplates/${handlerTemplate.ObjectId}`;

  const users: CupiRecord[] = [];
  const system: Array<[string, string]> = [
    ["operator", "Operator"],
    ["undeliverablemessagesmailbox", "Undeliverable Messages Mailbox"],
  ];
  for (const [alias, display] of system) users.push(user(id(), alias, display, "", "", "", cosId));
  for (let i = 0; i < counts.users; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const alias = `${first[0]}${last}${i + 1}`.toLowerCase();
    users.push(user(id(), alias, `${first} ${last}`, first, last, String(20000 + i), cosId, pick(DEPTS)));
  }

  const callhandlers: CupiRecord[] = [];
  for (const name of ["Opening Greeting", "Goodbye", "Operator"]) callhandlers.push(handler(id(), name, "", "true"));
  for (let i = 0; i < counts.handlers; i++)
    callhandlers.push(handler(id(), `${pick(DEPTS)} Menu ${i + 1}`, String(7000 + i), "false"));

  const distributionlists: CupiRecord[] = [];
  const members = new Map<string, string[]>();
  const lists: Array<[string, string]> = [
    ["allvoicemailusers", "All Voice Mail Users"],
    ["undeliverablemessages", "Undeliverable Messages"],
  ];
  for (let i = 0; i < counts.lists; i++)
    lists.push([`dl-${pick(DEPTS).toLowerCase()}-${i + 1}`, `${pick(DEPTS)} Team ${i + 1}`]);
  for (const [alias, display] of lists) {
    const dl = distributionList(id(), alias, display);
    distributionlists.push(dl);
    const chosen = alias === "allvoicemailusers" ? users.slice(2) : users.filter(() => random() < 0.2).slice(0, 50);
    members.set(
      dl.ObjectId!,
      chosen.map((u) => u.ObjectId!),
    );
  }
  let counter = 0;
  const newId = () => uuidFrom(seededRandom(seed ^ (0x5eed + ++counter)));
  return {
    users,
    callhandlers,
    distributionlists,
    usertemplates: [userTemplate],
    callhandlertemplates: [handlerTemplate],
    members,
    newId,
  };
}

/** A user object with CUPI's usual fields. */
export function user(
  objectId: string,
  alias: string,
  display: string,
  first: string,
  last: string,
  ext: string,
  cos: string,
  dept = "",
): CupiRecord {
  return {
    URI: `/vmrest/users/${objectId}`,
    ObjectId: objectId,
    Alias: alias,
    DisplayName: display,
    FirstName: first,
    LastName: last,
    DtmfAccessId: ext,
    SmtpAddress: `${alias}@cuc.lab.example`,
    Department: dept,
    CosObjectId: cos,
    CosURI: `/vmrest/coses/${cos}`,
    Language: "1033",
    TimeZone: "35",
    ListInDirectory: "true",
    IsVmEnrolled: ext ? "true" : "false",
    IsTemplate: "false",
    LdapType: "0",
    CreationTime: CREATED,
  };
}

/** A call handler object. */
export function handler(objectId: string, display: string, ext: string, isPrimary: string): CupiRecord {
  return {
    URI: `/vmrest/handlers/callhandlers/${objectId}`,
    ObjectId: objectId,
    DisplayName: display,
    DtmfAccessId: ext,
    IsPrimary: isPrimary,
    IsTemplate: "false",
    Language: "1033",
    UseDefaultLanguage: "true",
    UseDefaultTimeZone: "true",
    TimeZone: "35",
    CreationTime: CREATED,
  };
}

/** A distribution list object. */
export function distributionList(objectId: string, alias: string, display: string): CupiRecord {
  return {
    URI: `/vmrest/distributionlists/${objectId}`,
    ObjectId: objectId,
    Alias: alias,
    DisplayName: display,
    DtmfAccessId: "",
    IsPublic: "true",
    AllowContacts: "false",
    AllowForeignMessage: "false",
    CreationTime: CREATED,
    DistributionListMembersURI: `/vmrest/distributionlists/${objectId}/distributionlistmembers`,
  };
}
