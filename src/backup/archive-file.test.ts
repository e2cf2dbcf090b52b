/** Archive names in time order, a second backup in the same second after the first. */
import { expect, test } from "bun:test";
import { compareArchiveNames } from "./archive-file.ts";

test("archive names sort by time, then by their same-second number", () => {
  const names = [
    "ai-bridge-backup-20261202T124500Z-2.aibk",
    "ai-bridge-backup-20261202T124501Z.aibk",
    "ai-bridge-backup-20261202T124500Z-10.aibk",
    "ai-bridge-backup-20261202T124500Z.aibk",
    "ai-bridge-backup-20261201T235959Z.aibk",
  ];
  expect([...names].sort(compareArchiveNames)).toEqual([
    "ai-bridge-backup-20261201T235959Z.aibk",
    "ai-bridge-backup-20261202T124500Z.aibk",
    "ai-bridge-backup-20261202T124500Z-2.aibk",
    "ai-bridge-backup-20261202T124500Z-10.aibk",
    "ai-bridge-backup-20261202T124501Z.aibk",
  ]);
});
