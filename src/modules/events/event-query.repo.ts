/**
 * EPCIS 2.0 query (§8.2.7.1 SimpleEventQuery, REST binding parameters) → one SQL condition over
 * `events`, with EXISTS sub-queries on the EPC keys and links tables. Every value is a bound
 * parameter; identifiers and CBV values are normalised the same way capture normalised them.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { normaliseVocab, vocabUri } from '../../epcis/cbv-vocab.ts';
import { epcKey, epcPatternPrefix } from '../../epcis/epc-key.ts';
import type { EpcisQuery } from '../../epcis/epcis-query.ts';
import type { EpcRole } from './event-facts.ts';
import { AppError } from '../../server/errors.ts';
import { orgInScope } from '../orgs/org-scope.sql.ts';
import type { Scope } from '../access/scope.ts';
import { likePrefix } from './events.repo.ts';

type Eb = ExpressionBuilder<Schema, 'events'>;

const MATCH_ROLES: Record<EpcisQuery['match'][number]['field'], readonly EpcRole[]> = {
  epc: ['epc', 'child'],
  parentID: ['parent'],
  inputEPC: ['input'],
  outputEPC: ['output'],
  anyEPC: ['epc', 'child', 'parent', 'input', 'output'],
  epcClass: ['class', 'child_class'],
  inputEPCClass: ['input_class'],
  outputEPCClass: ['output_class'],
  anyEPCClass: ['class', 'child_class', 'input_class', 'output_class'],
};

const CLASS_ROLES: readonly EpcRole[] = ['class', 'child_class', 'input_class', 'output_class'];

/** Who may see which events: the actor's data scope (access module). */
export type Visibility = Scope;

/** The condition for keys matching any of the values (exact identifiers or EPC patterns). */
function keyMatch(eb: ExpressionBuilder<Schema, 'event_epcs'>, param: string, values: readonly string[], field: 'epc' | 'epcClass'): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  const exact: string[] = [];
  for (const v of values) {
    const p = epcPatternPrefix(v, field);
    if (!p.ok) throw new AppError(400, 'epcis_query_parameter', 'problem.epcis_query_parameter.detail', { param, reason: p.error.message });
    if ('exact' in p.value) exact.push(p.value.exact);
    else ors.push(sql<SqlBool>`event_epcs.key LIKE ${p.value.like}`);
  }
  if (exact.length) ors.push(eb('event_epcs.key', 'in', exact));
  return eb.or(ors);
}

const vocabVariants = (kind: 'disposition', v: string) => {
  const bare = normaliseVocab(kind, v);
  return [...new Set([bare, vocabUri(kind, bare, 'web'), vocabUri(kind, bare, 'urn')])];
};

/**
 * The WHERE condition of a query, visibility included.
 *
 * @example db.selectFrom('events').where((eb) => eventCondition(eb, query, { orgId })).selectAll()
 */
