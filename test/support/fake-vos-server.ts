/**
 * A minimal VOS admin CLI over SSH for protocol tests (shapes from uc-protocols.md section 3):
 * password and keyboard-interactive auth, shell only, banner then `admin:` with ANSI noise, the
 * "Press <enter>" pager unless pagination is off, the `file view` pager, and a `(y/n)` prompt.
 * It stands in for a CUCM node, not for our code.
 */
import { createServer, type Socket } from "node:net";
import { type Connection, Server, utils } from "ssh2";

export interface FakeVos {
  port: number;
  host: string;
  /** Public key blob of the current host key. */
  keyBlob(): Buffer;
  /** New connections get a different host key. */
  rotateKey(): void;
  logins: number;
  commands: string[];
  close(): Promise<void>;
}

const PRESS = "\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m\x1b[K";

export async function startFakeVos(opts: {
  host: string;
  username: string;
  password: string;
  keyboardOnly?: boolean;
  ignorePaginationOff?: boolean;
  silentUntilEnter?: boolean;
}): Promise<FakeVos> {
  const newKey = () => utils.generateKeyPairSync("ed25519");
  let key = newKey();
  const conns = new Set<Connection>();
  const state = { logins: 0, commands: [] as string[] };
  const listen = (): Server => {
    const srv = new Server({ hostKeys: [key.private] }, (client) => {
      conns.add(client);
      client.on("close", () => conns.delete(client));
      client.on("error", () => {});
      client.on("authentication", (ctx) => {
        if (ctx.method === "password" && !opts.keyboardOnly) {
          return ctx.username === opts.username && ctx.password === opts.password ? ctx.accept() : ctx.reject();
        }
        if (ctx.method === "keyboard-interactive") {
          return ctx.prompt([{ prompt: "Password: ", echo: false }], (answers) =>
            ctx.username === opts.username && answers[0] === opts.password ? ctx.accept() : ctx.reject(),
          );
        }
        ctx.reject(opts.keyboardOnly ? ["keyboard-interactive"] : ["password", "keyboard-interactive"]);
      });
      client.on("ready", () => {
        state.logins++;
        client.on("session", (accept) => {
          const session = accept();
          session.on("pty", (ok) => ok?.());
          session.on("exec", (_a, reject) => reject?.());
          session.on("shell", (acceptShell) => {
            const ch = acceptShell();
            let paging = true;
            let line = "";
            let pending: string[] = [];
            let onKey: ((k: string) => void) | undefined;
            const prompt = () => ch.write("\r\n\x1b[Kadmin:");
            const page = () => {
              const chunk = pending.splice(0, 2);
              ch.write(chunk.map((l) => `${l}\r\n`).join(""));
              if (pending.length > 0) {
                ch.write(PRESS);
                onKey = (k) => {
                  ch.write("\r\x1b[K");
                  if (k === "q") {
                    pending = [];
                    onKey = undefined;
                    prompt();
                  } else page();
                };
              } else {
                onKey = undefined;
                prompt();
              }
            };
            const run = (cmd: string) => {
              state.commands.push(cmd);
              if (cmd === "set cli pagination off") {
                paging = opts.ignorePaginationOff === true;
                ch.write("\r\nAutomatic Pagination : Off\r\n");
                return prompt();
              }
              if (cmd === "show hardware") {
                pending = [
                  "HW Platform       : VMware Virtual Machine",
                  "Processors        : 2",
                  "Type              : Intel(R) Xeon(R)",
                  "Memory            : 6144 MBytes",
                  "Object ID         : 1.3.6.1.4.1.9.1.1348",
                ];
                ch.write("\r\n");
                if (paging) return page();
                ch.write(pending.map((l) => `${l}\r\n`).join(""));
                pending = [];
                return prompt();
              }
              if (cmd === "file view activelog x.log") {
                ch.write(
                  "line 1\r\nline 2\r\n\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines 1 - 2 of 3) : \x1b[0m",
                );
                onKey = (k) => {
                  onKey = undefined;
                  ch.write(k === "n" ? "\r\nline 3\r\nend of the file reached\r\n" : "\r\n");
                  prompt();
                };
                return;
              }
              if (cmd === "utils core active analyze") {
                ch.write("This command may take a long time\r\nContinue (y/n)?");
                onKey = (k) => {
                  if (k === "\n" || k === "\r") return;
                  onKey = undefined;
                  ch.write(k === "y" ? "\r\nAnalysis done\r\n" : "\r\nCancelled\r\n");
                  prompt();
                };
                return;
              }
              if (cmd === "show myself") {
                ch.write(
                  `\r\nMachine Name    : cucm-pub\r\naccount name    : ${opts.username}\r\nprivilege level : 4\r\n`,
                );
                return prompt();
              }
              ch.write("\r\nExecuted command unsuccessfully\r\nNo valid command entered\r\n");
              prompt();
            };
            ch.on("data", (d: Buffer) => {
              for (const c of d.toString("utf8")) {
                if (onKey) {
                  onKey(c);
                  continue;
                }
                if (c === "\n" || c === "\r") {
                  const cmd = line.trim();
                  line = "";
                  if (cmd === "exit") return ch.end();
                  if (cmd) run(cmd);
                  else prompt();
                } else {
                  line += c;
                  ch.write(c);
                }
              }
            });
            ch.write(
              "Command Line Interface is starting up, please wait ...\r\n\r\n   Welcome to the Platform Command Line Interface\r\n\r\nVMware Installation:\r\n\t2 vCPU: Intel(R) Xeon(R)\r\n\r\n",
            );
            if (!opts.silentUntilEnter) setTimeout(prompt, 30);
          });
        });
      });
    });
    return srv;
  };
  let srv = listen();
  const sockets = new Set<Socket>();
  const front = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    srv.injectSocket(sock);
  });
  const port: number = await new Promise((resolve) =>
    front.listen(0, opts.host, () => resolve((front.address() as { port: number }).port)),
  );
  return {
    port,
    host: opts.host,
    get logins() {
      return state.logins;
    },
    commands: state.commands,
    keyBlob: () => Buffer.from(key.public.split(" ")[1] ?? "", "base64"),
    rotateKey() {
      key = newKey();
      for (const c of conns) c.end();
      srv = listen();
    },
    close: async () => {
      for (const c of conns) c.end();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => front.close(() => r()));
    },
  };
}
