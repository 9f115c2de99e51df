/**
 * The custody of the codes one capture is about, as it stands before each of its events: what
 * the stored records say, then what the earlier events of the same capture did (a document may
 * commission, pack and ship in one go). Events on a container move what is packed in it.
 * Pure: the stored custody comes from the event graph service, the rules from access/write-rules.ts.
 */
import type { Custody } from '../access/write-rules.ts';
import { type HeldState, applyEvent } from './holdings.ts';
import type { EventFacts } from './event-facts.ts';

export type StoredCustody = ReadonlyMap<string, Custody & { readonly containers: readonly string[] }>;

const INSTANCE_ROLES = new Set(['epc', 'parent', 'child', 'input', 'output']);
const NOBODY: Custody = Object.freeze({ producer: null, holder: null, state: 'new', soldBy: null });

export type CustodyBook = ReturnType<typeof createCustodyBook>;

/**
 * @example const book = createCustodyBook(await graph.custody(keys)); book.get(key); book.apply(facts, orgId, dest)
 */
export function createCustodyBook(initial: StoredCustody = new Map()) {
  const stored = new Map(initial);
  let seq = 0;
  const changed = new Map<string, { seq: number; custody: Custody }>();
  // Packing recorded by this capture: child → containers.
  const packedIn = new Map<string, Set<string>>();

  function containers(key: string): string[] {
    const chain = new Set<string>([key]);
    for (const k of chain) {
      for (const c of stored.get(k)?.containers ?? []) chain.add(c);
      for (const c of packedIn.get(k) ?? []) chain.add(c);
    }
    chain.delete(key);
    return [...chain];
  }

  /** A key's custody now: its own latest change in this capture, or its container's if later, or the stored one. */
  function get(key: string): Custody {
    let best = changed.get(key);
    for (const c of containers(key)) {
      const v = changed.get(c);
      if (v && (!best || v.seq > best.seq)) best = v;
    }
    const base = stored.get(key) ?? NOBODY;
    if (!best) return base;
    return { ...best.custody, producer: base.producer };
  }

  return {
    get,
    /** Adds the stored custody of more keys (a later document of the same batch names them). */
    load(more: StoredCustody): void {
      for (const [k, v] of more) if (!stored.has(k)) stored.set(k, v);
    },
    /** Records what an accepted event did to the custody of the codes it names. */
    apply(facts: EventFacts, orgId: string, destination: string | undefined): void {
      seq++;
      const row = { biz_step: facts.bizStep, disposition: facts.disposition, action: facts.action, event_type: facts.type, event_time: facts.eventTime, org_id: orgId };
      const parent = facts.epcs.find((e) => e.role === 'parent')?.key;
      for (const e of facts.epcs) {
        if (!INSTANCE_ROLES.has(e.role)) continue;
        const c = get(e.key);
        const st: HeldState = { holder: c.holder ?? '', state: c.state === 'new' ? 'held' : c.state, returnedAt: null, goneAt: null, soldAt: null, soldBy: c.soldBy, lastEventAt: null };
        applyEvent(st, row, destination);
        const custody: Custody = st.holder === '' ? NOBODY : { producer: c.producer, holder: st.holder, state: st.state as Custody['state'], soldBy: st.soldBy };
        changed.set(e.key, { seq, custody });
        if (parent && e.role === 'child') {
          const set = packedIn.get(e.key) ?? new Set<string>();
          if (facts.action === 'DELETE') set.delete(parent);
          else set.add(parent);
          packedIn.set(e.key, set);
        }
      }
    },
  };
}
