/**
 * The container image, tested without a container runtime (this machine has the docker client
 * but no daemon): the Dockerfile's stages and settings; the runtime base provides every library
 * the binary and its embedded native addon link against; the runtime stage's layout (the binary
 * root's, one data folder owned by UID:GID, the process running as UID:GID with the default
 * MCP_SERVER_HOST=0.0.0.0) works, and the HEALTHCHECK command as written turns healthy, then
 * unhealthy when the server stops; the compose example uses the .env's UID/GID and one volume.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_SPEC } from "../../src/config/schema.ts";
import { ensureBinary, PROJECT_ROOT } from "../support/binary.ts";
import { freePort } from "../support/net.ts";

const dockerfile = readFileSync(join(PROJECT_ROOT, "Dockerfile"), "utf8");
/** Dockerfile instructions (continuation lines joined, comments dropped). */
const instructions = dockerfile
  .replaceAll(/\\\n\s*/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));
const stages = instructions.reduce<string[][]>((all, line) => {
  if (line.startsWith("FROM ")) all.push([]);
  all.at(-1)?.push(line);
  return all;
}, []);
const runtime = stages.at(-1) ?? [];
/** The JSON array of an exec-form instruction of the runtime stage. */
const execForm = (prefix: string) =>
  JSON.parse(runtime.find((l) => l.startsWith(prefix))!.slice(prefix.length)) as string[];

const isRoot = process.getuid?.() === 0;
let image: string;
let binary: string;
beforeAll(() => {
  binary = ensureBinary();
  image = mkdtempSync(join(tmpdir(), "image-"));
}, 180_000);
afterAll(() => rmSync(image, { recursive: true, force: true }));

describe("Dockerfile", () => {
  test("two stages: the build stage builds like the README; the runtime holds the binary, runs as UID:GID", () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]![0]).toMatch(/^FROM node:\S+ AS build$/);
    expect(stages[0]).toContain("RUN npm ci --no-audit --no-fund");
    expect(stages[0]!.some((l) => l.startsWith("RUN npm run build"))).toBe(true);
    expect(runtime[0]).toBe("FROM gcr.io/distroless/cc-debian12 AS runtime");
    expect(runtime).toContain(`ARG UID=${CONFIG_SPEC.UID.default}`);
    expect(runtime).toContain(`ARG GID=${CONFIG_SPEC.GID.default}`);
    expect(runtime).toContain("USER ${UID}:${GID}");
    expect(runtime).toContain("ENV MIMALLOC_PURGE_DELAY=-1");
    expect(runtime.filter((l) => l.startsWith("VOLUME"))).toEqual(['VOLUME ["/data"]']);
    expect(runtime.filter((l) => l.startsWith("COPY")).join("\n")).toContain(
      "/src/build/ai-bridge /usr/local/bin/ai-bridge",
    );
    expect(execForm("ENTRYPOINT ")).toEqual(["/usr/local/bin/ai-bridge", "--root", "/data"]);
    expect(execForm("CMD ")).toEqual(["serve"]);
    expect(runtime.find((l) => l.startsWith("HEALTHCHECK"))).toContain(
      'CMD ["/usr/local/bin/ai-bridge", "--root", "/data", "health"',
    );
  });

  test("the runtime base provides every library the binary and its native addon need", () => {
    // distroless/cc-debian12: glibc (libc, libm, libdl, libpthread, librt, ld-linux), libgcc_s, libstdc++.
    const provided = /^(linux-vdso|libc|libm|libdl|libpthread|librt|ld-linux-x86-64|libgcc_s|libstdc\+\+)\.so/;
    const addons = Bun.spawnSync(["find", join(PROJECT_ROOT, "node_modules", "@node-rs"), "-name", "*.node"])
      .stdout.toString()
      .trim()
      .split("\n");
    for (const file of [binary, ...addons]) {
      const libs = Bun.spawnSync(["ldd", file])
        .stdout.toString()
        .trim()
        .split("\n")
        .map((line) =>
          line
            .trim()
            .split(/\s/)[0]!
            .replace(/^\/lib64\//, ""),
        );
      expect(libs.length).toBeGreaterThan(2);
      for (const lib of libs) expect(`${file}: ${lib}`).toMatch(new RegExp(`: ${provided.source.slice(1)}`));
    }
  });
});

