/**
 * The facts 查验 and the scan page need about one registered code, read in one query across the
 * registers (code → product → category, licence, CCC certificate; batch; producer).
 */
import type { Db } from '../../db/database.ts';

export type VerifyRepo = ReturnType<typeof createVerifyRepo>;

export function createVerifyRepo(db: Db) {
  return {
    codeFacts: (codeKey: string) =>
      db.selectFrom('codes')
        .innerJoin('products', 'products.id', 'codes.product_id')
        .innerJoin('organisations', 'organisations.id', 'codes.org_id')
        .leftJoin('batches', 'batches.id', 'codes.batch_id')
        .leftJoin('licences', 'licences.id', 'products.licence_id')
        .leftJoin('ccc_certificates', 'ccc_certificates.id', 'products.ccc_certificate_id')
        .select([
          'codes.key', 'codes.code', 'codes.scheme', 'codes.org_id', 'codes.product_id', 'codes.batch_id', 'codes.created_at', 'codes.issuance_id', 'codes.binding_id',
          'products.name as product_name', 'products.model', 'products.brand', 'products.standard', 'products.category_code', 'products.item_code',
          'products.list_version_id', 'products.profile_version_id', 'products.attributes',
          'organisations.name as org_name', 'organisations.uscc', 'organisations.address', 'organisations.region_code',
          'batches.lot', 'batches.production_date',
          'licences.number as licence_number', 'licences.valid_to as licence_valid_to',
          'ccc_certificates.number as ccc_number', 'ccc_certificates.status as ccc_status', 'ccc_certificates.valid_from as ccc_valid_from', 'ccc_certificates.valid_to as ccc_valid_to',
        ])
        .where('codes.key', '=', codeKey)
        .executeTakeFirst(),
  };
}

export type CodeFacts = NonNullable<Awaited<ReturnType<VerifyRepo['codeFacts']>>>;
