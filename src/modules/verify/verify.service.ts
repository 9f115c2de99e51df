/**
 * Seller 查验: before goods are taken in, a scan answers — is the code registered, which product
 * and batch, who made it, are its CCC certificate and production licence in force, is it
 * recalled, was it already sold or taken out of use, and was it shipped to this seller (or to
 * whom). A verdict (pass / warn / fail) with every reason, as a catalog key and its parameters.
 */
import type { Db } from '../../db/database.ts';
import { fieldError, validationFailed } from '../../server/errors.ts';
import type { MessageKey, Params } from '../../shared/i18n/i18n.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import { audiencesOf } from '../access/audiences.ts';
import { keyOfInput } from '../events/code-key.ts';
import { createEventsLookupRepo } from '../events/events-lookup.repo.ts';
import { todayCst } from '../orgs/orgs.service.ts';
import type { RecallsService } from '../recalls/recalls.service.ts';
import { createTraceRepo } from '../trace/trace.repo.ts';
import type { TraceService } from '../trace/trace.service.ts';
import { type CodeFacts, createVerifyRepo } from './verify.repo.ts';

export type Verdict = 'pass' | 'warn' | 'fail';

export interface Reason {
  readonly code: string;
  readonly severity: Verdict;
  /** The reason in words: `t(locale, key, params)` where the reader's language is known. */
  readonly key: MessageKey;
  readonly params: Params;
}

export interface VerifyDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly recalls: Pick<RecallsService, 'openFor'>;
  readonly trace: Pick<TraceService, 'itemStates'>;
  readonly clock: () => Date;
  readonly publicUrl: string;
}

const r = (code: string, severity: Verdict, key: MessageKey, params: Params = {}): Reason => ({ code, severity, key, params });

export type VerifyService = ReturnType<typeof createVerifyService>;

export function createVerifyService({ db, access, recalls, trace, clock, publicUrl }: VerifyDeps) {
  const lookup = createEventsLookupRepo(db);
  const repo = createVerifyRepo(db);
  const traceRepo = createTraceRepo(db);

  /** The facts of a code (registered or not), without a verdict: shared with the scan page. */
  async function facts(input: string) {
    const k = keyOfInput(input, publicUrl);
    if (!k.ok) return { ok: false as const, error: k.error, ...(k.position !== undefined && { position: k.position }) };
    const info = (await lookup.codes([k.key])).get(k.key);
    const row = info ? await repo.codeFacts(info.key) : undefined;
    if (!info || !row) return { ok: true as const, key: k.key, registered: false as const };
    // What it travelled in and was made from: recalls of those reach it; the scan page shows their journey.
    const up = await traceRepo.upstream([k.key]);
    const upKeys = [...new Set(up.map((u) => u.key))];
    const [recalled, states] = await Promise.all([
      recalls.openFor({ orgId: row.org_id, productId: row.product_id, batchId: row.batch_id, keys: upKeys }),
      trace.itemStates([k.key], row.org_id),
    ]);
    const state = states.get(k.key) ?? { holder: row.org_id, state: 'held', returnedAt: null, goneAt: null, soldAt: null, lastEventAt: null };
    const today = todayCst(clock());
    // A certificate past its end date is expired whatever its recorded status.
    const cccStatus = row.ccc_status === 'valid' && row.ccc_valid_to !== null && row.ccc_valid_to < today ? 'expired' : row.ccc_status;
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
      const today = todayCst(clock());
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
        const [org] = named && /^[0-9a-f-]{36}$/.test(holder) ? await traceRepo.orgs([holder]) : [];
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
