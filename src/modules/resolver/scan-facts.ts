/**
 * What a scan shows: the public facts about one code, the same for the HTML page and the JSON
 * answer. Only fields whose disclosure level is `public` ever get here (the resolver service
 * builds this from the registers; the page and the JSON only present it).
 */
import type { MessageRef } from '../../shared/i18n/i18n.ts';

export type Bilingual = { readonly zh: string; readonly en: string };

export type JourneyStep = 'produced' | 'inspected' | 'packed' | 'shipped' | 'received' | 'sold' | 'returned' | 'recalled' | 'destroyed';

export interface ScanFacts {
  /** What was scanned, as given and as understood. */
  readonly query: {
    readonly input: string;
    /** The code's canonical form (element string, Yima code, …), when it parsed. */
    readonly key: string | null;
    /** gs1 | ecode | ccc | yima | opaque | uscc | licence, when it parsed. */
    readonly scheme: string | null;
    readonly elements: readonly { readonly ai?: string; readonly name: string; readonly value: string }[];
    readonly digitalLink: string | null;
  };
  /** registered: on the platform; unknown: valid but not registered; invalid: not a code. */
  readonly status: 'registered' | 'unknown' | 'invalid';
  /** `error` in English; `reason` the same as an i18n message, for the page's language. */
  readonly invalid: { readonly error: string; readonly reason?: MessageRef; readonly position?: number } | null;
  readonly product: {
    readonly name: string;
    readonly model: string;
    readonly brand: string | null;
    readonly standard: string;
    readonly category: { readonly code: string; readonly name: Bilingual };
    readonly gtin: string | null;
    /** Public attributes of the product's profile, labelled. */
    readonly attributes: readonly { readonly key: string; readonly label: Bilingual; readonly value: string }[];
  } | null;
  readonly producer: { readonly name: string; readonly address: string; readonly uscc: string; readonly region: Bilingual | null } | null;
  readonly batch: { readonly lot: string; readonly productionDate: string } | null;
  readonly inspection: { readonly result: 'pass' | 'fail'; readonly reportNumber: string; readonly body: string | null; readonly date: string } | null;
  readonly ccc: { readonly number: string; readonly status: string; readonly validFrom: string | null; readonly validTo: string | null } | null;
  readonly licence: { readonly number: string; readonly validTo: string | null } | null;
  /**
   * The public part of the journey: steps with a date (null where the profile keeps that date
   * from the public, e.g. a shipping date) and the city (a shipment's destination, a seller's).
   */
  readonly journey: readonly { readonly date: string | null; readonly step: JourneyStep; readonly region: Bilingual | null }[];
  readonly recalls: readonly { readonly id: string; readonly reason: string; readonly instructions: string; readonly openedAt: string }[];
  /** Scans of this code so far (before this one) and what they suggest. */
  readonly scans: {
    readonly count: number;
    readonly firstAt: string | null;
    readonly firstPlace: Bilingual | null;
    readonly places: number;
    readonly afterSale: number;
    readonly cloneSuspected: boolean;
    /** Why it looks cloned: many_scans | distant_places | scanned_after_sale. */
    readonly reasons: readonly string[];
  };
  /** The code's registration record in the ledger, for the browser to verify. */
  readonly ledger: {
    readonly leafIndex: number;
    readonly checkpointSize: number;
    /** Where the browser fetches what it needs (proof, checkpoint, keys). */
    readonly proofUrl: string;
  } | null;
  /** Links the producer attached (GS1 link types) and the platform's own. */
  readonly links: readonly { readonly linkType: string; readonly href: string; readonly title: string; readonly hreflang?: readonly string[]; readonly mediaType?: string; readonly isDefault?: boolean }[];
  /** Id of this scan's record, for the optional location the page may add. */
  readonly scanId: string | null;
}
