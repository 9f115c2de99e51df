/**
 * What a scan shows: the public facts about one code, the same for the HTML page and the JSON
 * answer. Only fields whose disclosure level is `public` ever get here (the resolver service
 * builds this from the registers; the page and the JSON only present it). The contract, with
 * each member described, is `ScanFacts` in resolver.schemas.ts: these are its types.
 */
import type { Static } from 'typebox';
import type { JourneyStep as JourneyStepSchema, ScanFacts as ScanFactsSchema } from './resolver.schemas.ts';

export type Bilingual = { readonly zh: string; readonly en: string };

export type JourneyStep = Static<typeof JourneyStepSchema>;

export type ScanFacts = Static<typeof ScanFactsSchema>;
