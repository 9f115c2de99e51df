/**
 * Seller 查验: before goods are taken in, a scan answers — is the code registered, which product
 * and batch, who made it, are its CCC certificate and production licence in force, is it
 * recalled, was it already sold or taken out of use, and was it shipped to this seller (or to
 * whom). A verdict (pass / warn / fail) with every reason, as a catalog key and its parameters.
 */
import type { CccStatus } from '../../db/schema.ts';
import { fieldError, validationFailed } from '../../server/errors.ts';
import { cstDate } from '../../shared/cst.ts';
import type { MessageKey, Params } from '../../shared/i18n/i18n.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { audiencesOf } from '../access/audiences.ts';
import { keyOfInput } from '../events/code-key.ts';
import type { EventGraphService } from '../events/event-graph.service.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import { effectiveCccStatus } from '../orgs/org-rules.ts';
import type { OrgsDirectory } from '../orgs/orgs.directory.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { RecallsService } from '../recalls/recalls.service.ts';

export type Verdict = 'pass' | 'warn' | 'fail';

/** The facts of one registered code across the registers (code → product → licence, CCC certificate; batch; producer). */
export interface CodeFacts {
  readonly key: string;
  readonly code: string;
  readonly scheme: string;
  readonly org_id: string;
  readonly product_id: string;
  readonly batch_id: string | null;
  readonly created_at: Date;
  readonly issuance_id: string | null;
  readonly binding_id: string | null;
  readonly product_name: string;
  readonly model: string;
  readonly brand: string | null;
  readonly standard: string;
  readonly category_code: string;
  readonly item_code: string | null;
  readonly list_version_id: string;
  readonly profile_version_id: string;
  readonly attributes: unknown;
  readonly org_name: string;
  readonly uscc: string;
  readonly address: string;
  readonly region_code: string;
  readonly lot: string | null;
  readonly production_date: string | null;
  readonly licence_number: string | null;
  readonly licence_valid_to: string | null;
  readonly ccc_number: string | null;
  readonly ccc_status: CccStatus | null;
  readonly ccc_valid_from: string | null;
  readonly ccc_valid_to: string | null;
}

export interface Reason {
  readonly code: string;
  readonly severity: Verdict;
  /** The reason in words: `t(locale, key, params)` where the reader's language is known. */
  readonly key: MessageKey;
  readonly params: Params;
}

export interface VerifyDeps {
  readonly access: AccessService;
  readonly recalls: Pick<RecallsService, 'openFor'>;
  /** What a code travelled in, and who holds it now (the events module). */
  readonly graph: Pick<EventGraphService, 'upstream' | 'itemStates'>;
  /** The code and its batch (the issuance module). */
  readonly codes: Pick<IssuanceService['registry'], 'codes' | 'codeByKey' | 'batch'>;
  /** Its product (the products module). */
  readonly products: Pick<ProductsService['registry'], 'byIds'>;
  /** Its producer, licence and CCC certificate (the orgs module). */
  readonly orgs: Pick<OrgsDirectory, 'summaries' | 'licencesByIds' | 'cccByIds'>;
  readonly clock: () => Date;
  readonly publicUrl: string;
}

const r = (code: string, severity: Verdict, key: MessageKey, params: Params = {}): Reason => ({ code, severity, key, params });

export type VerifyService = ReturnType<typeof createVerifyService>;

