/**
 * One interactive VOS CLI session over SSH (ssh2). VOS has no exec channel, so the session opens
 * a pty shell, waits for `admin:` (login takes 5-8 s), turns pagination off
 * (`set cli pagination off`, as unicon's VOS plugin does), then runs commands one at a time,
 * answering pagers (space / `n`) and returns cleaned output. A question (`(yes/no)`, `(y/n)`) is
 * confirmed only when the caller says so; otherwise it is declined and handed back, so a command
 * such as `utils system restart` never goes ahead unasked.
 */
import type { Client, ClientChannel } from "ssh2";
import { ProtocolError } from "../errors.ts";
import { classifyTail, commandOutput, pendingQuestion, stripTerminal } from "./clean.ts";
import { hostKeyCheck, type KnownHostsStore } from "./host-keys.ts";

/** Where and how to connect (SERVER_*_SSH_TERM/_WIDTH/_HEIGHT/_TIMEOUT). */
export interface VosTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  term: string;
  cols: number;
  rows: number;
  /** Login and per-command timeout (SERVER_*_SSH_TIMEOUT × 1000). */
  timeoutMs: number;
  /** Send one Enter when the shell stays silent this long after login (default 10 s). */
  loginNudgeMs?: number;
}

/** Per-command options. */
export interface VosRunOptions {
  /**
   * Confirm the command's questions: `(yes/no)` is answered `yes`, `(y/n)` `y`. Default false: the
   * first question is declined (`no` / `n`) and returned in `question`.
   */
  confirm?: boolean;
  /** This command's timeout; default the target's. */
  timeoutMs?: number;
  /** Stop collecting (and quit the pager) beyond this many characters; default 4 MB. */
  maxChars?: number;
  /**
   * Send Ctrl-C once after this long: for commands that run until interrupted, such as
   * `utils network capture`. The command then ends at the node's prompt as usual.
   */
  interruptAfterMs?: number;
}

/** A command's result. */
export interface VosRunResult {
  output: string;
  /** Prompts answered while running (e.g. `yes-no`, `y-n`, `press-enter`). */
  answered: string[];
  truncated: boolean;
  /** The question the command asked and that was declined (the command did not go ahead). */
  question?: string;
  /** The node closed the session after a confirmed question (e.g. a restart). */
  closedByNode?: boolean;
}

/** An open session. */
export interface VosSession {
  run(command: string, opts?: VosRunOptions): Promise<VosRunResult>;
  close(): void;
  readonly closed: boolean;
}

/** Opens a session: connect, verify the host key, authenticate, shell, prompt, pagination off. */
export async function openVosSession(
  client: Client,
  target: VosTarget,
  knownHosts: KnownHostsStore,
): Promise<VosSession> {
  const check = hostKeyCheck(knownHosts, target.host, target.port);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end();
      reject(timeout(target, "log in", target.timeoutMs));
    }, target.timeoutMs);
    client.on("keyboard-interactive", (_n, _i, _l, prompts, finish) => finish(prompts.map(() => target.password)));
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
    // A persistent listener: ssh2 may emit further socket errors after a refused handshake.
    client.on("error", (err) => {
      clearTimeout(timer);
      reject(check.refusal() ?? connectError(target, err));
      client.end();
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      tryKeyboard: true,
      readyTimeout: target.timeoutMs,
      hostVerifier: check.verifier,
    });
  });
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: target.term, cols: target.cols, rows: target.rows }, (err, ch) => {
      if (!err) return resolve(ch);
      client.end();
      reject(
        new ProtocolError(
          "SSH_SESSION",
          `${target.host} refused an interactive shell`,
          "Check the OS admin account.",
          { host: target.host },
          { cause: err },
        ),
      );
    }),
  );
  const session = new Session(client, stream, target);
  // Later socket errors (node restarted, connection reset) close the session instead of crashing.
  client.on("error", () => session.close());
  client.on("close", () => session.close());
  // VOS prints `admin:` 5-8 s after login; a silent shell gets one Enter after 10 s, as other clients do.
  await session.waitForPrompt({
    timeoutMs: target.timeoutMs,
    what: "show its admin: prompt after log in",
    confirm: false,
    maxChars: Number.MAX_SAFE_INTEGER,
    nudgeAfterMs: target.loginNudgeMs ?? 10_000,
  });
  await session.run("set cli pagination off");
  return session;
}

