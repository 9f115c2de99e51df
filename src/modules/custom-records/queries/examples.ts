/** Example calls of the custom-records module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import { createCustomRecordsRepo } from '../custom-records.repo.ts';

const RECORD = id(401);
const document = { name: 'contract.pdf', mediaType: 'application/pdf', sha256: 'd'.repeat(64), size: 1024 };

export const examples = defineExamples({
  '../custom-records.repo.ts': repoExamples(createCustomRecordsRepo, {
    insert: (repo) =>
      repo.insert({
        id: RECORD, org_id: id(1), kind: 'contract', supersedes: null, record_date: '2025-06-01', contract_number: 'HT-2025-001',
        buyer_name: 'Buyer Co.', buyer_uscc: '91330100MA2XXXXXXX', buyer_address: null, buyer_contact: null, product_name: 'Cable',
        product_model: 'YJV-3x95', product_id: null, category_code: null, quantity: 10, unit: 'km', contract_date: '2025-05-20',
        delivery_date: null, notes: null, correction_reason: null, documents: JSON.stringify([document]), created_by: id(101), created_at: at(),
      }),
    find: (repo) => repo.find(RECORD),
    lock: (repo) => repo.lock(RECORD),
    appendDocuments: (repo) => repo.appendDocuments(RECORD, [document]),
    erase: (repo) => repo.erase(RECORD, id(101), 'erasure request', at()),
    list: [
      { name: 'latest of the scope', run: (repo) => repo.list({ scope: scopes.regions, includeSuperseded: false, limit: 50 }) },
      {
        name: 'every filter, next page',
        run: (repo) =>
          repo.list({
            orgId: id(1), scope: scopes.association, from: '2025-01-01', to: '2025-06-30', contractNumber: 'HT-2025-001', kind: 'contract',
            includeSuperseded: true, after: { createdAt: at(), id: RECORD }, limit: 50,
          }),
      },
    ],
    all: (repo) => repo.all(),
  }),
});
