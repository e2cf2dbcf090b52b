/**
 * Reuses VOS CLI sessions per host (logins take 5-8 s, and VOS limits concurrent admin sessions):
 * at most `maxPerHost` sessions per host and user, commands serialised per session, idle sessions
 * closed after `idleMs`. The ssh2 Client factory and the known-hosts store are injected.
 */
import type { Client } from "ssh2";
import { credentialKey } from "../credential-key.ts";
import { type ProtocolLogger, SILENT_LOGGER } from "../logger.ts";
import type { KnownHostsStore } from "./host-keys.ts";
import { openVosSession, type VosRunOptions, type VosRunResult, type VosSession, type VosTarget } from "./session.ts";

/** Injected dependencies and limits. */
export interface VosPoolDeps {
  /** A fresh ssh2 client (may load ssh2 on first use). */
  connect: () => Client | Promise<Client>;
  knownHosts: KnownHostsStore;
  logger?: ProtocolLogger;
  /** Sessions per host and user (default 2). */
  maxPerHost?: number;
  /** Close sessions idle this long (default 5 minutes). */
  idleMs?: number;
}

/** The pool. */
export interface VosPool {
  run(target: VosTarget, command: string, opts?: VosRunOptions): Promise<VosRunResult>;
  /** Closes every session of a host (e.g. after its host key was re-trusted). */
  closeHost(host: string): void;
  closeAll(): void;
}

interface Slot {
  session?: VosSession;
  busy: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

/** Creates the pool. */
export function createVosPool(deps: VosPoolDeps): VosPool {
  const log = deps.logger ?? SILENT_LOGGER;
  const max = deps.maxPerHost ?? 2;
  const idleMs = deps.idleMs ?? 300_000;
  const slots = new Map<string, Slot[]>();
  const waiters = new Map<string, Array<() => void>>();

  const release = (key: string, slot: Slot) => {
    slot.busy = false;
    if (slot.session && !slot.session.closed) {
      slot.timer = setTimeout(() => {
        slot.session?.close();
        const list = slots.get(key);
        if (list)
          slots.set(
            key,
            list.filter((s) => s !== slot),
          );
      }, idleMs);
      slot.timer.unref?.();
    } else {
      slots.set(
        key,
        (slots.get(key) ?? []).filter((s) => s !== slot),
      );
    }
    waiters.get(key)?.shift()?.();
  };

  const acquire = async (key: string): Promise<Slot> => {
    for (;;) {
      const list = slots.get(key) ?? [];
      const free = list.find((s) => !s.busy && s.session && !s.session.closed);
      if (free) {
        clearTimeout(free.timer);
        free.busy = true;
        return free;
      }
      const live = list.filter((s) => s.busy || (s.session && !s.session.closed));
      if (live.length < max) {
        const slot: Slot = { busy: true };
        slots.set(key, [...live, slot]);
        return slot;
      }
      await new Promise<void>((resolve) => {
        const q = waiters.get(key) ?? [];
        q.push(resolve);
        waiters.set(key, q);
      });
    }
  };

  return {
    async run(target, command, opts) {
      // Per credential: a session opened with one client's password never serves another's.
      const key = credentialKey(target.host, target.port, target.username, target.password);
      const slot = await acquire(key);
      try {
        if (!slot.session || slot.session.closed) {
          log.debug({ host: target.host }, "opening VOS SSH session");
          slot.session = await openVosSession(await deps.connect(), target, deps.knownHosts);
        }
        return await slot.session.run(command, opts);
      } catch (err) {
        slot.session?.close();
        throw err;
      } finally {
        release(key, slot);
      }
    },
    closeHost(host) {
      for (const [key, list] of slots) {
        if (!key.startsWith(`${host}:`)) continue;
        for (const s of list) {
          clearTimeout(s.timer);
          s.session?.close();
        }
        slots.delete(key);
      }
    },
    closeAll() {
      for (const list of slots.values()) {
        for (const s of list) {
          clearTimeout(s.timer);
          s.session?.close();
        }
      }
      slots.clear();
    },
  };
}
