/** Example calls of the products module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples, scopes } from '../../../../scripts/sql-examples.ts';
import { createProductsRepo } from '../products.repo.ts';

const PRODUCT = id(601);
const GTINS = ['06901234567892', '06901234567908'];

export const examples = defineExamples({
  '../products.repo.ts': repoExamples(createProductsRepo, {
    insertProduct: (repo) =>
      repo.insertProduct({
        id: PRODUCT, org_id: id(1), category_code: '0601', item_code: null, list_version_id: id(302), profile_version_id: id(301),
        name: 'Power cable', brand: 'Example', model: 'YJV-3x95', standard: 'GB/T 12706.2-2020', licence_id: id(11), ccc_certificate_id: null,
        attributes: JSON.stringify({ voltage: '0.6/1kV' }), created_at: at(),
      }),
    insertGtins: (repo) => repo.insertGtins(PRODUCT, GTINS),
    all: (repo) => repo.all(),
    findGtinOwners: (repo) => repo.findGtinOwners(GTINS),
    find: (repo) => repo.find(PRODUCT),
    byIds: (repo) => repo.byIds([PRODUCT, id(602)]),
    byGtins: (repo) => repo.byGtins(GTINS),
    gtinsOf: (repo) => repo.gtinsOf(PRODUCT),
    list: [
      { name: 'of the scope', run: (repo) => repo.list({ scope: scopes.org, limit: 50, offset: 0 }) },
      { name: 'every filter', run: (repo) => repo.list({ orgId: id(1), categoryCode: '0601', scope: scopes.association, limit: 50, offset: 50 }) },
    ],
  }),
});
