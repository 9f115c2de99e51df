/**
 * Which parts of an event are which profile field, for showing each only to the audiences its
 * disclosure level allows — the read-side twin of requirements.ts, which finds the same fields to
 * check them. By business step (CBV 2.0 bare words):
 *
 * | step           | part                                        | profile field             |
 * |----------------|---------------------------------------------|---------------------------|
 * | inspecting     | eventTime · disposition · testres/cert bizTransaction · yima:inspectionBody · yima:reportSha256 · yima:reportSm3 | inspection.date · .result · .reportNumber · .body · .reportFile |
 * | shipping       | eventTime · destination party · destination location, yima:destinationRegion | flow.shipDate · flow.consignee · flow.destinationRegion |
 * | receiving      | eventTime · source party · yima:verification | purchase.date · purchase.supplier · purchase.inspected |
 * | retail_selling | eventTime · destination party (the buyer)    | sale.date · sale.buyer    |
 *
 * and any extension `yima:<field key>` of the step's entity is that field. Parts of other steps,
 * and parts that are no profile field (the codes, read point, business location), are shown to
 * whoever may see the event.
 */
import { normaliseVocab } from '../../epcis/cbv-vocab.ts';
import { disclosureOf } from '../catalog/profile-rules.ts';
import type { DataProfile, Disclosure } from '../catalog/catalog.schemas.ts';
import { ENTITY_OF_STEP, YIMA_NS } from './requirements.ts';

/** The profile field of each part of an event of one step. */
interface StepFields {
  readonly time?: string;
  readonly disposition?: string;
  readonly sourceParty?: string;
  readonly destinationParty?: string;
  readonly destinationLocation?: string;
  readonly reportTransaction?: string;
  /** Extension member (without `yima:`) → field. */
  readonly extensions: Readonly<Record<string, string>>;
}

const BY_STEP: Readonly<Record<string, StepFields>> = {
  inspecting: {
    time: 'inspection.date', disposition: 'inspection.result', reportTransaction: 'inspection.reportNumber',
    extensions: { inspectionResult: 'inspection.result', inspectionBody: 'inspection.body', reportSha256: 'inspection.reportFile', reportSm3: 'inspection.reportFile' },
  },
  shipping: { time: 'flow.shipDate', destinationParty: 'flow.consignee', destinationLocation: 'flow.destinationRegion', extensions: { destinationRegion: 'flow.destinationRegion' } },
  receiving: { time: 'purchase.date', sourceParty: 'purchase.supplier', extensions: { verification: 'purchase.inspected' } },
  retail_selling: { time: 'sale.date', destinationParty: 'sale.buyer', extensions: {} },
};

const NONE: StepFields = { extensions: {} };

/** What of an event a reader may see: each part true (shown) or false (hidden). */
export interface EventVisibility {
  readonly time: boolean;
  readonly disposition: boolean;
  readonly sourceParty: boolean;
  readonly destinationParty: boolean;
  readonly destinationLocation: boolean;
  readonly reportTransaction: boolean;
  /** Whether an extension member (without prefix) may be shown. */
  extension(name: string): boolean;
}

/**
 * The parts of an event of `bizStep` a reader who sees levels `sees` may see, by `profile` (none
 * given: every profile field of the step is owner-only, deny by default).
 *
 * @example eventVisibility(profile, 'retail_selling', null, audiences.sees).destinationParty // false unless owner
 */
export function eventVisibility(profile: DataProfile | undefined, bizStep: string | null, disposition: string | null, sees: (level: Disclosure) => boolean): EventVisibility {
  // A return comes back in as receiving/returned: not a purchase (as requirements.ts).
  const step = bizStep === 'receiving' && disposition === 'returned' ? NONE : (bizStep ? BY_STEP[bizStep] : undefined) ?? NONE;
  const entity = bizStep ? ENTITY_OF_STEP[bizStep] : undefined;
  const level = (key: string | undefined): boolean => key === undefined || sees(profile ? disclosureOf(profile, key) : 'owner');
  return {
    time: level(step.time),
    disposition: level(step.disposition),
    sourceParty: level(step.sourceParty),
    destinationParty: level(step.destinationParty),
    destinationLocation: level(step.destinationLocation),
    reportTransaction: level(step.reportTransaction),
    extension(name) {
      const field = step.extensions[name] ?? (entity && profile?.fields.some((f) => f.key === name && f.entity === entity) ? name : undefined);
      return level(field);
    },
  };
}

/** Whether a source/destination entry names a party (owning or possessing), not a location. */
export const isPartyType = (type: string) => type === 'owning_party' || type === 'possessing_party';
/** Whether a business transaction is an inspection report (where inspection.reportNumber lives). */
export const isReportType = (type: string) => type === 'testres' || type === 'cert';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const typeOf = (entry: unknown, vocab: 'sourceDestType' | 'bizTransactionType') => {
  const t = typeof entry === 'object' && entry !== null ? (entry as { type?: unknown }).type : undefined;
  return typeof t === 'string' ? normaliseVocab(vocab, t) : '';
};

/**
 * An EPCIS event document without the parts `v` hides; undefined when its `eventTime` is hidden
 * (EPCIS 2.0 requires it, so the event is left out of the answer rather than shown without it).
 * Emptied lists are left out (the schema's lists have at least one entry).
 */
export function redactEventDocument(doc: Record<string, unknown>, v: EventVisibility): Record<string, unknown> | undefined {
  if (!v.time) return undefined;
  const out: Record<string, unknown> = { ...doc };
  const filterList = (member: string, keep: (entry: unknown) => boolean) => {
    if (!(member in out)) return;
    const kept = arr(out[member]).filter(keep);
    if (kept.length) out[member] = kept;
    else delete out[member];
  };
  if (!v.disposition) delete out.disposition;
  if (!v.sourceParty) filterList('sourceList', (e) => !isPartyType(typeOf(e, 'sourceDestType')));
  filterList('destinationList', (e) => {
    const t = typeOf(e, 'sourceDestType');
    return isPartyType(t) ? v.destinationParty : t === 'location' ? v.destinationLocation : true;
  });
  if (!v.reportTransaction) filterList('bizTransactionList', (e) => !isReportType(typeOf(e, 'bizTransactionType')));
  for (const key of Object.keys(out)) {
    const name = key.startsWith('yima:') ? key.slice(5) : key.startsWith(YIMA_NS) ? key.slice(YIMA_NS.length) : undefined;
    if (name !== undefined && !v.extension(name)) delete out[key];
  }
  return out;
}
