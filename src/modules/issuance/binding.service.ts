/**
 * Binding codes printed elsewhere (GS1 element strings or Digital Links, Ecode, CCC trace QR,
 * another system's own codes) to a product and batch: validated like any code, all or nothing
 * unless the caller asks otherwise, one ledger record committing to all of them.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { isParseCodeError, parseCode } from '../../shared/codes/parse-code.ts';
import type { ParsedCode } from '../../shared/codes/parsed-code.ts';
import { AppError, type FieldError, fieldError, findOrFail, validationFailed } from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import type { LedgerAppend } from '../ledger/ledger.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { createIssuanceRepo } from './issuance.repo.ts';
import type { BindBody } from './binding.schemas.ts';

export interface BindingDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly products: Pick<ProductsService, 'get'>;
  readonly orgs: { findOwner(orgId: string): Promise<{ id: string; regionCode: string; name: string } | undefined> };
  readonly ledger: LedgerAppend;
  readonly publicUrl: string;
}

const NOT_PRODUCT_CODES = new Set(['uscc', 'licence', 'yima']);

export type BindingService = ReturnType<typeof createBindingService>;

export function createBindingService({ db, access, products, orgs, ledger, publicUrl }: BindingDeps) {
  return {
    async bind(actor: Actor, body: BindBody) {
      const product = await products.get(actor, body.productId);
      const owner = await findOrFail(orgs.findOwner(product.orgId), 'product', product.id);
      await access.require(actor, 'code:issue', { id: owner.id, regionCode: owner.regionCode, entity: 'product', entityId: product.id });

      const errors: FieldError[] = [];
      const parsed: { index: number; code: ParsedCode }[] = [];
      const seen = new Map<string, number>();
      body.codes.forEach((input, index) => {
        const field = `codes[${index}]`;
        const p = parseCode(input, { digitalLinkBase: publicUrl, ...(body.namespace && { opaqueNamespace: body.namespace }) });
        if (isParseCodeError(p)) {
          errors.push(fieldError(field, 'code_invalid', 'field.code_invalid', { reason: p.reason }, p.position === undefined ? {} : { position: p.position }));
          return;
        }
        if (NOT_PRODUCT_CODES.has(p.scheme)) {
          errors.push(fieldError(field, 'code_not_bindable', 'field.code_not_bindable', { scheme: p.scheme }));
          return;
        }
        const gtin = p.elements.find((e) => e.ai === '01')?.value;
        if (gtin && product.gtins.length > 0 && !product.gtins.includes(gtin)) {
          errors.push(fieldError(field, 'gtin_not_of_product', 'field.gtin_not_of_product', { gtins: product.gtins.join(', ') }));
          return;
        }
        const dup = seen.get(p.canonical);
        if (dup !== undefined) {
          errors.push(fieldError(field, 'duplicate', 'field.duplicate', { value: p.canonical }));
          return;
        }
        seen.set(p.canonical, index);
        parsed.push({ index, code: p });
      });
      if (errors.length && !body.partial) throw validationFailed(errors);

      const bindingId = crypto.randomUUID();
      const result = await db.transaction().execute(async (trx) => {
        const r = createIssuanceRepo(trx);
        let batchId: string | null = null;
        if (body.lot) {
          const batch = await r.findBatch(product.id, body.lot);
          if (!batch) throw validationFailed([fieldError('lot', 'batch_unknown', 'field.batch_unknown', { lot: body.lot })]);
          batchId = batch.id;
        }
        const clashes = await r.insertBoundCodes(parsed.map(({ code }) => ({ key: code.canonical, code: code.canonical, scheme: code.scheme, org_id: product.orgId, product_id: product.id, batch_id: batchId, binding_id: bindingId })));
        const taken = parsed.filter(({ code }) => clashes.has(code.canonical));
        // Roll back and explain outside the transaction: looking owners up uses other connections
        // (and the embedded database has only one).
        if (taken.length && !body.partial) throw new CodesTaken(taken.map((t) => t.code.canonical), await r.codeOwners(taken.map((t) => t.code.canonical)));
        const bound = parsed.filter(({ code }) => !clashes.has(code.canonical));
        if (bound.length) {
          const sm3 = crypto.createHash('sm3');
          for (const b of bound) sm3.update(`${b.code.canonical}\n`);
          await ledger(trx, [{
            type: 'binding', subjectId: bindingId, first: true,
            record: { id: bindingId, orgId: product.orgId, productId: product.id, batchId, count: bound.length, codesSm3: sm3.digest('hex') },
          }]);
        }
        return { bound, taken };
      }).catch(async (e: unknown) => {
        if (!(e instanceof CodesTaken)) throw e;
        const named = await Promise.all(e.codes.map(async (code) => {
          const owner = await orgs.findOwner(e.owners.get(code) ?? '');
          return owner && (await access.inScope(actor, owner)) ? `${code} (${owner.name})` : code;
        }));
        throw new AppError(409, 'code_taken', 'problem.code_taken.detail', { count: e.codes.length, codes: named.slice(0, 20).join(', ') });
      });
      return {
        bindingId,
        bound: result.bound.map(({ index, code }) => ({ index, scheme: code.scheme, canonical: code.canonical, ...(code.digitalLink && { digitalLink: code.digitalLink }) })),
        rejected: [
          ...errors.map((e) => ({ index: Number(/\[(\d+)\]/.exec(e.field)?.[1] ?? -1), code: e.code, key: e.key, params: e.params ?? {} })),
          ...result.taken.map((t) => ({ index: t.index, code: 'code_taken', key: 'problem.code_taken.detail' as const, params: { count: 1, codes: t.code.canonical } })),
        ].sort((a, b) => a.index - b.index),
      };
    },
  };
}

class CodesTaken extends Error {
  constructor(readonly codes: string[], readonly owners: Map<string, string>) {
    super(`codes already registered: ${codes.join(', ')}`);
  }
}
