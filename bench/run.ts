/**
 * `npm run bench`: runs every benchmark script (bench/b*.ts) one after the other, each of
 * which measures against its own baseline in the same run and writes bench/results-<id>.json;
 * then prints one table and merges everything into bench/results.json.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Row {
  id: string;
  metric: string;
  value: number | string;
  unit: string;
  /** min-max over the runs behind the median. */
  spread?: string;
  target?: string;
  ok?: boolean;
}

const dir = import.meta.dir;
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => /^b\d+-[a-z0-9-]+\.ts$/.test(f))
  .filter((f) => only.length === 0 || only.some((id) => f.startsWith(`${id}-`)))
  .sort();
const rows: Row[] = [];
for (const script of scripts) {
  const id = script.split("-")[0]!;
  console.log(`\n== ${script}`);
  const proc = Bun.spawnSync([process.execPath, join(dir, script)], { stdout: "inherit", stderr: "inherit" });
  const resultFile = join(dir, `results-${id}.json`);
  if (proc.exitCode !== 0 || !existsSync(resultFile)) {
    rows.push({ id, metric: "run", value: `failed (exit ${proc.exitCode})`, unit: "" });
    continue;
  }
  rows.push(...(JSON.parse(readFileSync(resultFile, "utf8")) as Row[]));
}
console.log("\n| id | metric | median | unit | spread (min-max) | target | ok |\n|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.id} | ${r.metric} | ${r.value} | ${r.unit} | ${r.spread ?? ""} | ${r.target ?? ""} | ${r.ok === undefined ? "" : r.ok ? "yes" : "NO"} |`,
  );
writeFileSync(join(dir, "results.json"), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
