/**
 * Reads one secret (a password) for a CLI command, never from the command line: on a terminal
 * it prompts on standard error and reads with echo off (raw mode, so the characters typed are
 * not shown and do not stay on screen); otherwise it reads the first line of standard input,
 * so a script can pipe it (`printf '%s\n' "$PW" | ai-bridge credentials set …`).
 */
import type { Readable } from "node:stream";

/** The streams a secret is read from; main.ts hands over the process's own. */
export interface SecretSource {
  input: Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  /** Where the prompt goes (standard error, so standard output stays clean for scripts). */
  prompt: (text: string) => void;
}

/** Raised when no usable secret was given; the message says how to give one. */
export class SecretInputError extends Error {
  override readonly name = "SecretInputError";
}

/** Longest secret accepted (the vault's own limit for a password). */
export const MAX_SECRET_LENGTH = 512;

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const BACKSPACES = new Set(["\u007f", "\b"]);

/** Reads the secret: hidden from a terminal (after `question`), or the first line of piped input. */
export async function readSecret(source: SecretSource, question: string): Promise<string> {
  const secret =
    source.input.isTTY === true ? await readFromTerminal(source, question) : await readFirstLine(source.input);
  if (secret === "")
    throw new SecretInputError("no password given: type it at the prompt or pipe it on standard input");
  if (secret.length > MAX_SECRET_LENGTH)
    throw new SecretInputError(`the password is longer than ${MAX_SECRET_LENGTH} characters`);
  return secret;
}

async function readFirstLine(input: Readable): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  const end = text.indexOf("\n");
  const line = end === -1 ? text : text.slice(0, end);
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

function readFromTerminal(source: SecretSource, question: string): Promise<string> {
  const { input } = source;
  source.prompt(`${question} (not shown): `);
  input.setRawMode?.(true);
  input.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      input.removeListener("data", onData);
      input.setRawMode?.(false);
      input.pause();
      source.prompt("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === CTRL_D) return finish();
        if (ch === CTRL_C) return finish(new SecretInputError("cancelled; nothing was changed"));
        if (BACKSPACES.has(ch)) typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on("data", onData);
    input.resume();
  });
}