class Session implements VosSession {
  #raw = "";
  #wake: (() => void) | undefined;
  #closed = false;
  constructor(
    private readonly client: Client,
    private readonly stream: ClientChannel,
    private readonly target: VosTarget,
  ) {
    stream.on("data", (d: Buffer) => {
      this.#raw += d.toString("utf8");
      this.#wake?.();
    });
    stream.on("close", () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  async run(command: string, opts: VosRunOptions = {}): Promise<VosRunResult> {
    if (this.#closed)
      throw new ProtocolError(
        "SSH_SESSION",
        `The SSH session to ${this.target.host} is closed`,
        "Retry; a new session will be opened.",
        { host: this.target.host },
      );
    this.#raw = "";
    this.stream.write(`${command}\n`);
    const r = await this.waitForPrompt({
      timeoutMs: opts.timeoutMs ?? this.target.timeoutMs,
      what: `finish "${command}"`,
      confirm: opts.confirm === true,
      maxChars: opts.maxChars ?? 4_000_000,
      command,
      ...(opts.interruptAfterMs === undefined ? {} : { interruptAfterMs: opts.interruptAfterMs }),
    });
    return {
      output: commandOutput(r.raw, command),
      answered: r.answered,
      truncated: r.truncated,
      ...(r.question === undefined ? {} : { question: r.question }),
      ...(r.closedByNode ? { closedByNode: true } : {}),
    };
  }

  /** Reads until `admin:`, answering pagers, and questions as `wait.confirm` says. */
  async waitForPrompt(wait: WaitOptions): Promise<Waited> {
    const answered: string[] = [];
    let truncated = false;
    let question: string | undefined;
    let scanned = -1;
    const started = Date.now();
    const deadline = started + wait.timeoutMs;
    const nudgeAfterMs = wait.nudgeAfterMs;
    let nudged = nudgeAfterMs === undefined;
    let interrupted = wait.interruptAfterMs === undefined;
    for (;;) {
      if (!interrupted && Date.now() - started >= (wait.interruptAfterMs ?? 0)) {
        interrupted = true;
        this.stream.write("\x03");
      }
      if (!nudged && Date.now() - started >= (nudgeAfterMs ?? 0)) {
        nudged = true;
        this.stream.write("\n");
      }
      if (this.#raw.length !== scanned) {
        scanned = this.#raw.length;
        const tail = classifyTail(stripTerminal(this.#raw.slice(-600)));
        if (tail === "prompt") return { raw: this.#raw, answered, truncated, question };
        if (tail === "yes-no" || tail === "y-n") {
          // Declined once: a command that asks again after "no" is not asked twice.
          const yes = wait.confirm;
          if (!yes) question ??= pendingQuestion(this.#raw, wait.command ?? "");
          const word = tail === "yes-no" ? (yes ? "yes" : "no") : yes ? "y" : "n";
          answered.push(tail);
          this.stream.write(`${word}\n`);
        } else if (tail !== "none") {
          const stop = this.#raw.length > wait.maxChars;
          truncated ||= stop;
          answered.push(tail);
          this.stream.write(stop ? "q" : tail === "file-view" ? "n" : " ");
        }
      }
      if (this.#closed) {
        // A confirmed restart or shutdown ends the session: that is the answer, not a failure.
        if (wait.confirm && answered.some((a) => a === "yes-no" || a === "y-n"))
          return { raw: this.#raw, answered, truncated, question, closedByNode: true };
        throw new ProtocolError("SSH_SESSION", `${this.target.host} closed the SSH session`, "Retry the command.", {
          host: this.target.host,
        });
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.close();
        throw timeout(this.target, wait.what, wait.timeoutMs);
      }
      await new Promise<void>((resolve) => {
        const untilNudge = nudged ? 1000 : Math.max(1, started + (nudgeAfterMs ?? 0) - Date.now());
        const untilInterrupt = interrupted ? 1000 : Math.max(1, started + (wait.interruptAfterMs ?? 0) - Date.now());
        const t = setTimeout(resolve, Math.min(left, 1000, untilNudge, untilInterrupt));
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.stream.write("exit\n");
    } catch {}
    this.client.end();
  }
}

interface WaitOptions {
  timeoutMs: number;
  /** What the node failed to do, for the timeout message. */
  what: string;
  confirm: boolean;
  maxChars: number;
  nudgeAfterMs?: number;
  /** The command being run (to cut its echo from a question). */
  command?: string;
  interruptAfterMs?: number;
}

interface Waited {
  raw: string;
  answered: string[];
  truncated: boolean;
  question: string | undefined;
  closedByNode?: boolean;
}

function timeout(target: VosTarget, what: string, ms: number): ProtocolError {
  return new ProtocolError(
    "UPSTREAM_TIMEOUT",
    `${target.host} (SSH) did not ${what} within ${Math.round(ms / 1000)} s`,
    what === "log in" || what.startsWith("show its admin")
      ? "VOS logins take several seconds; retry, or raise SERVER_*_SSH_TIMEOUT."
      : "Long commands need more time: retry with a larger timeout_s (within its limits).",
    { host: target.host },
  );
}

function connectError(target: VosTarget, err: Error): ProtocolError {
  const level = (err as { level?: string }).level;
  if (level === "client-authentication") {
    return new ProtocolError(
      "UPSTREAM_AUTH",
      `${target.host} refused the OS admin credentials`,
      "Check the stored OS (platform) administrator user and password.",
      { host: target.host },
      { cause: err },
    );
  }
  return new ProtocolError(
    "UPSTREAM_UNREACHABLE",
    `Could not open SSH to ${target.host}:${target.port}`,
    "Check the host, SSH port and network path.",
    { host: target.host },
    { cause: err },
  );
}
