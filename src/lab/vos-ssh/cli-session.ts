/**
 * One interactive VOS admin CLI session over an SSH shell channel: the start-up banner, the
 * `admin:` prompt (whatever the login name), character echo and line editing, output paged to
 * the pty height with VOS's bold "Press <enter> …" prompt until `set cli pagination off`, and
 * `(y/n)` confirmations. Transcript shapes after public
 * transcripts and unicon's VOS plugin patterns. Transport-free: the SSH server feeds input and receives output.
 */
import { type CommandResult, runCommand } from "./commands.ts";
import type { VosContext } from "./outputs-platform.ts";

/** The CLI prompt, always `admin:`. */
export const VOS_PROMPT = "admin:";
/** VOS's paging prompt (bold, then erase to end of line). */
export const VOS_PAGING_PROMPT = "\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m\x1b[K";
const ERASE_LINE = "\r\x1b[K";
const CRLF = "\r\n";

/** What a session needs from its transport. */
export interface CliIo {
  write(text: string): void;
  close(): void;
  /** Current terminal height in rows (from the pty request or window-change). */
  rows(): number;
}

/** The first banner line, printed as soon as the shell opens. */
const STARTING = `Command Line Interface is starting up, please wait ...${CRLF}`;

/** The rest of the banner, printed once the CLI is up (before the first prompt). */
function vosBanner(): string {
  return [
    "",
    "   Welcome to the Platform Command Line Interface",
    "",
    "VMware Installation:",
    "\t2 vCPU: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
    "\tDisk 1: 110GB, Partitions aligned",
    "\t8192 Mbytes RAM",
    "",
    "",
  ].join(CRLF);
}

/**
 * Creates a session: `starting()` when the shell channel opens, `start()` once the CLI is up
 * (the lab's login delay later), then `input()` per chunk.
 */
export function createCliSession(
  ctx: VosContext,
  io: CliIo,
): { starting(): void; start(): void; input(data: string): void } {
  // Keys typed while the CLI starts are dropped, as on a node that is still loading.
  let mode: "starting" | "line" | "page" | "confirm" | "running" | "closed" = "starting";
  let running: { timer: ReturnType<typeof setTimeout>; onEnd: (interrupted: boolean) => string[] } | undefined;
  const endRunning = (interrupted: boolean) => {
    const r = running;
    if (r === undefined) return;
    running = undefined;
    clearTimeout(r.timer);
    io.write((interrupted ? [`^C`, ...r.onEnd(true)] : r.onEnd(false)).map((l) => l + CRLF).join(""));
    prompt();
  };
  let buffer = "";
  let lastWasCr = false;
  let paginate = true;
  let pending: string[] = [];
  let answer: ((yes: boolean) => CommandResult) | undefined;
  let question: { text: string; words: boolean } | undefined;

  const pageSize = () => Math.max(1, io.rows() - 1);
  const prompt = () => {
    mode = "line";
    io.write(VOS_PROMPT);
  };

  function show(lines: string[]): void {
    if (!paginate || lines.length <= pageSize()) {
      io.write(lines.map((l) => l + CRLF).join(""));
      prompt();
      return;
    }
    pending = lines;
    nextChunk(pageSize());
  }

  function nextChunk(count: number): void {
    const chunk = pending.slice(0, count);
    pending = pending.slice(count);
    io.write(chunk.map((l) => l + CRLF).join(""));
    if (pending.length === 0) {
      prompt();
      return;
    }
    mode = "page";
    io.write(VOS_PAGING_PROMPT);
  }

  function apply(result: CommandResult): void {
    switch (result.kind) {
      case "output":
        show(result.lines);
        break;
      case "pagination":
        paginate = result.enabled;
        show(result.lines);
        break;
      case "confirm":
        answer = result.onAnswer;
        question = { text: result.question, words: /\(yes\/no\)/i.test(result.question) };
        mode = "confirm";
        io.write(result.question);
        break;
      case "exit":
        mode = "closed";
        io.close();
        break;
      case "running":
        io.write(result.lines.map((l) => l + CRLF).join(""));
        mode = "running";
        running = { timer: setTimeout(() => endRunning(false), result.endsAfterMs), onEnd: result.onEnd };
        break;
      case "restart":
        io.write(result.lines.map((l) => l + CRLF).join(""));
        mode = "closed";
        io.close();
        break;
    }
  }

  function submit(): void {
    const line = buffer;
    buffer = "";
    io.write(CRLF);
    if (mode === "confirm") {
      const reply = line.trim().toLowerCase();
      // A (yes/no) question takes the words and asks again otherwise; a (y/n) one takes y or yes.
      if (question?.words && reply !== "yes" && reply !== "no") {
        io.write(question.text);
        return;
      }
      const yes = question?.words ? reply === "yes" : reply === "y" || reply === "yes";
      const then = answer;
      answer = undefined;
      question = undefined;
      if (then) apply(then(yes));
      else prompt();
      return;
    }
    apply(runCommand(ctx, line));
  }

  function pageKey(ch: string): void {
    if (ch === " ") {
      io.write(ERASE_LINE);
      nextChunk(pageSize());
    } else if (ch === "\r" || ch === "\n") {
      io.write(ERASE_LINE);
      nextChunk(1);
    } else if (ch === "q" || ch === "Q") {
      pending = [];
      io.write(ERASE_LINE);
      prompt();
    }
  }

  function lineKey(ch: string): void {
    const code = ch.charCodeAt(0);
    if (ch === "\r" || (ch === "\n" && !lastWasCr)) submit();
    else if (ch === "\n") {
      // the LF of a CRLF pair
    } else if (code === 0x7f || code === 0x08) {
      if (buffer.length > 0) {
        buffer = buffer.slice(0, -1);
        io.write("\b \b");
      }
    } else if (code === 0x03) {
      buffer = "";
      io.write(`^C${CRLF}`);
      prompt();
    } else if (code >= 0x20) {
      buffer += ch;
      io.write(ch);
    }
  }

  return {
    starting() {
      io.write(STARTING);
    },
    start() {
      io.write(vosBanner());
      prompt();
    },
    input(data) {
      for (const ch of data) {
        if (mode === "closed") return;
        if (mode === "starting") continue;
        if (mode === "running") {
          // Only Ctrl-C reaches a running command.
          if (ch.charCodeAt(0) === 0x03) endRunning(true);
          continue;
        }
        if (mode === "page") {
          if (!(ch === "\n" && lastWasCr)) pageKey(ch);
        } else lineKey(ch);
        lastWasCr = ch === "\r";
      }
    },
  };
}
