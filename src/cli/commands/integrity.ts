/**
 * `ai-bridge integrity sign` records the installation as it is now in the signed manifest;
 * `ai-bridge integrity verify` compares the disk with it and prints every change (for .env, the
 * keys whose value changed, never the values). docs/operations.md, "Integrity".
 */
import { appliancePaths } from "../../appliance/paths.ts";
import { loadConfig } from "../../config/load.ts";
import { ensureRsaKeyPair } from "../../crypto/rsa-keys.ts";
import { runningBinary, SYSTEMD_UNIT_FILE } from "../../integrity/file-set.ts";
import { describeChanges, loadIntegrityKeys, signManifest, verifyManifest } from "../../integrity/manifest.ts";
import { UsageError } from "../args.ts";
import { auditFromCli } from "../cli-audit.ts";
import type { Command } from "../command.ts";
import { runAsOwnerOf } from "../run-as-owner.ts";

export const integrityCommand: Command = {
  usage: "integrity sign|verify",
  description:
    "sign hashes the covered files (SHA-512) and the value of every .env key, signs the result RSA-PSS with the\n" +
    "server's RSA key and writes secrets/integrity-manifest.json; run it after a change you made on purpose.\n" +
    "verify prints what differs from the manifest (modified, missing or added files; for .env the keys that\n" +
    "changed, never their values) and exits 1 unless the installation is intact.",
  options: [],
  async run(args, ctx) {
    const [action] = args.positionals;
    if ((action !== "sign" && action !== "verify") || args.positionals.length !== 1) {
      throw new UsageError("expected: integrity sign or integrity verify");
    }
    const { config } = loadConfig(ctx.root);
    const paths = appliancePaths(config);
    const target = { config, files: { binary: runningBinary(), unitFile: SYSTEMD_UNIT_FILE } };
    if (action === "sign") {
      // The manifest must stay readable and rewritable by the server's account.
      runAsOwnerOf(paths.env);
      const keys = await ensureRsaKeyPair({
        privatePath: paths.rsaPrivateKey,
        publicPath: paths.rsaPublicKey,
        bits: Number(config.AUTH_RSA_KEY_SIZE),
      });
      const count = signManifest(target, keys);
      auditFromCli(config, [["integrity.signed", { by: "cli", files: count }]]);
      ctx.out(`signed the integrity manifest: ${count} files`);
      return 0;
    }
    const keys = loadIntegrityKeys(config);
    if (keys === undefined) {
      ctx.err("ai-bridge integrity: no RSA public key yet; start the server once or run: ai-bridge integrity sign");
      return 1;
    }
    const report = verifyManifest(target, keys);
    if (report.status === "intact") {
      ctx.out(`intact: every covered file matches the manifest signed ${report.signedAt}`);
      return 0;
    }
    if (keys.privateKey === undefined && report.changes.some((c) => c.file === ".env")) {
      ctx.err("(the RSA private key is not readable by this account: .env changes are not broken down by key)");
    }
    for (const line of describeChanges(report)) ctx.out(line);
    return 1;
  },
};
