/** Example calls of the subscriptions module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples } from '../../../../scripts/sql-examples.ts';
import { createSubscriptionsRepo } from '../subscriptions.repo.ts';

const OWNER = `org:${id(1)}`;
const QUERY = id(1201);
const SUBSCRIPTION = id(1211);
const WORKER = id(1221);

export const examples = defineExamples({
  '../subscriptions.repo.ts': repoExamples(createSubscriptionsRepo, {
    insertQuery: (repo) =>
      repo.insertQuery({ id: QUERY, owner: OWNER, name: 'shipped', query: { EQ_bizStep: ['shipping'] }, created_by: id(101), created_at: at() }),
    findQuery: (repo) => repo.findQuery(OWNER, 'shipped'),
    listQueries: [
      { name: 'first page', run: (repo) => repo.listQueries(OWNER, null, 50) },
      { name: 'next page', run: (repo) => repo.listQueries(OWNER, 'shipped', 50) },
    ],
    deleteQuery: (repo) => repo.deleteQuery(OWNER, 'shipped'),
    insertSubscription: (repo) =>
      repo.insertSubscription({
        id: SUBSCRIPTION, query_id: QUERY, dest: 'https://erp.example.com/epcis', signature_token: null, stream: true, schedule: null,
        report_if_empty: false, epc_format: 'Always_GS1_Digital_Link', actor_role: 'org_admin', actor_org_id: id(1), actor_regions: [],
        actor_user_id: id(101), actor_api_key_id: null, actor_name: 'admin', initial_record_time: at(), next_run_at: null, created_at: at(),
      }),
    findSubscription: (repo) => repo.findSubscription(QUERY, SUBSCRIPTION),
    listSubscriptions: [
      { name: 'first page', run: (repo) => repo.listSubscriptions(QUERY, null, 50) },
      { name: 'next page', run: (repo) => repo.listSubscriptions(QUERY, { createdAt: at(), id: SUBSCRIPTION }, 50) },
    ],
    deleteSubscription: (repo) => repo.deleteSubscription(QUERY, SUBSCRIPTION),
    due: (repo) => repo.due(at(), 1000, 20),
    claim: (repo) => repo.claim(SUBSCRIPTION, WORKER, at(), at(1)),
    commit: [
      { name: 'a stream delivery', run: (repo) => repo.commit(SUBSCRIPTION, WORKER, { cursorId: 1000, lastNotifiedAt: at() }, at(1)) },
      { name: 'a scheduled run', run: (repo) => repo.commit(SUBSCRIPTION, WORKER, { cursorId: 1000, minRecordTime: at(), lastNotifiedAt: at(), nextRunAt: at(60) }, at(1)) },
    ],
    recordFailure: (repo) => repo.recordFailure(SUBSCRIPTION, WORKER, { failures: 2, error: 'HTTP 503', at: at(), retryAt: at(2) }),
    release: (repo) => repo.release(SUBSCRIPTION, WORKER),
  }),
});
