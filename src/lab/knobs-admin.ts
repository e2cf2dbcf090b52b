/**
 * The lab's admin routes on the CUCM publisher (Basic auth with the AXL credentials):
 * `GET/POST /lab/knobs` reads or patches the fault knobs (JSON), `POST /lab/host-key`
 * `{"node": "cucm-pub"}` replaces a node's SSH host key (the "host-key change" knob).
 */
import { timingSafeEqual } from "node:crypto";
import type { LabCredentials, LabKnobs } from "./contracts.ts";
import { KnobError, validateKnobPatch } from "./knobs.ts";

/** Options of {@link createKnobsAdmin}. */
export interface KnobsAdminOptions {
  knobs: LabKnobs;
  credentials: LabCredentials["axl"];
  /** Replaces the SSH host key of a node; resolves to the new fingerprint. */
  replaceHostKey(node: string): Promise<string>;
}

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

/** Creates the two admin handlers. */
export function createKnobsAdmin(opts: KnobsAdminOptions): {
  knobs: (req: Request) => Promise<Response>;
  hostKey: (req: Request) => Promise<Response>;
} {
  const expected = Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`);
  const authorized = (req: Request): boolean => {
    const header = req.headers.get("authorization") ?? "";
    if (!header.startsWith("Basic ")) return false;
    const given = Buffer.from(Buffer.from(header.slice(6), "base64").toString("utf8"));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const readJson = async (req: Request): Promise<Record<string, unknown> | Response> => {
    try {
      const body = (await req.json()) as unknown;
      if (body === null || typeof body !== "object" || Array.isArray(body))
        return json({ error: "send a JSON object" }, 400);
      return body as Record<string, unknown>;
    } catch {
      return json({ error: 'the body is not JSON; send e.g. {"latencyMs": 200}' }, 400);
    }
  };
  return {
    async knobs(req) {
      if (!authorized(req)) return json({ error: "Basic auth with the lab AXL credentials is required" }, 401);
      if (req.method === "GET") return json(opts.knobs.get());
      if (req.method !== "POST") return json({ error: "use GET or POST" }, 405);
      const body = await readJson(req);
      if (body instanceof Response) return body;
      try {
        validateKnobPatch(body);
        opts.knobs.set(body);
      } catch (error) {
        if (error instanceof KnobError) return json({ error: error.message, code: error.code }, 400);
        throw error;
      }
      return json(opts.knobs.get());
    },
    async hostKey(req) {
      if (!authorized(req)) return json({ error: "Basic auth with the lab AXL credentials is required" }, 401);
      if (req.method !== "POST") return json({ error: 'use POST with {"node": "cucm-pub"}' }, 405);
      const body = await readJson(req);
      if (body instanceof Response) return body;
      const node = typeof body["node"] === "string" ? body["node"] : "";
      try {
        return json({ node, fingerprint: await opts.replaceHostKey(node) });
      } catch (error) {
        return json({ error: error instanceof Error ? error.message : "host key change failed" }, 400);
      }
    },
  };
}
