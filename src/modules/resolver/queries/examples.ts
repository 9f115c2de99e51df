/** Example calls of the resolver module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples } from '../../../../scripts/sql-examples.ts';
import { createResolverRepo } from '../resolver.repo.ts';

const CODE = '(01)06901234567892(21)A1B2C3';

export const examples = defineExamples({
  '../resolver.repo.ts': repoExamples(createResolverRepo, {
    scanSummary: [
      { name: 'unsold', run: (repo) => repo.scanSummary(CODE, null, at(2), 30) },
      { name: 'sold', run: (repo) => repo.scanSummary(CODE, at(), at(2), 30) },
    ],
    insertScans: (repo) => repo.insertScans([{ id: id(1001), code_key: CODE, scanned_at: at(), ip_region: '330100', client: 'c'.repeat(16), device: 'mobile' }]),
    addLocation: (repo) => repo.addLocation({ scan_id: id(1001), latitude: 30.27, longitude: 120.15, added_at: at(1) }),
    insertReport: (repo) =>
      repo.insertReport({
        id: id(1101), code_input: CODE, code_key: CODE, org_id: id(1), region_code: '330100', category: 'counterfeit',
        message: 'fake label', contact: null, client: 'c'.repeat(16), created_at: at(),
      }),
    reports: [
      { name: 'all', run: (repo) => repo.reports({ limit: 50 }) },
      { name: 'of regions and organisations', run: (repo) => repo.reports({ regionPrefixes: ['33', '3101'], orgIds: [id(1)], limit: 50 }) },
      { name: 'of no region', run: (repo) => repo.reports({ regionPrefixes: [], orgIds: [], limit: 50 }) },
    ],
  }),
});