describe.if(isRoot || process.env["CI"] === "true")("the runtime stage's layout, without a container", () => {
  test("as UID:GID, the binary root's and /data the user's: setup, serve on 0.0.0.0, the HEALTHCHECK healthy, then not", async () => {
    const uid = Number(CONFIG_SPEC.UID.default);
    const gid = Number(CONFIG_SPEC.GID.default);
    const bin = join(image, "usr", "local", "bin");
    const data = join(image, "data");
    mkdirSync(bin, { recursive: true });
    mkdirSync(data);
    copyFileSync(binary, join(bin, "ai-bridge"));
    chmodSync(join(bin, "ai-bridge"), 0o755);
    chownSync(data, uid, gid);
    chmodSync(image, 0o755);
    const inImage = (argv: string[]) => argv.map((arg) => arg.replace("/usr/local/bin", bin).replace(/^\/data$/, data));
    const asUser = (argv: string[]) => ["setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", ...argv];
    const entrypoint = inImage(execForm("ENTRYPOINT "));
    const port = freePort();
    const setup = Bun.spawnSync(
      asUser([
        ...entrypoint,
        "setup",
        "--non-interactive",
        "--public-host",
        "localhost",
        "--port",
        String(port),
      ]).concat(["--rsa-key-size", "2048", "--auth-mode", "oauth2", "--clients", "bob:sub-bob-1:operator"]),
      { stdout: "pipe", stderr: "pipe" },
    );
    expect(setup.stderr.toString()).toBe("");
    expect(readFileSync(join(data, ".env"), "utf8")).toContain("MCP_SERVER_HOST=0.0.0.0");
    const healthcheck = runtime.find((l) => l.startsWith("HEALTHCHECK"))!;
    const probe = inImage(JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4)) as string[]);
    const healthy = () => Bun.spawnSync(asUser(probe), { stdout: "pipe", stderr: "pipe" });
    expect(healthy().exitCode).toBe(1);
    const server = Bun.spawn(asUser([...entrypoint, ...execForm("CMD ")]), { stdout: "ignore", stderr: "pipe" });
    try {
      const deadline = Date.now() + 60_000;
      let answer = healthy();
      while (answer.exitCode !== 0 && Date.now() < deadline && server.exitCode === null) {
        await Bun.sleep(300);
        answer = healthy();
      }
      expect(answer.exitCode).toBe(0);
      expect(JSON.parse(answer.stdout.toString()).status).toBe("ok");
      for (const dir of ["secrets", "clients", "logs", "profiles"]) {
        const st = Bun.spawnSync(["stat", "-c", "%u:%g", join(data, dir)])
          .stdout.toString()
          .trim();
        expect(`${dir} ${st}`).toBe(`${dir} ${uid}:${gid}`);
      }
    } finally {
      server.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
    const after = healthy();
    expect(after.exitCode).toBe(1);
    expect(after.stderr.toString()).toContain("no answer");
  }, 120_000);
});

describe("compose example", () => {
  const compose = Bun.YAML.parse(readFileSync(join(PROJECT_ROOT, "scripts", "compose.example.yml"), "utf8")) as {
    services: Record<string, Record<string, unknown>>;
  };
  const service = compose.services["ai-bridge"]!;
  test("runs as the .env's UID:GID with the project root as the one volume, and sets no environment", () => {
    expect(service.user).toBe("${UID:-1000}:${GID:-1000}");
    expect((service.build as { args: unknown }).args).toEqual({ UID: "${UID:-1000}", GID: "${GID:-1000}" });
    expect(service.volumes).toEqual(["./:/data"]);
    expect(service.tmpfs).toContain("/tmp");
    expect(service.environment).toBeUndefined();
  });
});
