/** Example calls of the catalogue module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { defineExamples, id, repoExamples } from '../../../../scripts/sql-examples.ts';
import { createCatalogRepo } from '../catalog.repo.ts';

export const examples = defineExamples({
  '../catalog.repo.ts': repoExamples(createCatalogRepo, {
    insert: (repo) =>
      repo.insert({
        id: id(301), kind: 'profile', doc_id: 'wire-cable', version: '2025.1', effective_from: '2025-01-01',
        content: { fields: [] }, sha256: 'c'.repeat(64), loaded_by: id(101),
      }),
    inForce: [
      { name: 'the list', run: (repo) => repo.inForce('list', undefined, '2025-06-01') },
      { name: 'one profile', run: (repo) => repo.inForce('profile', 'wire-cable', '2025-06-01') },
    ],
    find: (repo) => repo.find('profile', 'wire-cable', '2025.1'),
    findById: (repo) => repo.findById(id(301)),
    list: (repo) => repo.list('profile'),
    profileIds: (repo) => repo.profileIds(),
    count: (repo) => repo.count(),
  }),
});