export function createVerifyService({ access, recalls, graph, codes, products, orgs, clock, publicUrl }: VerifyDeps) {
  /**
   * What 查验 and the scan page say about a registered code, from the registers that hold it:
   * the code (issuance), its product, its producer, its batch, and the product's licence and CCC
   * certificate. Undefined when the code's product or producer is gone.
   */
  async function codeFacts(codeKey: string): Promise<CodeFacts | undefined> {
    const c = await codes.codeByKey(codeKey);
    if (!c) return undefined;
    const [[p], [o], batch] = await Promise.all([products.byIds([c.product_id]), orgs.summaries([c.org_id]), c.batch_id ? codes.batch(c.batch_id) : undefined]);
    if (!p || !o) return undefined;
    const [[licence], [ccc]] = await Promise.all([orgs.licencesByIds(p.licence_id ? [p.licence_id] : []), orgs.cccByIds(p.ccc_certificate_id ? [p.ccc_certificate_id] : [])]);
    return {
      key: c.key, code: c.code, scheme: c.scheme, org_id: c.org_id, product_id: c.product_id, batch_id: c.batch_id, created_at: c.created_at, issuance_id: c.issuance_id, binding_id: c.binding_id,
      product_name: p.name, model: p.model, brand: p.brand, standard: p.standard, category_code: p.category_code, item_code: p.item_code,
      list_version_id: p.list_version_id, profile_version_id: p.profile_version_id, attributes: p.attributes,
      org_name: o.name, uscc: o.uscc, address: o.address, region_code: o.region_code,
      lot: batch?.lot ?? null, production_date: batch?.production_date ?? null,
      licence_number: licence?.number ?? null, licence_valid_to: licence?.valid_to ?? null,
      ccc_number: ccc?.number ?? null, ccc_status: ccc?.status ?? null, ccc_valid_from: ccc?.valid_from ?? null, ccc_valid_to: ccc?.valid_to ?? null,
    };
  }

  /** The facts of a code (registered or not), without a verdict: shared with the scan page. */
  async function facts(input: string) {
    const k = keyOfInput(input, publicUrl);
    if (!k.ok) return { ok: false as const, error: k.error, ...(k.position !== undefined && { position: k.position }) };
    const info = (await codes.codes([k.key])).get(k.key);
    const row = info ? await codeFacts(info.key) : undefined;
    if (!info || !row) return { ok: true as const, key: k.key, registered: false as const };
    // What it travelled in and was made from: recalls of those reach it; the scan page shows their journey.
    const up = await graph.upstream([k.key]);
    const upKeys = [...new Set(up.map((u) => u.key))];
    const [recalled, states] = await Promise.all([
      recalls.openFor({ orgId: row.org_id, productId: row.product_id, batchId: row.batch_id, productionDate: row.production_date, keys: upKeys }),
      graph.itemStates([k.key], row.org_id),
    ]);
    const state = states.get(k.key) ?? { holder: row.org_id, state: 'held', returnedAt: null, goneAt: null, soldAt: null, lastEventAt: null };
    const today = cstDate(clock());
    const cccStatus = effectiveCccStatus({ status: row.ccc_status, valid_to: row.ccc_valid_to }, today);
    return { ok: true as const, key: k.key, registered: true as const, row, upKeys, recalled, state, cccStatus, soldAt: state.soldAt };
  }

  return {
    facts,

    /**
     * The verdict for a seller (or anyone signed in) about to take a code in.
     *
     * @example await verify.verify(actor, '(01)06901234567892(21)A1') // { verdict: 'pass', reasons: [...] }
     */
    async verify(actor: Actor, input: string) {
      await access.require(actor, 'code:verify');
      const f = await facts(input);
      if (!f.ok) throw validationFailed([fieldError('code', 'code_invalid', 'field.code_invalid', { reason: f.error }, f.position === undefined ? {} : { position: f.position })]);
      if (!f.registered) {
        return { code: f.key, registered: false, verdict: 'fail' as Verdict, reasons: [r('not_registered', 'fail', 'verify.reason.not_registered')] };
      }
      const { row, recalled, state, cccStatus } = f;
      const today = cstDate(clock());
      const reasons: Reason[] = [];
      if (row.ccc_number && cccStatus !== 'valid') reasons.push(r('ccc_not_valid', 'fail', 'verify.reason.ccc_not_valid', { number: row.ccc_number, status: cccStatus ?? '' }));
      if (row.licence_number && row.licence_valid_to !== null && row.licence_valid_to < today) reasons.push(r('licence_expired', 'fail', 'verify.reason.licence_expired', { number: row.licence_number, date: row.licence_valid_to }));
      for (const rc of recalled) reasons.push(r('recalled', 'fail', 'verify.reason.recalled', { reason: rc.reason, instructions: rc.instructions }));
      if (state.state === 'sold') reasons.push(r('already_sold', 'fail', 'verify.reason.already_sold'));
      if (state.state === 'gone') reasons.push(r('decommissioned', 'fail', 'verify.reason.decommissioned'));
      let shippedTo: { orgId: string | null; name: string | null; id: string | null } | null = null;
      if (state.state === 'in_transit') {
        const holder = state.holder;
        // The consignee is flow.consignee (supply-chain level): named to the goods' producer, the
        // consignee itself, regulators covering the producer — not to a competitor checking them.
        const audiences = await audiencesOf(actor, { ownerOrgId: row.org_id, regionCode: row.region_code, chainOrgIds: [holder] });
        const named = audiences.sees('chain');
        const [org] = named && /^[0-9a-f-]{36}$/.test(holder) ? await orgs.summaries([holder]) : [];
        shippedTo = named ? { orgId: org?.id ?? null, name: org?.name ?? null, id: holder } : { orgId: null, name: null, id: null };
        if (actor.orgId && holder !== actor.orgId) {
          reasons.push(named
            ? r('shipped_to_other', 'fail', 'verify.reason.shipped_to_other', { consignee: org?.name ?? holder })
            : r('shipped_to_other', 'fail', 'verify.reason.shipped_to_other_unnamed'));
        }
      } else if (state.state === 'held' && actor.orgId && state.holder !== actor.orgId && state.holder === row.org_id) {
        reasons.push(r('no_shipment', 'warn', 'verify.reason.no_shipment'));
      } else if (state.state === 'held' && actor.orgId && state.holder !== actor.orgId && state.holder !== row.org_id) {
        reasons.push(r('held_by_other', 'warn', 'verify.reason.held_by_other'));
      }
      const verdict: Verdict = reasons.some((x) => x.severity === 'fail') ? 'fail' : reasons.some((x) => x.severity === 'warn') ? 'warn' : 'pass';
      if (!reasons.length) reasons.push(r('ok', 'pass', 'verify.reason.ok'));
      return {
        code: f.key,
        registered: true,
        verdict,
        reasons,
        ...presentFacts(row, cccStatus),
        recalled: recalled.length > 0,
        recalls: recalled,
        state: state.state,
        shippedTo,
      };
    },
  };
}

function presentFacts(row: CodeFacts, cccStatus: string | null) {
  return {
    product: { id: row.product_id, name: row.product_name, model: row.model, brand: row.brand, categoryCode: row.category_code },
    batch: row.batch_id ? { id: row.batch_id, lot: row.lot, productionDate: row.production_date } : null,
    producer: { orgId: row.org_id, name: row.org_name, uscc: row.uscc, address: row.address },
    licence: row.licence_number ? { number: row.licence_number, validTo: row.licence_valid_to } : null,
    ccc: row.ccc_number ? { number: row.ccc_number, status: cccStatus, validFrom: row.ccc_valid_from, validTo: row.ccc_valid_to } : null,
  };
}
