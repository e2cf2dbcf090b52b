import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.ts";

describe("atomic writes", () => {
  test("replace content completely, leave no temp file, apply the mode", () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    try {
      const file = join(dir, "nested", "state.json");
      writeFileAtomic(file, "first");
      writeFileAtomic(file, "second, longer content");
      expect(readFileSync(file, "utf8")).toBe("second, longer content");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      writeFileAtomic(file, "public", { mode: 0o644 });
      expect(statSync(file).mode & 0o777).toBe(0o644);
      expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a process killed mid-way leaves the old or the new content, never a torn file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-kill-"));
    try {
      const file = join(dir, "token");
      const big = (ch: string) => ch.repeat(4 * 1024 * 1024);
      writeFileAtomic(file, big("a"));
      const script = `import { writeFileAtomic } from ${JSON.stringify(join(import.meta.dir, "atomic.ts"))};
        for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(file)}, (i % 2 ? "a" : "b").repeat(4 * 1024 * 1024));`;
      for (let round = 0; round < 5; round++) {
        const child = Bun.spawn([process.execPath, "-e", script], { stdout: "ignore", stderr: "ignore" });
        await Bun.sleep(60 + round * 37);
        child.kill("SIGKILL");
        await child.exited;
        const content = readFileSync(file, "utf8");
        expect(content.length).toBe(4 * 1024 * 1024);
        expect(content === big("a") || content === big("b")).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
