/**
 * Cleans VOS CLI output: ANSI escapes stripped, CRLF/CR normalised,
 * pager prompts removed, the echoed command and the trailing `admin:` prompt cut off. Pure.
 */
import { VOS_PATTERNS } from "../../util/patterns.ts";

/** Strips ANSI escapes and carriage returns (VOS redraws with `\r` and `ESC[K`). */
export function stripTerminal(raw: string): string {
  const noAnsi = raw.replace(VOS_PATTERNS.ansi, "");
  let out = "";
  for (const line of noAnsi.split("\n")) {
    // A bare CR returns to column 0: keep what was written last on the line.
    const parts = line.split("\r").filter((p) => p !== "");
    out += `${parts.at(-1) ?? ""}\n`;
  }
  return out.slice(0, -1);
}

/** What sits at the end of the (stripped) output so far. */
export type VosTail = "prompt" | "press-enter" | "more" | "file-view" | "yes-no" | "y-n" | "none";

/** Classifies the end of the output; only the last few hundred characters are examined. */
export function classifyTail(stripped: string): VosTail {
  const tail = stripped.slice(-400);
  if (VOS_PATTERNS.promptAtEnd.test(tail)) return "prompt";
  if (VOS_PATTERNS.pressEnterAtEnd.test(tail)) return "press-enter";
  if (VOS_PATTERNS.moreAtEnd.test(tail)) return "more";
  if (VOS_PATTERNS.fileViewAtEnd.test(tail)) return "file-view";
  if (VOS_PATTERNS.yesNoAtEnd.test(tail)) return "yes-no";
  if (VOS_PATTERNS.yNAtEnd.test(tail)) return "y-n";
  return "none";
}

/** The command's output: echo, pager lines and the final prompt removed, trailing blanks trimmed. */
export function commandOutput(raw: string, command: string): string {
  const lines = stripTerminal(raw).split("\n");
  if (lines.length > 0 && lines[0]?.trim().endsWith(command.trim())) lines.shift();
  if (lines.length > 0 && VOS_PATTERNS.promptAtEnd.test(lines.at(-1) ?? "")) lines.pop();
  const kept = lines.map((l) => l.replace(VOS_PATTERNS.pagerLine, ""));
  while (kept.length > 0 && kept[0]?.trim() === "") kept.shift();
  while (kept.length > 0 && kept.at(-1)?.trim() === "") kept.pop();
  return kept.join("\n");
}

/** The question a command asks: the last few non-blank lines of its (stripped) output so far. */
export function pendingQuestion(raw: string, command: string): string {
  const lines = commandOutput(raw, command)
    .split("\n")
    .map((l, i) => (i === 0 && command !== "" && l.startsWith(command) ? l.slice(command.length) : l).trim())
    .filter((l) => l !== "");
  return lines.slice(-3).join(" ");
}
