/** Example calls of the supervision module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import { createSupervisionRepo } from '../supervision.repo.ts';

const delta = { indicator: 'timeliness', org_id: id(1), region_code: '330106', category: 'gas-appliance', day: '2026-06-01', numerator: 1, denominator: 1 };
const alert = {
  id: id(501), kind: 'time_anomaly', severity: 3, evidence_key: 'ni:///sha-256;ab/future', subject: '(01)06901234567892(21)A1', org_id: id(1), region_code: '330106',
  evidence: '[]', parties: [id(1)], facts: '{"why":"future"}', raised_at: at(), ledger_index: 7,
};

export const examples = defineExamples({
  '../supervision.repo.ts': repoExamples(createSupervisionRepo, {
    insertDefinitions: (repo) => repo.insertDefinitions({ id: id(401), version: '2026.1', effective_from: '2026-01-01', content: '{}', sha256: 'ab', loaded_by: null }),
    definitionsByVersion: (repo) => repo.definitionsByVersion('2026.1'),
    definitionsInForce: (repo) => repo.definitionsInForce('2026-06-01'),
    definitionVersions: (repo) => repo.definitionVersions(),
    cursor: (repo) => repo.cursor('events'),
    lockCursor: (repo) => repo.lockCursor('events'),
    moveCursor: (repo) => repo.moveCursor('events', 42),
    addCounts: (repo) => repo.addCounts([delta, { ...delta, numerator: 0 }]),
    indicator: [
      { name: 'by enterprise, in a region scope', run: (repo) => repo.indicator({ scope: scopes.regions, indicator: 'timeliness', from: '2026-01-01', to: '2026-12-31', groupBy: ['enterprise'], period: 'month', regionLevel: 2 }) },
      { name: 'by province and month, filtered', run: (repo) => repo.indicator({ scope: scopes.all, indicator: 'timeliness', from: '2026-01-01', to: '2026-12-31', region: '33', orgId: id(1), category: 'gas-appliance', groupBy: ['region', 'period'], period: 'month', regionLevel: 2 }) },
    ],
    monthTotals: (repo) => repo.monthTotals('timeliness', [{ orgId: id(1), month: '2026-06' }]),
    raisedKeys: (repo) => repo.raisedKeys([{ kind: 'time_anomaly', evidence_key: 'ni:///sha-256;ab/future' }]),
    insertAlerts: (repo) => repo.insertAlerts([alert]),
    alerts: [
      { name: 'of regions, new', run: (repo) => repo.alerts({ scope: scopes.regions, state: 'new', limit: 100 }) },
      { name: 'one, of a kind', run: (repo) => repo.alerts({ scope: scopes.all, id: id(501), kind: 'time_anomaly', limit: 1 }) },
    ],
    stepsOf: (repo) => repo.stepsOf([id(501)]),
    lockAlert: (repo) => repo.lockAlert(id(501)),
    addStep: (repo) => repo.addStep({ alert_id: id(501), seq: 1, state: 'acknowledged', reason: 'phoned', user_id: id(2), by_name: 'reg-zj', at: at(1), ledger_index: 8 }),
  }),
});
