/**
 * Profiles the bridge's per-call path: runs the bridge from source under Bun's sampling profiler
 * (BENCH_CPU_PROFILE, see support/stack.ts), drives CALLS `cucm_axl_call getPhone` calls from 32
 * concurrent clients, stops it and prints the profile's top frames. Not part of `npm run bench`:
 *   bun bench/profile.ts [calls]
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "bench-profile-"));
process.env.BENCH_CPU_PROFILE = dir;
const { somePhone, startStack } = await import("./support/stack.ts");
const CALLS = Number(process.argv[2] ?? 3000);
const stack = await startStack("profile");
try {
  const phone = await somePhone(stack);
  let issued = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (issued++ < CALLS)
        await stack.mcp("cucm_axl_call", { host: stack.pub.ip, operation: "getPhone", data: { name: phone } });
    }),
  );
} finally {
  await stack.stop();
}
for (const file of readdirSync(dir)) {
  console.log(`== ${join(dir, file)}`);
  console.log(readFileSync(join(dir, file), "utf8").slice(0, 6000));
}
