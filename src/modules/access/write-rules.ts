/**
 * Who may record what about a code: the one table of write rules for business events, whether
 * they come through the platform's forms (/api/v1/events/*) or as EPCIS documents (/epcis).
 * Pure: the event model gathers each code's custody (who made it, who holds it, in what state)
 * and asks {@link eventDenials} before it stores anything. The README's "Who may record what"
 * table is this file in words; keep them together.
 */

/** What an event does, for the rules (from its CBV 2.0 bizStep, disposition and action). */
export type Act =
  | 'commission' | 'inspect' | 'recall' | 'pack' | 'unpack' | 'ship' | 'receive' | 'sell' | 'return' | 'destroy' | 'transform' | 'observe';

/** A code's custody as the stored records (and the earlier events of the same document) say. */
export interface Custody {
  /** The organisation whose product it is: the code's registration, else the product carrying its GTIN or the batch; null when the platform knows no producer. */
  readonly producer: string | null;
  /** An organisation id, `consumer`, a party outside the platform (its URI), or null when no record names a holder. */
  readonly holder: string | null;
  readonly state: 'new' | 'held' | 'in_transit' | 'sold' | 'gone';
  /** The organisation that recorded the sale, when sold. */
  readonly soldBy: string | null;
}

/** One identifier an event names, in its role (EPCIS 2.0 §7.3), with its custody. */
export interface Touch {
  readonly key: string;
  readonly role: 'epc' | 'parent' | 'child' | 'input' | 'output' | 'class' | 'child_class' | 'input_class' | 'output_class';
  readonly custody: Custody;
}

/** Why an organisation may not record this event about this code. */
export type DenialReason = 'not_producer' | 'not_holder' | 'not_addressee' | 'not_capturer';

export interface Denial {
  readonly key: string;
  readonly reason: DenialReason;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when the holder is an organisation on the platform (not a consumer or an outside party). */
export const isOrgHolder = (holder: string | null): holder is string => holder !== null && UUID.test(holder);

/**
 * The act of an event, from its facts.
 *
 * @example actOf({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' }) // 'ship'
 */
export function actOf(e: { type: string; action: string | null; bizStep: string | null; disposition: string | null }): Act {
  if (e.disposition === 'recalled') return 'recall';
  if (e.bizStep === 'inspecting') return 'inspect';
  if (e.type === 'TransformationEvent') return 'transform';
  if (e.type === 'AggregationEvent' || e.type === 'AssociationEvent') return e.action === 'DELETE' || e.bizStep === 'unpacking' ? 'unpack' : 'pack';
  if (e.bizStep === 'commissioning' || (e.type === 'ObjectEvent' && e.action === 'ADD')) return 'commission';
  if (e.bizStep === 'decommissioning' || e.bizStep === 'destroying' || e.disposition === 'destroyed' || e.disposition === 'inactive' || e.disposition === 'disposed' || (e.type === 'ObjectEvent' && e.action === 'DELETE')) return 'destroy';
  if (e.bizStep === 'retail_selling' || e.disposition === 'retail_sold') return 'sell';
  if (e.disposition === 'returned') return 'return';
  if (e.bizStep === 'receiving' || e.bizStep === 'accepting') return 'receive';
  if (e.bizStep === 'shipping' || e.bizStep === 'departing') return 'ship';
  return 'observe';
}

/** The organisation holds it and may move it: its own stock, or a code nobody has recorded yet that is not another's product. */
function holds(c: Custody, org: string): boolean {
  if (c.state === 'new') return c.producer === null || c.producer === org;
  return c.state === 'held' && c.holder === org;
}

/** A code the organisation may bring into existence: its own product, or one the platform knows no producer of and nobody else holds. */
const mayCreate = (c: Custody, org: string) => c.producer === org || (c.producer === null && (c.state === 'new' || c.holder === org));

/** Goods arriving: addressed to it, or on their way to someone outside the platform, or never shipped by their producer (its flow unreported; 查验 warns). */
function mayReceive(c: Custody, org: string): boolean {
  if (c.state === 'new' || c.holder === org) return true;
  if (c.state === 'in_transit') return !isOrgHolder(c.holder);
  return c.state === 'held' && c.holder !== null && c.holder === c.producer;
}

/** Goods coming back: to the one holding or expecting them, to the shop that sold them, or to their producer from outside the platform. */
function mayTakeBack(c: Custody, org: string): boolean {
  if (c.holder === org && c.state !== 'gone') return true;
  if (c.state === 'sold' && c.soldBy === org) return true;
  return c.producer === org && c.state !== 'gone' && !isOrgHolder(c.holder);
}

const INSTANCE: ReadonlySet<Touch['role']> = new Set(['epc', 'parent', 'child', 'input', 'output']);

/**
 * The codes of an event that `org` may not record it about, and why; empty when it may.
 *
 * - inspect, recall: only the producer of every code, lot or batch named (codes of no known producer: their holder);
 * - commission: the producer (or, for codes the platform knows nothing of, whoever commissions them first);
 * - ship, sell, destroy, pack/unpack children, transformation inputs, anything else: the current holder;
 * - pack parent: its holder, or a fresh container;
 * - receive: the addressee (or, unaddressed, anyone: 查验 judges those);
 * - return: the holder, the seller of a sold code, or the producer taking it back from outside;
 * - quantities of a lot (EPCIS classes) outside inspect and recall: the producer of the lot, or anyone for lots the platform does not know.
 *
 * @example eventDenials(orgB, 'sell', [{ key, role: 'epc', custody: { producer: orgA, holder: orgA, state: 'held', soldBy: null } }])
 *   // [{ key, reason: 'not_holder' }]
 */
export function eventDenials(org: string, act: Act, touches: readonly Touch[]): Denial[] {
  const out: Denial[] = [];
  const deny = (t: Touch, reason: DenialReason) => void out.push({ key: t.key, reason });
  for (const t of touches) {
    const c = t.custody;
    if (act === 'inspect' || act === 'recall') {
      // A code or lot of a producer on the platform: that producer alone. One the platform knows
      // no producer of (another system's goods): whoever holds it, as for any other event.
      if (c.producer !== null ? c.producer !== org : !holds(c, org)) deny(t, c.producer !== null ? 'not_producer' : 'not_holder');
      continue;
    }
    if (!INSTANCE.has(t.role)) {
      if (c.producer !== null && c.producer !== org) deny(t, 'not_producer');
      continue;
    }
    switch (act) {
      case 'commission':
        if (!mayCreate(c, org)) deny(t, 'not_producer');
        break;
      case 'transform':
        if (t.role === 'output' ? !mayCreate(c, org) : !holds(c, org)) deny(t, t.role === 'output' ? 'not_producer' : 'not_holder');
        break;
      case 'pack':
      case 'unpack':
        if (!holds(c, org)) deny(t, 'not_holder');
        break;
      case 'receive':
        if (!mayReceive(c, org)) deny(t, 'not_addressee');
        break;
      case 'return':
        if (!mayTakeBack(c, org)) deny(t, 'not_holder');
        break;
      default:
        if (!holds(c, org)) deny(t, 'not_holder');
    }
  }
  return out;
}
