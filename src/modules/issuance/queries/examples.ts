/** Example calls of the issuance module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples } from '../../../../scripts/sql-examples.ts';
import { createIssuanceRepo } from '../issuance.repo.ts';

const ORG = id(1);
const PRODUCT = id(601);
const BATCH = id(801);
const ISSUANCE = id(811);
const scope = { org_id: ORG, product_ids: [PRODUCT], batch_ids: [BATCH], production_from: '2025-05-01', production_to: '2025-05-31' };
const code = (serial: string, seq: number) => ({
  code: `(01)06901234567892(21)${serial}`, scheme: 'gs1', serial, org_id: ORG, product_id: PRODUCT, batch_id: BATCH, issuance_id: ISSUANCE, seq,
});

export const examples = defineExamples({
  '../issuance.repo.ts': repoExamples(createIssuanceRepo, {
    findBatch: (repo) => repo.findBatch(PRODUCT, 'L2025'),
    findBatchById: (repo) => repo.findBatchById(BATCH),
    insertBatch: (repo) => repo.insertBatch({ id: BATCH, org_id: ORG, product_id: PRODUCT, lot: 'L2025', production_date: '2025-05-10' }),
    listBatches: (repo) => repo.listBatches({ scope: { kind: 'org', orgId: ORG }, productId: PRODUCT, limit: 100, offset: 0 }),
    findByRequest: (repo) => repo.findByRequest(ORG, 'req-1'),
    find: (repo) => repo.find(ISSUANCE),
    running: (repo) => repo.running(),
    yimaIssuer: (repo) => repo.yimaIssuer(ORG, (n) => `Y${String(n).padStart(4, '0')}`),
    insertIssuance: (repo) =>
      repo.insertIssuance({
        id: ISSUANCE, org_id: ORG, product_id: PRODUCT, batch_id: BATCH, request_id: 'req-1', scheme: 'gs1', gtin: '06901234567892',
        issuer: null, quantity: 1000, created_by: id(101),
      }),
    insertCodes: (repo) => repo.insertCodes([code('A1B2C3', 1), code('D4E5F6', 2)]),
    insertBoundCodes: (repo) =>
      repo.insertBoundCodes([{ key: '(01)06901234567892(21)X1', code: '(01)06901234567892(21)X1', scheme: 'gs1', org_id: ORG, product_id: PRODUCT, batch_id: null, binding_id: id(821) }]),
    codesOf: (repo) => repo.codesOf(['(01)06901234567892(21)A1B2C3', '(01)06901234567892(10)L2025']),
    codeByKey: (repo) => repo.codeByKey('A1B2C3'),
    batch: (repo) => repo.batch(BATCH),
    batchesByLots: (repo) => repo.batchesByLots([PRODUCT], ['L2025', 'L2026']),
    batchCodes: (repo) => repo.batchCodes(BATCH, 10_000),
    scopeCodes: (repo) => repo.scopeCodes(scope, 100_000),
    scopeBatches: (repo) => repo.scopeBatches(scope),
    codeOwners: (repo) => repo.codeOwners(['A1B2C3', 'D4E5F6']),
    setIssued: (repo) => repo.setIssued(ISSUANCE, 500),
    finish: (repo) => repo.finish(ISSUANCE, 'e'.repeat(64), at(2)),
    fail: (repo) => repo.fail(ISSUANCE, 'serials exhausted', at(2)),
    codePage: (repo) => repo.codePage(ISSUANCE, 0, 5000),
    countIssued: (repo) => repo.countIssued(ISSUANCE),
  }),
});
