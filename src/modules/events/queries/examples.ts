/**
 * Example calls of the events module's SQL, for `npm run sql` (scripts/sql-queries.ts). The query
 * translator's conditions (event-query.repo.ts) are shown inside the page query that runs them.
 */
import { at, defineExamples, functionExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import type { Db } from '../../../db/database.ts';
import { type EpcisQuery, parseEpcisQuery } from '../../../epcis/epcis-query.ts';
import type { Scope } from '../../access/scope.ts';
import { createEventGraphRepo } from '../event-graph.repo.ts';
import * as eventQuery from '../event-query.repo.ts';
import { type EventFilter, createEventsRepo } from '../events.repo.ts';

const ITEM = '(01)06901234567892(21)A1B2C3';
const CASE = '(00)069012345000000017';
const LOT = '(01)06901234567892(10)L2025';
const JOB = id(1301);

/** A query as the REST binding's URL gives it. */
function query(params: Record<string, string>): EpcisQuery {
  const parsed = parseEpcisQuery(params, 'url');
  if (!parsed.ok) throw new Error(`example query: ${JSON.stringify(parsed.errors)}`);
  return parsed.query;
}

/** A condition as a query runs it: the first page of the events it lets through. */
const paged = (filter: EventFilter) => (db: Db) => createEventsRepo(db).page(filter, { column: 'event_time', direction: 'desc' }, 101);
const condition = (params: Record<string, string>, scope: Scope = scopes.all) => paged((eb) => eventQuery.eventCondition(eb, query(params), scope));

const orgFilter: EventFilter = (eb) => eventQuery.visible(eb, scopes.org);

export const examples = defineExamples({
  '../events.repo.ts': repoExamples(createEventsRepo, {
    insertEvents: (repo) =>
      repo.insertEvents([{
        event_id: 'urn:uuid:6a1b7c90-0000-4000-8000-000000000001', event_type: 'ObjectEvent', action: 'OBSERVE', event_time: at(), record_time: at(1),
        biz_step: 'shipping', disposition: 'in_transit', read_point: null, biz_location: null, transformation_id: null, error_declared: false,
        error_time: null, error_reason: null, org_id: id(1), capture_id: JOB, profile_version: null, ledger_index: 7, doc: '{"type":"ObjectEvent"}',
        context: null, epcs: [{ role: 'epc', key: ITEM, quantity: null, uom: null }],
        links: [{ kind: 'destination', type: 'owning_party', value: 'urn:epc:id:pgln:6901234.00000', orgId: id(2) }],
      }]),
    existingEventIds: (repo) => repo.existingEventIds(['urn:uuid:6a1b7c90-0000-4000-8000-000000000001']),
    capturersOf: (repo) => repo.capturersOf(['urn:uuid:6a1b7c90-0000-4000-8000-000000000001']),
    page: [
      { name: 'by event time', run: (repo) => repo.page(orgFilter, { column: 'event_time', direction: 'asc' }, 101) },
      { name: 'by record id', run: (repo) => repo.page(orgFilter, { column: 'id', direction: 'desc' }, 101) },
    ],
    count: (repo) => repo.count(orgFilter, 10_001),
    idsOf: (repo) => repo.idsOf('urn:uuid:6a1b7c90-0000-4000-8000-000000000001', orgFilter),
    partyOrgsOf: (repo) => repo.partyOrgsOf([1, 2]),
    byEventId: (repo) => repo.byEventId('urn:uuid:6a1b7c90-0000-4000-8000-000000000001'),
    distinct: [
      { name: 'first page', run: (repo) => repo.distinct('biz_step', orgFilter, null, 100) },
      { name: 'next page', run: (repo) => repo.distinct('read_point', orgFilter, 'urn:epc:id:sgln:6901234.00001.0', 100) },
    ],
    distinctEpcs: [
      { name: 'first page', run: (repo) => repo.distinctEpcs(orgFilter, null, 100) },
      { name: 'next page', run: (repo) => repo.distinctEpcs(orgFilter, ITEM, 100) },
    ],
    insertJob: (repo) => repo.insertJob({ id: JOB, org_id: id(1), created_by: id(101), behaviour: 'rollback', event_count: 3, created_at: at() }),
    finishJob: (repo) => repo.finishJob(JOB, { captured: 3, success: true, errors: [], finished_at: at(1) }),
    findJob: (repo) => repo.findJob(JOB),
    listJobs: [
      { name: 'of an organisation', run: (repo) => repo.listJobs(id(1), null, 50) },
      { name: "the platform's, next page", run: (repo) => repo.listJobs(null, at(), 50) },
      { name: 'all', run: (repo) => repo.listJobs('all', null, 50) },
    ],
    horizonProbe: (repo) => repo.horizonProbe(),
    feed: (repo) => repo.feed(10, 20, 500),
    failRunningJobs: (repo) => repo.failRunningJobs(at()),
  }),
  '../event-graph.repo.ts': repoExamples(createEventGraphRepo, {
    downstream: (repo) => repo.downstream([LOT]),
    upstream: (repo) => repo.upstream([ITEM]),
    namedKeys: (repo) => repo.namedKeys([ITEM, LOT]),
    contents: (repo) => repo.contents([CASE]),
    keysOfOrg: (repo) => repo.keysOfOrg(id(2), 100_000),
    eventsOf: (repo) => repo.eventsOf([ITEM, CASE], 1000),
    linksOf: (repo) => repo.linksOf([1, 2]),
    journey: (repo) => repo.journey([ITEM, LOT]),
    inspection: (repo) => repo.inspection([ITEM, LOT]),
    batchInspections: (repo) => repo.batchInspections([id(801)]),
  }),
  '../event-query.repo.ts': functionExamples(eventQuery, {
    eventCondition: [
      { name: 'no parameter', run: condition({}) },
      {
        name: 'fixed fields and times',
        run: condition({
          eventType: 'ObjectEvent|AggregationEvent', GE_eventTime: '2025-05-01T00:00:00Z', LT_recordTime: '2025-06-01T00:00:00Z',
          EQ_action: 'ADD', EQ_bizStep: 'shipping', EQ_disposition: 'in_transit', EQ_readPoint: 'urn:epc:id:sgln:6901234.00001.0',
          EQ_bizLocation: 'urn:epc:id:sgln:6901234.00002.0', EQ_transformationID: 'urn:uuid:1a2b', EQ_eventID: 'urn:uuid:c0ffee',
        }),
      },
      {
        name: 'error declarations',
        run: condition({ EXISTS_errorDeclaration: '', GE_errorDeclarationTime: '2025-05-01T00:00:00Z', EQ_errorReason: 'incorrect_data', EQ_correctiveEventID: 'urn:uuid:c0ffee' }),
      },
      { name: 'persistent disposition', run: condition({ EQ_persistentDisposition_set: 'completeness_verified', EQ_persistentDisposition_unset: 'completeness_inferred' }) },
      { name: 'with descendants', run: condition({ WD_bizLocation: 'urn:epc:id:sgln:6901234.00002.0' }) },
      {
        name: 'EPC matches, exact and patterns',
        run: condition({ MATCH_epc: 'urn:epc:id:sgtin:6901234.056789.A1B2C3|urn:epc:idpat:sgtin:6901234.056789.*', MATCH_anyEPCClass: 'urn:epc:class:lgtin:6901234.056789.L2025' }),
      },
      { name: 'quantities', run: condition({ GE_quantity: '10', LT_quantity_KGM: '25.5' }) },
      {
        name: 'business transactions, sources and destinations',
        run: condition({ EQ_bizTransaction_po: 'urn:epcglobal:cbv:bt:6901234000001:PO-1', EQ_source_owning_party: 'urn:epc:id:pgln:6901234.00000', EQ_destination_location: 'urn:epc:id:sgln:6901234.00777.0' }),
      },
      {
        name: 'extension fields',
        run: condition({ 'EQ_cn:grade': 'A|B', 'GT_cn:temperature': '4.5', 'LE_cn:madeOn': '2025-05-01T00:00:00Z', 'EXISTS_ILMD_cn:licence': '' }),
      },
      { name: 'a regulator', run: condition({ EQ_bizStep: 'shipping' }, scopes.regions) },
    ],
    visible: (Object.keys(scopes) as (keyof typeof scopes)[]).map((kind) => ({ name: kind, run: paged((eb) => eventQuery.visible(eb, scopes[kind])) })),
  }),
});
