/**
 * Data requirements (数据要求) on events: which profile fields a business step must carry, and
 * where in an EPCIS 2.0 event each one lives. Which fields are required for which category is
 * data (the profile); this file is the binding of the profile's vocabulary to EPCIS fields.
 * A profile field this file does not know is looked for as the extension property
 * `yima:<field key>` (e.g. `yima:flow.carrier`), so a new profile needs no code.
 */
import type { Category, ProfileField } from '../catalog/catalog.schemas.ts';
import { isRequired } from '../catalog/profile-rules.ts';
import type { EventFacts, EventJson } from './event-facts.ts';

/** The namespace of Yima's EPCIS extension fields, declared as the `yima` prefix in @context. */
export const YIMA_NS = 'urn:yima:epcis:';

/** Profile entity of each business step (CBV 2.0 bare words). */
export const ENTITY_OF_STEP: Readonly<Record<string, string>> = {
  inspecting: 'inspection',
  shipping: 'shipment',
  receiving: 'purchase',
  retail_selling: 'sale',
};

const ext = (event: EventJson, name: string): unknown => event[`yima:${name}`] ?? event[`${YIMA_NS}${name}`];
const has = (v: unknown) => v !== undefined && v !== null && v !== '';
const party = (f: EventFacts, kind: 'source' | 'destination') => f.links.some((l) => l.kind === kind && (l.type === 'owning_party' || l.type === 'possessing_party'));
const what = (f: EventFacts) => f.epcs.length > 0;

/** Where each known profile field is in an event. */
const LOCATORS: Readonly<Record<string, (e: EventJson, f: EventFacts) => boolean>> = {
  'inspection.result': (e, f) => f.disposition === 'conformant' || f.disposition === 'non_conformant' || has(ext(e, 'inspectionResult')),
  'inspection.reportNumber': (_e, f) => f.links.some((l) => l.kind === 'bizTransaction' && (l.type === 'testres' || l.type === 'cert')),
  'inspection.date': () => true,
  'inspection.body': (e) => has(ext(e, 'inspectionBody')),
  'inspection.reportFile': (e) => has(ext(e, 'reportSha256')) || has(ext(e, 'reportSm3')),
  'flow.consignee': (_e, f) => party(f, 'destination'),
  'flow.destinationRegion': (e, f) => has(ext(e, 'destinationRegion')) || f.links.some((l) => l.kind === 'destination' && l.type === 'location'),
  'flow.shipDate': () => true,
  'flow.quantity': (_e, f) => what(f),
  'purchase.supplier': (_e, f) => party(f, 'source'),
  'purchase.date': () => true,
  'purchase.quantity': (_e, f) => what(f),
  // The platform's own 查验 verdict (or an override with a reason) — added by capture.
  'purchase.inspected': (e) => has(ext(e, 'verification')),
  'sale.date': () => true,
  'sale.quantity': (_e, f) => what(f),
};

/** Where to put a field, for the error message. */
export const FIELD_HINT: Readonly<Record<string, string>> = {
  'inspection.result': 'disposition conformant | non_conformant',
  'inspection.reportNumber': 'bizTransactionList[{type: testres, bizTransaction}]',
  'inspection.body': 'yima:inspectionBody',
  'inspection.reportFile': 'yima:reportSha256 | yima:reportSm3',
  'flow.consignee': 'destinationList[{type: owning_party}]',
  'flow.destinationRegion': 'yima:destinationRegion',
  'flow.quantity': 'epcList | quantityList',
  'purchase.supplier': 'sourceList[{type: owning_party}]',
  'purchase.quantity': 'epcList | quantityList',
  'purchase.inspected': 'yima:verification',
  'sale.quantity': 'epcList | quantityList',
};

export const fieldHint = (key: string): string => FIELD_HINT[key] ?? `yima:${key}`;

/**
 * The required profile fields of `category` that the event misses for its business step.
 *
 * @example missingFields(event, facts, profile.fields, category) // [{ key: 'flow.consignee', … }]
 */
export function missingFields(event: EventJson, facts: EventFacts, fields: readonly ProfileField[], category: Category): ProfileField[] {
  const entity = facts.bizStep ? ENTITY_OF_STEP[facts.bizStep] : undefined;
  // A return comes back in with bizStep receiving and disposition returned: not a purchase.
  if (!entity || facts.errorDeclaration || (entity === 'purchase' && facts.disposition === 'returned')) return [];
  return fields.filter((f) => f.entity === entity && isRequired(f, category) && !(LOCATORS[f.key] ?? ((e: EventJson) => has(ext(e, f.key))))(event, facts));
}
