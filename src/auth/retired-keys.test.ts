import { describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tokenKinds } from "../clients/client-modes.ts";
import { addRetiredKey, loadRetiredKeys } from "./retired-keys.ts";
import { keyId, signToken } from "./token-signer.ts";
import { kindVerifiers, type VerifierContext, verifyAccessToken } from "./token-verifier.ts";

const oldPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const newPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ISSUER = "https://mcp.test:8443";

describe("tokens signed by a retired key", () => {
  test("the JWT current at the rotation passes until the grace ends; others and OAuth after its window do not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retired-"));
    try {
      let now = 1_000_000;
      const oldKid = await keyId(oldPair.publicKey);
      const sign = (kind: "jwt" | "oauth2", extra: Partial<{ ttl: number }> = {}) =>
        signToken(oldPair.privateKey, oldKid, {
          kind,
          issuer: ISSUER,
          audience: kind === "jwt" ? "mcp-clients" : `${ISSUER}/mcp`,
          subject: "sub-alice",
          clientId: "alice",
          ttlSeconds: extra.ttl ?? 86_400,
          now,
          ...(kind === "oauth2" ? { scope: "mcp", generation: "g1" } : {}),
        } as Parameters<typeof signToken>[2]);
      const current = await sign("jwt");
      const older = await sign("jwt");
      const path = join(dir, "retired_keys.json");
      addRetiredKey(
        path,
        {
          kid: oldKid,
          publicPem: oldPair.publicKey.export({ type: "spki", format: "pem" }) as string,
          retiredAt: now,
          jwtUntil: now + 100,
          oauthUntil: now + 50,
          jwtIds: { alice: current.jti },
        },
        now,
      );
      const ctx: VerifierContext = {
        publicKey: newPair.publicKey,
        issuer: ISSUER,
        audience: "mcp-clients",
        resourceUrl: `${ISSUER}/mcp`,
        clients: new Map([["alice", { name: "alice", subject: "sub-alice", profile: "admin", mode: "jwt+oauth2" }]]),
        revocations: { isRevoked: () => false, revoke() {} },
        generations: {
          current: () => ({ generation: "g1", subject: "sub-alice", jwtId: "the-new-one" }),
          advance: () => ({ generation: "g2", subject: "sub-alice" }),
          setJwtId() {},
        },
        retired: loadRetiredKeys(path, now),
        now: () => now,
      };
      const verifiers = kindVerifiers(tokenKinds("jwt+oauth2"), ctx);
      const reason = async (token: string) => {
        const result = await verifyAccessToken(token, ctx, verifiers);
        return result.ok ? "ok" : result.reason;
      };
      expect(await reason(current.token)).toBe("ok");
      expect(await reason(older.token)).toBe("superseded");
      now += 100;
      expect(await reason(current.token)).toBe("key_retired");
      expect(loadRetiredKeys(path, now + 1)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
