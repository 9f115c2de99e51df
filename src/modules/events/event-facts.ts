/**
 * The indexable facts of one EPCIS 2.0 event: what it is about (EPC keys by role), its why
 * (business transactions, sources, destinations) and its where, normalised so that a query can
 * find an event whatever spelling the sender used (URN or Digital Link, bare CBV word or URI).
 * Pure: the repo stores these beside the event as sent.
 */
import { epcKey } from '../../epcis/epc-key.ts';
import { normaliseVocab } from '../../epcis/cbv-vocab.ts';

export type EpcRole = 'epc' | 'parent' | 'child' | 'input' | 'output' | 'class' | 'child_class' | 'input_class' | 'output_class';

export interface EventEpc {
  readonly role: EpcRole;
  readonly key: string;
  readonly quantity: number | null;
  readonly uom: string | null;
}

export interface EventLink {
  readonly kind: 'bizTransaction' | 'source' | 'destination';
  readonly type: string;
  readonly value: string;
}

export interface EventFacts {
  readonly type: string;
  readonly action: string | null;
  readonly eventTime: Date;
  readonly bizStep: string | null;
  readonly disposition: string | null;
  readonly readPoint: string | null;
  readonly bizLocation: string | null;
  readonly transformationId: string | null;
  readonly errorDeclaration: { readonly time: Date; readonly reason: string | null } | null;
  readonly epcs: readonly EventEpc[];
  readonly links: readonly EventLink[];
}

/** A JSON object as it came over the wire. */
export type EventJson = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Readonly<Record<string, unknown>> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

// Which list carries which role, per EPCIS 2.0 §7.4 (field names of the JSON binding).
const INSTANCE_LISTS: readonly [string, EpcRole][] = [['epcList', 'epc'], ['childEPCs', 'child'], ['inputEPCList', 'input'], ['outputEPCList', 'output']];
const QUANTITY_LISTS: readonly [string, EpcRole][] = [['quantityList', 'class'], ['childQuantityList', 'child_class'], ['inputQuantityList', 'input_class'], ['outputQuantityList', 'output_class']];

/**
 * Extracts the facts of a schema-valid event.
 *
 * @example eventFacts({ type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2026-01-01T00:00:00+08:00', epcList: ['urn:epc:id:sgtin:0614141.107346.2017'], … }).epcs
 *   // [{ role: 'epc', key: '(01)00614141073467(21)2017', quantity: null, uom: null }]
 */
export function eventFacts(event: EventJson): EventFacts {
  const epcs: EventEpc[] = [];
  for (const [field, role] of INSTANCE_LISTS) {
    for (const v of arr(event[field])) if (typeof v === 'string') epcs.push({ role, key: epcKey(v), quantity: null, uom: null });
  }
  const parent = str(event.parentID);
  if (parent) epcs.push({ role: 'parent', key: epcKey(parent), quantity: null, uom: null });
  for (const [field, role] of QUANTITY_LISTS) {
    for (const q of arr(event[field])) {
      const e = obj(q);
      const cls = str(e.epcClass);
      if (cls) epcs.push({ role, key: epcKey(cls), quantity: typeof e.quantity === 'number' ? e.quantity : null, uom: str(e.uom) });
    }
  }

  const links: EventLink[] = [];
  for (const t of arr(event.bizTransactionList)) {
    const e = obj(t);
    const value = str(e.bizTransaction);
    const type = str(e.type);
    if (value) links.push({ kind: 'bizTransaction', type: type ? normaliseVocab('bizTransactionType', type) : '', value });
  }
  for (const [list, kind, field] of [['sourceList', 'source', 'source'], ['destinationList', 'destination', 'destination']] as const) {
    for (const s of arr(event[list])) {
      const e = obj(s);
      const value = str(e[field]);
      if (value) links.push({ kind, type: normaliseVocab('sourceDestType', str(e.type) ?? ''), value });
    }
  }

  const err = obj(event.errorDeclaration);
  const declared = str(err.declarationTime);
  const where = (v: unknown) => {
    const id = str(obj(v).id);
    return id ? epcKey(id) : null;
  };
  return {
    type: String(event.type),
    action: str(event.action),
    eventTime: new Date(String(event.eventTime)),
    bizStep: str(event.bizStep) && normaliseVocab('bizStep', String(event.bizStep)),
    disposition: str(event.disposition) && normaliseVocab('disposition', String(event.disposition)),
    readPoint: where(event.readPoint),
    bizLocation: where(event.bizLocation),
    transformationId: str(event.transformationID),
    errorDeclaration: declared ? { time: new Date(declared), reason: str(err.reason) && normaliseVocab('errorReason', String(err.reason)) } : null,
    epcs,
    links,
  };
}
