/**
 * `ai-bridge ca [--out FILE]`: where the appliance CA certificate is and its SHA-256 fingerprint
 * (to compare with what a client shows before trusting it), optionally a copy written where the
 * administrator wants it. The CA is made by the server at its first start (src/tls/appliance-ca.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { appliancePaths } from "../../appliance/paths.ts";
import { envPathFor, loadConfig } from "../../config/load.ts";
import { PUBLIC_FILE_MODE, writeFileAtomic } from "../../fs/atomic.ts";
import { issuedBy, sha256Fingerprint } from "../../tls/appliance-ca.ts";
import { UsageError } from "../args.ts";
import type { Command } from "../command.ts";

/** The `ca` subcommand (listed in registry.ts). */
export const caCommand: Command = {
  usage: "ca [--out FILE]",
  description:
    "Prints the path of secrets/ca.crt, the certificate authority that signs the server's certificate, and its " +
    "SHA-256 fingerprint. Point clients at this file (NODE_EXTRA_CA_CERTS, curl --cacert, SSL_CERT_FILE); it " +
    "stays the same when the server certificate is renewed. --out FILE writes a copy of it to FILE.",
  options: [{ name: "out", value: "FILE", help: "also write the CA certificate (PEM) to FILE" }],
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError("ca takes no arguments (only --out FILE)");
    if (!existsSync(envPathFor(ctx.root))) {
      ctx.err(`ai-bridge ca: no configuration in ${ctx.root} (run ai-bridge setup, or pass --root DIR)`);
      return 1;
    }
    const { config } = loadConfig(ctx.root);
    const paths = appliancePaths(config);
    if (!existsSync(paths.caCert)) {
      ctx.err(`ai-bridge ca: no CA yet at ${paths.caCert}; the server creates it at its first start (ai-bridge serve)`);
      return 1;
    }
    const pem = readFileSync(paths.caCert, "utf8");
    let fingerprint: string;
    try {
      fingerprint = sha256Fingerprint(pem);
    } catch {
      ctx.err(
        `ai-bridge ca: ${paths.caCert} is not a readable certificate; the server makes a new CA at its next start`,
      );
      return 1;
    }
    ctx.out(`CA certificate: ${paths.caCert}`);
    ctx.out(`SHA-256 fingerprint: ${fingerprint}`);
    const serverCert = existsSync(paths.tlsCert) ? readFileSync(paths.tlsCert, "utf8") : "";
    if (config.TLS_CA_SIGNED_CERT_FILE !== "" || (serverCert !== "" && !issuedBy(serverCert, { certPem: pem })))
      ctx.out(
        "Note: the server uses a certificate supplied by the administrator; clients trust that certificate's CA, not this one.",
      );
    const out = args.options["out"];
    if (typeof out === "string") {
      const target = resolve(out);
      writeFileAtomic(target, pem, { mode: PUBLIC_FILE_MODE });
      ctx.out(`Written to ${target}`);
    }
    return 0;
  },
};
