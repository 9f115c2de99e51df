/** Example calls of the recalls module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import { createRecallsRepo } from '../recalls.repo.ts';

const RECALL = id(701);
const ORG = id(1);

export const examples = defineExamples({
  '../recalls.repo.ts': repoExamples(createRecallsRepo, {
    insert: (repo) =>
      repo.insert({
        id: RECALL, org_id: ORG, opened_by: id(101), opened_by_role: 'org_admin', product_ids: [id(601)], batch_ids: [],
        production_from: '2025-05-01', production_to: '2025-05-31', code_keys: [], reason: 'insulation failure',
        instructions: 'stop using; return to the seller', event_id: null, opened_at: at(),
      }),
    find: (repo) => repo.find(RECALL),
    list: [
      { name: 'of the scope', run: (repo) => repo.list({ scope: scopes.regions, limit: 50 }) },
      { name: 'open ones', run: (repo) => repo.list({ scope: scopes.all, status: 'open', limit: 50 }) },
    ],
    close: (repo) => repo.close(RECALL, at(60), 'all returned'),
    openFor: (repo) =>
      repo.openFor({ orgId: ORG, productId: id(601), batchId: id(801), productionDate: '2025-05-10', keys: ['(01)06901234567892(21)A1B2C3'] }),
    insertNotices: (repo) => repo.insertNotices([{ recall_id: RECALL, org_id: id(2), items: 120, created_at: at() }]),
    noticesOf: (repo) => repo.noticesOf(id(2), 50),
    noticesOfRecall: (repo) => repo.noticesOfRecall(RECALL),
    markRead: (repo) => repo.markRead(RECALL, id(2), at(5)),
    undelivered: (repo) => repo.undelivered(100),
    delivered: (repo) => repo.delivered(RECALL, id(2), at(1)),
    failedDelivery: (repo) => repo.failedDelivery(RECALL, id(2), 'HTTP 503'),
    setWebhook: (repo) => repo.setWebhook({ org_id: id(2), url: 'https://erp.example.com/recalls', secret: 'whsec_example', created_at: at() }),
  }),
});