export function eventCondition(eb: Eb, q: EpcisQuery, visibility: Visibility): Expression<SqlBool> {
  const and: Expression<SqlBool>[] = [visible(eb, visibility)];
  if (q.eventTypes?.length) and.push(eb('events.event_type', 'in', q.eventTypes));
  for (const t of q.times) {
    const column = t.field === 'eventTime' ? 'events.event_time' : t.field === 'recordTime' ? 'events.record_time' : 'events.error_time';
    and.push(eb(column, t.op === 'GE' ? '>=' : '<', t.value));
  }
  for (const e of q.eq) {
    const v = e.values;
    switch (e.field) {
      case 'action': and.push(eb('events.action', 'in', v)); break;
      case 'bizStep': and.push(eb('events.biz_step', 'in', v.map((x) => normaliseVocab('bizStep', x)))); break;
      case 'disposition': and.push(eb('events.disposition', 'in', v.map((x) => normaliseVocab('disposition', x)))); break;
      case 'readPoint': and.push(eb('events.read_point', 'in', v.map(epcKey))); break;
      case 'bizLocation': and.push(eb('events.biz_location', 'in', v.map(epcKey))); break;
      case 'transformationID': and.push(eb('events.transformation_id', 'in', v)); break;
      case 'eventID': and.push(eb('events.event_id', 'in', v)); break;
      case 'errorReason': and.push(eb('events.error_reason', 'in', v.map((x) => normaliseVocab('errorReason', x)))); break;
      case 'correctiveEventID': and.push(sql<SqlBool>`(events.doc -> 'errorDeclaration' -> 'correctiveEventIDs') ?| ${v}::text[]`); break;
      case 'persistentDispositionSet':
      case 'persistentDispositionUnset': {
        const key = e.field === 'persistentDispositionSet' ? 'set' : 'unset';
        and.push(sql<SqlBool>`(events.doc -> 'persistentDisposition' -> ${key}) ?| ${v.flatMap((x) => vocabVariants('disposition', x))}::text[]`);
        break;
      }
    }
  }
  for (const w of q.withDescendants) {
    const column = w.field === 'readPoint' ? sql.ref('events.read_point') : sql.ref('events.biz_location');
    // Without a master-data hierarchy, a location's descendants are its sub-locations: a GLN's
    // extensions (AI 254) — `(414)<gln>(254)<ext>` under `(414)<gln>`.
    and.push(eb.or(w.values.map(epcKey).map((k) => sql<SqlBool>`(${column} = ${k} OR ${column} LIKE ${likePrefix(`${k}(254)`)})`)));
  }
  for (const m of q.match) {
    const roles = MATCH_ROLES[m.field];
    and.push(eb.exists(eb.selectFrom('event_epcs').select(sql`1`.as('one')).whereRef('event_epcs.event', '=', 'events.id')
      .where('event_epcs.role', 'in', roles as EpcRole[]).where((e2) => keyMatch(e2, `MATCH_${m.field}`, m.values, m.field.includes('Class') ? 'epcClass' : 'epc'))));
  }
  for (const qn of q.quantity) {
    const op = ({ EQ: '=', GT: '>', GE: '>=', LT: '<', LE: '<=' } as const)[qn.op];
    let sub = eb.selectFrom('event_epcs').select(sql`1`.as('one')).whereRef('event_epcs.event', '=', 'events.id')
      .where('event_epcs.role', 'in', CLASS_ROLES as EpcRole[]).where('event_epcs.quantity', op, qn.value);
    if (qn.uom) sub = sub.where('event_epcs.uom', '=', qn.uom);
    and.push(eb.exists(sub));
  }
  const linkLists = [['bizTransaction', q.bizTransaction, 'bizTransactionType'], ['source', q.source, 'sourceDestType'], ['destination', q.destination, 'sourceDestType']] as const;
  for (const [kind, list, vocab] of linkLists) {
    for (const l of list) {
      and.push(eb.exists(eb.selectFrom('event_links').select(sql`1`.as('one')).whereRef('event_links.event', '=', 'events.id')
        .where('event_links.kind', '=', kind).where('event_links.type', '=', normaliseVocab(vocab, l.type)).where('event_links.value', 'in', l.values)));
    }
  }
  for (const x of q.extension) {
    const base = x.scope === 'ilmd' ? sql`(events.doc -> 'ilmd')` : sql`events.doc`;
    if (x.op === 'EXISTS') {
      and.push(sql<SqlBool>`(${base} ? ${x.field})`);
      continue;
    }
    if (x.op === 'EQ') {
      and.push(sql<SqlBool>`((${base} ->> ${x.field}) = ANY(${x.values}::text[]))`);
      continue;
    }
    const op = sql.raw(({ GT: '>', GE: '>=', LT: '<', LE: '<=' } as const)[x.op]);
    const v = x.values[0] ?? '';
    // Numbers compare as numbers, anything else (dates in ISO form) as text.
    and.push(Number.isFinite(Number(v)) && v.trim() !== ''
      ? sql<SqlBool>`(jsonb_typeof(${base} -> ${x.field}) = 'number' AND (${base} ->> ${x.field})::numeric ${op} ${Number(v)})`
      : sql<SqlBool>`((${base} ->> ${x.field}) ${op} ${v})`);
  }
  if (q.existsErrorDeclaration) and.push(eb('events.error_declared', '=', true));
  return eb.and(and);
}

/** The visibility condition alone (discovery resources, trace). */
export function visible(eb: Eb, v: Visibility): Expression<SqlBool> {
  if (v.kind !== 'org') return orgInScope(v, 'events.org_id');
  // An organisation sees what it captured and what names it as a source or destination party.
  return eb.or([
    eb('events.org_id', '=', v.orgId),
    eb.exists(eb.selectFrom('event_links').select(sql`1`.as('one')).whereRef('event_links.event', '=', 'events.id').where('event_links.org_id', '=', v.orgId)),
  ]);
}
