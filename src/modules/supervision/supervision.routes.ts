/** HTTP for digital supervision: definitions, indicators (JSON or CSV), alerts and their lifecycle. */
import { Type } from 'typebox';
import type { App } from '../../server/contract.ts';
import { localeOf } from '../../server/problem.ts';
import { csvField } from '../../shared/csv.ts';
import type { SupervisionService } from './supervision.service.ts';
import { Alert, AlertListQuery, AlertStepBody, DefinitionsVersion, IndicatorAnswer, IndicatorQuery, SupervisionDefinitions } from './supervision.schemas.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

// As the catalogue's loads (catalog.routes.ts): the schema describes the document; the service
// checks it whole after the admin check, every problem named `document.<field>`.
const checkedByTheService = () => () => true;

export async function supervisionRoutes(app: App, { supervision }: { supervision: SupervisionService }) {
  app.post('/api/v1/supervision/definitions', {
    schema: {
      operationId: 'supervision.loadDefinitions', tags: ['supervision'], summary: 'Load a version of the supervision definitions (indicators, alerts, score)',
      description: 'Validated whole; a loaded version is never rewritten (the same document again answers 200, a different one 409). It takes effect on its effectiveFrom day (China Standard Time).',
      body: SupervisionDefinitions, response: { 200: DefinitionsVersion, 201: DefinitionsVersion },
    },
    validatorCompiler: checkedByTheService,
  }, async (req, reply) => {
    const r = await supervision.load(req.actor, req.body);
    return reply.status(r.created ? 201 : 200).send(r.version);
  });

  app.get('/api/v1/supervision/definitions', {
    schema: {
      operationId: 'supervision.definitions', tags: ['supervision'], summary: 'The supervision definitions in force (or a version)',
      querystring: Type.Object({ version: Type.Optional(Type.String({ maxLength: 32 })) }), response: { 200: SupervisionDefinitions },
    },
  }, async (req) => supervision.definitions(req.actor, req.query.version));

  app.get('/api/v1/supervision/definitions/versions', {
    schema: { operationId: 'supervision.definitionVersions', tags: ['supervision'], summary: 'Every loaded version of the supervision definitions', response: { 200: Type.Array(DefinitionsVersion) } },
  }, async (req) => supervision.versions(req.actor));

  app.get('/api/v1/indicators', {
    schema: {
      operationId: 'indicators.get', tags: ['supervision'], summary: 'An indicator over days, with numerator and denominator, grouped by enterprise, category, region or period',
      description: 'Within the caller\'s scope: a regulator its regions, an association its members, an enterprise itself. Values are kept current as records arrive. `format=csv` answers the same rows as CSV.',
      querystring: IndicatorQuery,
      response: { 200: { description: 'the values', content: { 'application/json': { schema: IndicatorAnswer }, 'text/csv': { schema: Type.String() } } } },
    },
  }, async (req, reply) => {
    const answer = await supervision.indicator(req.actor, req.query);
    if (req.query.format !== 'csv') return answer;
    const head = 'enterprise_id,enterprise,category,region,period,numerator,denominator,value\n';
    const lines = answer.rows.map((r) => [
      r.enterprise?.id ?? '', csvField(r.enterprise?.name ?? '', { text: true }), csvField(r.category ?? '', { text: true }), r.region ?? '', r.period ?? '',
      r.numerator, r.denominator, r.value === null ? '' : r.value.toFixed(6),
    ].join(',') + '\n');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${req.query.indicator}-${req.query.from}-${req.query.to}.csv"`).send(head + lines.join(''));
  });

  app.get('/api/v1/alerts', {
    schema: { operationId: 'alerts.list', tags: ['supervision'], summary: 'Alerts of my regions, newest first', querystring: AlertListQuery, response: { 200: Type.Array(Alert) } },
  }, async (req) => supervision.alerts(req.actor, req.query, localeOf(req)));

  app.get('/api/v1/alerts/:id', {
    schema: { operationId: 'alerts.get', tags: ['supervision'], summary: 'An alert, its evidence and its steps', params: IdParams, response: { 200: Alert } },
  }, async (req) => supervision.alert(req.actor, req.params.id, localeOf(req)));

  app.post('/api/v1/alerts/:id/steps', {
    schema: {
      operationId: 'alerts.step', tags: ['supervision'], summary: 'Acknowledge, resolve or dismiss an alert, with a reason (a ledger record)',
      description: 'new → acknowledged → resolved or dismissed (new may be resolved or dismissed at once); a closed alert answers 409 alert_closed.',
      params: IdParams, body: AlertStepBody, response: { 200: Alert },
    },
  }, async (req) => supervision.step(req.actor, req.params.id, req.body, localeOf(req)));
}
