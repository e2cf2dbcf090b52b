import { describe, expect, test } from "bun:test";
import { labNodes } from "../../../test/support/lab-fixtures.ts";
import type { LabNode } from "../contracts.ts";
import { createCliSession, VOS_PAGING_PROMPT, VOS_PROMPT } from "./cli-session.ts";

function session(node: LabNode, rows = 24) {
  let output = "";
  let closed = false;
  const cli = createCliSession(
    { node, version: "15.0.1.10000-32", cluster: labNodes(), now: () => new Date("2026-01-02T03:04:05Z") },
    {
      write: (t) => {
        output += t;
      },
      close: () => {
        closed = true;
      },
      rows: () => rows,
    },
  );
  cli.starting();
  cli.start();
  return {
    type(text: string) {
      output = "";
      cli.input(text);
      return output;
    },
    get closed() {
      return closed;
    },
    get output() {
      return output;
    },
  };
}

const [pub, sub, imp, cuc] = labNodes();

describe("VOS CLI session", () => {
  test("banner then admin: prompt; commands are echoed", () => {
    const s = session(pub!);
    expect(s.output).toStartWith("Command Line Interface is starting up, please wait ...\r\n");
    expect(s.output).toContain("   Welcome to the Platform Command Line Interface\r\n");
    expect(s.output).toEndWith(`\r\n${VOS_PROMPT}`);
    const out = s.type("show version active\r");
    expect(out).toStartWith("show version active\r\n");
    expect(out).toContain("Active Master Version: 15.0.1.10000-32\r\n");
    expect(out).toEndWith(`\r\n${VOS_PROMPT}`);
  });

  test("long output pages at the pty height until pagination is off", () => {
    const s = session(pub!, 10);
    let out = s.type("utils service list\r\n");
    expect(out).toContain("Requesting service status, please wait...");
    expect(out).toEndWith(VOS_PAGING_PROMPT);
    expect(out.split("\r\n").length - 2).toBe(9); // echo line + 9 output lines before the prompt
    out = s.type("\r");
    expect(out.split("\r\n").length).toBe(2); // one more line
    out = s.type(" ");
    expect(out.split("\r\n").length).toBe(10);
    out = s.type("q");
    expect(out).toEndWith(VOS_PROMPT);
    expect(s.type("set cli pagination off\r")).toContain("Automatic pagination is turned off");
    out = s.type("utils service list\r");
    expect(out).not.toContain(VOS_PAGING_PROMPT);
    expect(out).toContain("Cisco CallManager[STARTED]");
    expect(out).toContain("Primary Node =true");
    expect(out).toEndWith(VOS_PROMPT);
  });

  test("(y/n) confirmation, unknown command, exit", () => {
    const s = session(pub!);
    expect(s.type("utils core active analyze\r")).toEndWith("Continue (y/n)?");
    expect(s.type("y\r")).toContain("No core files found to analyze.");
    s.type("utils core active analyze\r");
    expect(s.type("n\r")).toContain("Command aborted by user");
    expect(s.type("show nonsense\r")).toContain("Executed command unsuccessfully\r\nadmin:");
    expect(s.type("utils service restart Cisco Nothing\r")).toContain("Executed command unsuccessfully");
    expect(s.type("utils service restart cisco tftp\r")).toContain("Cisco Tftp[STARTED]");
    expect(s.type("shoq\x7fw status\r")).toContain("Host Name          : cucm-pub");
    expect(s.type("exit")).toBe(""); // still paging: keys other than enter/space/q do nothing
    expect(s.type("q")).toEndWith(VOS_PROMPT);
    s.type("exit\r");
    expect(s.closed).toBe(true);
  });

  test("(yes/no) questions take the word: y is asked again, no aborts, yes restarts and ends the session", () => {
    const s = session(pub!);
    expect(s.type("utils system restart\r")).toEndWith("Enter (yes/no)? ");
    expect(s.type("y\r")).toEndWith("Enter (yes/no)? ");
    expect(s.type("no\r")).toContain("Restart aborted");
    expect(s.type("utils system shutdown\r")).toContain("Do you really want to shutdown ?");
    expect(s.type("no\r")).toContain("Shutdown aborted");
    expect(s.type("utils system switch-version\r")).toContain("Do you really want to switch versions ?");
    expect(s.type("no\r")).toContain("Switch Version aborted");
    expect(s.closed).toBe(false);
    s.type("utils system restart\r");
    expect(s.type("yes\r")).toContain("Appliance is being Restarted ...");
    expect(s.closed).toBe(true);
  });

  test("product flavours: CUCM subscriber, IM&P and Unity Connection", () => {
    const s1 = session(sub!, 500);
    expect(s1.type("utils service list\r")).toContain("Primary Node =false");
    const s2 = session(imp!, 500);
    const impServices = s2.type("utils service list\r");
    expect(impServices).toContain("Cisco XCP Router[STARTED]");
    expect(impServices).not.toContain("Cisco CallManager[");
    expect(s2.type("show cert list own\r")).toContain("cup-xmpp/cup-xmpp.pem");
    const s3 = session(cuc!, 500);
    expect(s3.type("utils service list\r")).toContain("Connection Conversation Manager[STARTED]");
    expect(s3.type("show cuc cluster status\r")).toContain("Pri Active");
    expect(s3.type("show version active\r")).toContain("No Installed Software Options Found.");
    const s4 = session(pub!, 500);
    const repl = s4.type("utils dbreplication runtimestate\r");
    expect(repl).toContain("Cluster Detailed View from cucm-pub (2 Servers):");
    expect(repl).toContain("(2) Setup Completed");
    expect(repl).toContain("DB Version: ccm15_0_1_10000_32");
    expect(s4.type("show network eth0\r")).toContain("IP Address   : 127.10.0.11");
    expect(s4.type("show hardware\r")).toContain("HW Platform       : VMware Virtual Machine");
    expect(s4.type("show cert list own\r")).toContain("CallManager/CallManager.pem: Certificate Signed by");
  });
});
