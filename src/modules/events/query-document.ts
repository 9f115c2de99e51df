/**
 * The EPCIS 2.0 query document (EPCIS 2.0 §8.2, JSON/JSON-LD binding): what a query answer and a
 * subscription's delivery both send.
 */
import { type EpcFormat, translateEventIdentifiers } from '../../epcis/epc-key.ts';
import type { EpcisQueryDocument } from './epcis.schemas.ts';
import type { StoredEvent } from './events.service.ts';

/** The EPCIS 2.0 JSON-LD context every document names first. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** An EPCISQueryDocument of events, their contexts merged, identifiers in the asked format. */
export function queryDocument(events: readonly StoredEvent[], format: EpcFormat, queryName: string, subscriptionID?: string): EpcisQueryDocument {
  const prefixes: Record<string, unknown> = {};
  for (const e of events) if (e.context) Object.assign(prefixes, e.context);
  return {
    '@context': Object.keys(prefixes).length ? [EPCIS_CONTEXT, prefixes] : [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: {
      queryResults: {
        queryName,
        ...(subscriptionID && { subscriptionID }),
        // Events whose time the reader may not see are left out (StoredEvent.hidden).
        resultsBody: { eventList: events.filter((e) => !e.hidden).map((e) => (format === 'Never_Translates' || format === 'No_Preference' ? e.event : translateEventIdentifiers(e.event, format))) },
      },
    },
  };
}
