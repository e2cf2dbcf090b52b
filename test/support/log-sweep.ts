/**
 * The secret sweep every harness runs when it stops: no log file of the appliance under test may
 * contain a client's token or OAuth secret, the lab's passwords, or any other secret a test
 * registered. Run at every stop, it covers every log the suite produces through a harness.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAB_CREDENTIALS } from "../../src/lab/credentials.ts";

/** The lab's passwords: never in a log, whatever a test does with them. */
const LAB_SECRETS = Object.values(LAB_CREDENTIALS).map((c) => c.password);

/** Every client's token and OAuth secret under `root/clients`. */
function clientSecrets(root: string): string[] {
  const clients = join(root, "clients");
  if (!existsSync(clients)) return [];
  return readdirSync(clients).flatMap((client) =>
    [".token", ".secret"]
      .map((f) => join(clients, client, "secrets", f))
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p, "utf8").trim())
      .filter((s) => s.length >= 8),
  );
}

/** Lines of the logs under `root/logs` that contain a secret; empty when the logs are clean. */
export function secretsInLogs(root: string, extra: string[] = []): string[] {
  const logs = join(root, "logs");
  if (!existsSync(logs)) return [];
  const secrets = [...LAB_SECRETS, ...clientSecrets(root), ...extra];
  const found: string[] = [];
  for (const file of readdirSync(logs)) {
    const text = readFileSync(join(logs, file), "utf8");
    for (const secret of secrets)
      if (text.includes(secret)) found.push(`${file} contains a secret (${secret.slice(0, 3)}…)`);
  }
  return found;
}
