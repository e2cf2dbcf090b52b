import { describe, expect, test } from "bun:test";
import { PassThrough, Readable } from "node:stream";
import { MAX_SECRET_LENGTH, readSecret, SecretInputError, type SecretSource } from "./secret-input.ts";

/** A fake terminal: a stream flagged as a TTY that records raw-mode switches. */
function terminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    modes: [] as boolean[],
    setRawMode(mode: boolean) {
      input.modes.push(mode);
    },
  });
  const shown: string[] = [];
  const source: SecretSource = { input, prompt: (text) => shown.push(text) };
  return { input, shown, source };
}

describe("reading a password", () => {
  test("piped: the first line, without its line ending", async () => {
    const source = { input: Readable.from(["pa", "ss w0rd\r\nsecond line\n"]), prompt: () => {} };
    expect(await readSecret(source, "Password")).toBe("pass w0rd");
  });

  test("piped: empty input is refused with how to give one", async () => {
    const source = { input: Readable.from([]), prompt: () => {} };
    await expect(readSecret(source, "Password")).rejects.toThrow(/no password given.*standard input/);
  });

  test("piped: longer than the vault accepts is refused", async () => {
    const source = { input: Readable.from([`${"x".repeat(MAX_SECRET_LENGTH + 1)}\n`]), prompt: () => {} };
    await expect(readSecret(source, "Password")).rejects.toBeInstanceOf(SecretInputError);
  });

  test("terminal: raw mode while typing, nothing typed is shown, backspace edits", async () => {
    const { input, shown, source } = terminal();
    const reading = readSecret(source, "Password of axl on cucm-pub");
    input.write("hunter");
    input.write("\u007f\u007fer2\r");
    expect(await reading).toBe("hunter2");
    expect(input.modes).toEqual([true, false]);
    expect(shown.join("")).toBe("Password of axl on cucm-pub (not shown): \n");
  });

  test("terminal: Ctrl-C cancels and leaves raw mode", async () => {
    const { input, source } = terminal();
    const reading = readSecret(source, "Password");
    input.write("abc\u0003");
    await expect(reading).rejects.toThrow(/cancelled/);
    expect(input.modes).toEqual([true, false]);
  });
});
