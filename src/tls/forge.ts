/**
 * node-forge, loaded only when a certificate is made (first start, renewal, a new CA): reading
 * the existing ones at every start uses node:crypto, so a start does not pay for evaluating
 * forge and parsing keys in JavaScript (bench/README.md, B4). A synchronous require, because the
 * certificate steps are synchronous; the bundler still embeds the package.
 */
type Forge = typeof import("node-forge");

export function loadForge(): Forge {
  return require("node-forge") as Forge;
}
