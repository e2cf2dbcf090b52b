/**
 * `ai-bridge show-tech`: the support bundle, one gzip'd tar a support engineer opens with
 * `tar -xzf`. Every section is scrubbed of this installation's secrets before it is packed; the
 * archive is written atomically, mode 600.
 */
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { writeFileAtomic } from "../fs/atomic.ts";
import { knownSecrets, scrub } from "./secret-scrub.ts";
import { collectSections, type SectionOptions } from "./sections.ts";

export interface BundleResult {
  path: string;
  files: string[];
  bytes: number;
}

/** Collects, scrubs, packs and writes the bundle to `out`. */
export async function writeSupportBundle(
  options: SectionOptions & { out: string; folder: string },
): Promise<BundleResult> {
  const sections = await collectSections(options);
  const secrets = knownSecrets(options.config, options.paths, []);
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    tar.on("end", resolve);
    tar.on("error", reject);
  });
  const mtime = new Date();
  for (const section of sections) {
    tar.entry({ name: `${options.folder}/${section.name}`, mode: 0o600, mtime }, scrub(section.text, secrets));
  }
  tar.finalize();
  await ended;
  const gz = gzipSync(Buffer.concat(chunks));
  writeFileAtomic(options.out, gz);
  return { path: options.out, files: sections.map((s) => s.name), bytes: gz.length };
}
