/** Example calls of the links module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import { createLinksRepo } from '../links.repo.ts';

const GTIN = '06901234567892';
const LINK = id(501);

export const examples = defineExamples({
  '../links.repo.ts': repoExamples(createLinksRepo, {
    countAtAnchor: (repo) => repo.countAtAnchor(GTIN, 'L2025'),
    clearDefault: (repo) => repo.clearDefault(GTIN, null, 'gs1:pip'),
    insert: (repo) =>
      repo.insert({
        id: LINK, org_id: id(1), gtin: GTIN, lot: null, link_type: 'gs1:pip', href: 'https://example.com/p', title: 'Product page',
        hreflang: ['zh-CN'], media_type: 'text/html', is_default: true, created_by: id(101), created_at: at(),
      }),
    find: (repo) => repo.find(LINK),
    lock: (repo) => repo.lock(LINK),
    delete: (repo) => repo.delete(LINK),
    list: [
      { name: 'of the scope', run: (repo) => repo.list({ scope: scopes.org, limit: 50, offset: 0 }) },
      { name: 'every filter', run: (repo) => repo.list({ orgId: id(1), scope: scopes.all, gtin: GTIN, lot: 'L2025', linkType: 'gs1:pip', limit: 50, offset: 50 }) },
    ],
    forAnchor: [
      { name: 'a lot', run: (repo) => repo.forAnchor(GTIN, 'L2025') },
      { name: 'the GTIN', run: (repo) => repo.forAnchor(GTIN, null) },
    ],
    all: (repo) => repo.all(),
  }),
});
