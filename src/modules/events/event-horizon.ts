/**
 * The horizon of the events' record order: the highest record id below which no event can still
 * appear. Record ids come from a sequence when a row is inserted, but transactions commit in any
 * order: on a PostgreSQL server, event 11 may be visible while event 10 is still being captured,
 * and a cursor moved past 10 would lose it. So a reader that follows the record order (the
 * subscriptions' delivery, supervision's read models) reads only up to the horizon. A probe
 * reads the highest visible id, then which transactions hold the lock an INSERT into events
 * takes before it draws an id: if none, every id up to the highest is committed or never will
 * be; else that id becomes the horizon once those transactions (not later ones) have ended. No
 * lock is taken, and unrelated transactions hold nobody back. (PGlite has one connection:
 * nobody else is ever writing, the horizon is the last id.)
 */
import type { HorizonProbe } from './events.repo.ts';

/**
 * A tracker of the horizon over `probe` (the events service's `horizonProbe`).
 *
 * @example const horizon = eventHorizon(() => events.horizonProbe()); const upTo = await horizon.advance();
 */
export function eventHorizon(probe: () => Promise<HorizonProbe>) {
  let horizon = 0;
  let candidate: { maxEventId: number; writers: ReadonlySet<string> } | undefined;
  return {
    async advance(): Promise<number> {
      const p = await probe();
      const writing = new Set(p.writers);
      if (candidate && ![...candidate.writers].some((w) => writing.has(w))) {
        horizon = Math.max(horizon, candidate.maxEventId);
        candidate = undefined;
      }
      if (writing.size === 0) {
        horizon = Math.max(horizon, p.maxEventId);
        candidate = undefined;
      } else {
        candidate ??= { maxEventId: p.maxEventId, writers: writing };
      }
      return horizon;
    },
  };
}
