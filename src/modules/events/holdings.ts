/**
 * Holdings (who holds a code, and in what state) as the fold over the events about it and the
 * containers it went into, oldest first (CBV 2.0 bizStep and disposition). Pure: the event
 * graph service feeds it stored events, the custody book (custody-book.ts) the events of a
 * capture being judged.
 */
import type { TraceEventRow, TraceLinkRow, WalkRow } from './event-graph.repo.ts';

/** Where an item is after an event, from its business step and disposition (CBV 2.0). */
export function stateAfter(e: Pick<TraceEventRow, 'biz_step' | 'disposition' | 'action' | 'event_type'>): 'in_transit' | 'held' | 'sold' | 'gone' | 'recalled' | null {
  if (e.event_type === 'ObjectEvent' && e.action === 'DELETE') return 'gone';
  if (e.disposition === 'destroyed' || e.disposition === 'disposed' || e.disposition === 'inactive' || e.biz_step === 'destroying' || e.biz_step === 'decommissioning') return 'gone';
  if (e.disposition === 'retail_sold' || e.biz_step === 'retail_selling') return 'sold';
  if (e.disposition === 'recalled') return null; // a recall notice changes nobody's holding
  if (e.biz_step === 'shipping' || e.disposition === 'in_transit') return 'in_transit';
  if (e.biz_step === 'receiving' || e.biz_step === 'commissioning' || e.biz_step === 'packing' || e.biz_step === 'unpacking' || e.biz_step === 'storing' || e.biz_step === 'inspecting') return 'held';
  return null;
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** A code's holding as the fold over its events leaves it. */
export interface HeldState {
  holder: string;
  state: string;
  returnedAt: Date | null;
  goneAt: Date | null;
  soldAt: Date | null;
  soldBy: string | null;
  lastEventAt: Date | null;
}

/**
 * What one event does to a holding (CBV 2.0 bizStep and disposition, see {@link stateAfter}):
 * shipped goods are held by their addressee's promise, received or packed goods by the
 * organisation that recorded it, sold goods by a consumer.
 */
export function applyEvent(st: HeldState, e: Pick<TraceEventRow, 'biz_step' | 'disposition' | 'action' | 'event_type' | 'event_time' | 'org_id'>, destination: string | undefined): void {
  st.lastEventAt = e.event_time;
  if (e.disposition === 'returned') st.returnedAt = e.event_time;
  const s = stateAfter(e);
  if (!s) return;
  st.state = s;
  if (s === 'gone') st.goneAt = e.event_time;
  if (s === 'in_transit') st.holder = destination ?? st.holder;
  else if (s === 'held' && e.org_id) st.holder = e.org_id;
  else if (s === 'sold') {
    st.holder = 'consumer';
    st.soldAt = e.event_time;
    st.soldBy = e.org_id;
  }
}

/** The owning or possessing party an event sends its goods to (CBV 2.0 §8.2.9). */
function destinations(links: readonly TraceLinkRow[]): Map<number, string> {
  const destOf = new Map<number, string>();
  for (const l of links) if (l.kind === 'destination' && (l.type === 'owning_party' || l.type === 'possessing_party')) destOf.set(l.event, l.org_id ?? l.value);
  return destOf;
}

/** Every container a key went into, and theirs (not the key itself). */
export function closure(key: string, parentsOf: ReadonlyMap<string, readonly string[]>): string[] {
  const chain = new Set<string>([key]);
  for (const k of chain) for (const p of parentsOf.get(k) ?? []) chain.add(p);
  chain.delete(key);
  return [...chain];
}

/** Folds the events over each seed and the containers it went into, oldest first. */
export function foldStates(seeds: readonly string[], ownerOf: (seed: string) => string, walk: readonly WalkRow[], events: readonly TraceEventRow[], links: readonly TraceLinkRow[]) {
  const parentsOf = new Map<string, string[]>();
  for (const d of walk) if (d.via) push(parentsOf, d.via, d.key);
  const eventsByKey = new Map<string, TraceEventRow[]>();
  for (const e of events) for (const k of e.keys) push(eventsByKey, k, e);
  const destOf = destinations(links);
  const out = new Map<string, HeldState>();
  for (const seed of seeds) {
    const chain = new Set<string>([seed]);
    for (const k of chain) for (const p of parentsOf.get(k) ?? []) chain.add(p);
    const st: HeldState = { holder: ownerOf(seed), state: 'held', returnedAt: null, goneAt: null, soldAt: null, soldBy: null, lastEventAt: null };
    const seen = new Set<number>();
    for (const e of [...chain].flatMap((k) => eventsByKey.get(k) ?? []).sort((a, b) => a.event_time.getTime() - b.event_time.getTime() || a.id - b.id)) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      applyEvent(st, e, destOf.get(e.id));
    }
    out.set(seed, st);
  }
  return out;
}
