import { describe, expect, test } from "bun:test";
import { parseDotenv, resolveDotenv } from "./dotenv.ts";

function values(text: string) {
  return Object.fromEntries(resolveDotenv(parseDotenv(text).entries));
}

describe("python-dotenv compatible parsing", () => {
  test("unquoted values, export prefix, comments and blank lines", () => {
    const text = "# comment\n\nexport A=1\nB = two words  # trailing\nC=#not-a-comment\nD=x#y\n";
    expect(values(text)).toEqual({ A: "1", B: "two words", C: "#not-a-comment", D: "x#y" });
  });

  test("single quotes keep backslashes except \\\\ and \\'", () => {
    expect(values("A='a\\nb'\nB='it\\'s'\n")).toEqual({ A: "a\\nb", B: "it's" });
  });

  test("double quotes decode C escapes and may span lines", () => {
    expect(values('A="a\\nb\\t\\"q\\""\nB="line1\nline2"\n')).toEqual({ A: 'a\nb\t"q"', B: "line1\nline2" });
  });

  test("a key without = has no value; later bindings win", () => {
    const parsed = parseDotenv("BARE\nA=1\nA=2\n");
    expect(parsed.entries.map((e) => [e.key, e.value, e.line])).toEqual([
      ["BARE", undefined, 1],
      ["A", "1", 2],
      ["A", "2", 3],
    ]);
    expect(values("BARE\nA=1\nA=2\n")["A"]).toBe("2");
  });

  test("${VAR} and ${VAR:-default} see only earlier keys of the same file", () => {
    const text = "HOST=example.org\nURL=https://${HOST}:${PORT:-8443}\nEMPTY=\nE=${EMPTY:-x}\nHOME_DIR=${HOME}\n";
    const v = values(text);
    expect(v["URL"]).toBe("https://example.org:8443");
    expect(v["E"]).toBe("");
    // HOME is set in every shell; the parser must not read the process environment.
    expect(v["HOME_DIR"]).toBe("");
  });

  test("an unreadable line is reported with its number and the rest still parses", () => {
    const parsed = parseDotenv("A=1\n=oops\nB=2\n");
    expect(parsed.problems).toEqual([{ line: 2, text: "=oops" }]);
    expect(parsed.entries.map((e) => e.key)).toEqual(["A", "B"]);
  });

  test("quoted value followed by a comment; CRLF line endings", () => {
    expect(values("A='x' # c\r\nB=\"y\"\r\n")).toEqual({ A: "x", B: "y" });
  });
});
