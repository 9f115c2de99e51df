import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildProduct } from '../../../test/factories.ts';
import { CONTACT, LEVELS, type SupplyChain, attributeKey, attributeValue, buildSupplyChain } from '../../../test/supply-chain.ts';
import { verifyOffline } from '../../cli/ledger-verify.ts';
import { decodeBase64, utf8Encode } from '../../ledger/bytes.ts';
import type { JsonValue } from '../../ledger/canonical-json.ts';
import { leafHash } from '../../ledger/hash.ts';
import { encodeLeaf } from '../../ledger/leaf-data.ts';
import { createCompactRange, verifyInclusion } from '../../ledger/merkle.ts';
import { openRecord } from '../../ledger/selective-disclosure.ts';
import { verifyRecordInclusion } from '../../ledger/verify-browser.ts';
import type { Disclosure } from '../catalog/catalog.schemas.ts';
import { auditDatabase } from '../../server/app.ts';
import { createLedgerRepo } from './ledger.repo.ts';
import { STORED_LEVEL } from './ledger.service.ts';

const b64 = (s: string) => decodeBase64(s) ?? new Uint8Array();
const HIDDEN_FROM: Record<string, readonly Disclosure[]> = { association: ['chain', 'regulator', 'owner'], regulator: ['owner'], owner: [] };

interface RecordProof { index: number; leafHash: string; record: string; disclosures: string[]; size: number; rootHash: string; path: string[]; checkpoint: string }

describe.each(DB_TARGETS)('ledger records disclose only what the reader may see, on %s', (target) => {
  let ctx: TestContext;
  let chain: SupplyChain;
  let keys = '';
  beforeAll(async () => {
    ctx = await createTestContext(target);
    chain = await buildSupplyChain(ctx);
    await ctx.services.ledger.checkpoint();
    keys = (await ctx.call('GET', '/ledger/keys')).body;
  });
  afterAll(() => ctx.close());

  const readers = () => ({ association: chain.association.token, regulator: chain.regulatorZj.token, owner: chain.producer.token });

  it('keeps chain, regulator and owner attributes out of the product proof and leaf an association reads (issue 10)', async () => {
    const proof = await ctx.call('GET', `/api/v1/products/${chain.product.id}?proof=true`, { token: chain.association.token });
    expect(proof.statusCode).toBe(200);
    for (const hidden of ['chain', 'regulator', 'owner'] as const) expect(proof.body).not.toContain(attributeValue(hidden));
    const index = proof.json().ledger.index;
    const leaf = await ctx.call('GET', `/api/v1/ledger/leaves/${index}`, { token: chain.association.token });
    expect(leaf.statusCode).toBe(200);
    for (const hidden of ['chain', 'regulator', 'owner'] as const) expect(leaf.body).not.toContain(attributeValue(hidden));
  });

  it('keeps the owner-only attribute out of what the regulator reads, and the contact out of the association\'s organisation proof', async () => {
    const proof = await ctx.call('GET', `/api/v1/products/${chain.product.id}?proof=true`, { token: chain.regulatorZj.token });
    expect(proof.body).not.toContain(attributeValue('owner'));
    const org = await ctx.call('GET', `/api/v1/orgs/${chain.producer.id}?proof=true`, { token: chain.association.token });
    expect(org.statusCode).toBe(200);
    expect(org.body).not.toContain(CONTACT);
    // The regulator of the producer's region reads the contact, in the answer and in the proof.
    const regulator = await ctx.call('GET', `/api/v1/orgs/${chain.producer.id}?proof=true`, { token: chain.regulatorZj.token });
    expect(regulator.json().contacts).toEqual([{ name: CONTACT }]);
    const l = regulator.json().ledger as RecordProof;
    expect(openRecord(ctx.services.ledger.hash, JSON.parse(l.record).record, l.disclosures).record.contacts).toEqual([{ name: CONTACT }]);
  });

  it('gives each reader the fields it may see, verifiable: leaf hash, inclusion under the signed checkpoint, every disclosure against its digest', async () => {
    const hash = ctx.services.ledger.hash;
    for (const [who, token] of Object.entries(readers())) {
      const res = await ctx.call('GET', `/api/v1/products/${chain.product.id}?proof=true`, { token });
      const l = res.json().ledger as RecordProof;
      // Nothing hidden anywhere in the answer, the product's attributes included.
      for (const d of HIDDEN_FROM[who] ?? []) expect(res.body, `${who} sees ${d}`).not.toContain(attributeValue(d));
      expect(b64(l.leafHash)).toEqual(leafHash(hash, utf8Encode(l.record)));
      expect(verifyInclusion(hash, l.index, l.size, b64(l.leafHash), l.path.map(b64), b64(l.rootHash))).toBe(true);
      const opened = openRecord(hash, JSON.parse(l.record).record, l.disclosures);
      const attributes = opened.record.attributes as Record<string, JsonValue>;
      for (const d of LEVELS) {
        if ((HIDDEN_FROM[who] ?? []).includes(d)) expect(attributes[attributeKey(d)], `${who} ${d}`).toBeUndefined();
        else expect(attributes[attributeKey(d)], `${who} ${d}`).toBe(attributeValue(d));
      }
      expect(opened.hidden).toBe((HIDDEN_FROM[who] ?? []).length);
      expect(opened.record).toMatchObject({ id: chain.product.id, orgId: chain.producer.id, gtins: chain.product.gtins });

      // The offline verifier (yima ledger verify) and the browser's accept it, hidden fields and all.
      const offline = await verifyOffline({ proof: JSON.stringify(l), record: JSON.stringify(l), keys: [keys] });
      expect(offline).toMatchObject({ valid: true, index: l.index, hidden: opened.hidden, record: { attributes: { [attributeKey('public')]: attributeValue('public') } } });
      const leafAnswer = (await ctx.call('GET', `/api/v1/ledger/leaves/${l.index}`, { token })).body;
      for (const d of HIDDEN_FROM[who] ?? []) expect(leafAnswer).not.toContain(attributeValue(d));
      const inclusion = (await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?index=${l.index}&size=${l.size}`)).body;
      expect(await verifyOffline({ proof: inclusion, record: leafAnswer, keys: [keys] })).toMatchObject({ valid: true, hidden: opened.hidden });
      const leaf = JSON.parse(l.record) as { type: string; v: 2; record: { [k: string]: JsonValue } };
      await expect(verifyRecordInclusion({ signedCheckpoint: l.checkpoint, verifierKeys: JSON.parse(keys).map((k: { vkey: string }) => k.vkey), index: l.index, path: l.path.map(b64), leaf, disclosures: l.disclosures })).resolves.toMatchObject({ hash: 'sm3' });
      // A disclosure from another record does not pass for this one.
      const other = (await ctx.call('GET', `/api/v1/orgs/${chain.producer.id}?proof=true`, { token })).json().ledger as RecordProof;
      await expect(verifyRecordInclusion({ signedCheckpoint: l.checkpoint, verifierKeys: JSON.parse(keys).map((k: { vkey: string }) => k.vkey), index: l.index, path: l.path.map(b64), leaf, disclosures: [...l.disclosures, other.disclosures[0] ?? ''] })).rejects.toThrow(/match no digest/);
    }
  });

  it('shows the public the registration of a code without the batch quantity (chain level), still verifiable in the browser', async () => {
    const proof = (await ctx.call('GET', `/api/v1/scan/proof?code=${encodeURIComponent(chain.codes[0] ?? '')}`)).json();
    const registration = proof.leaves.find((l: { label: string }) => l.label === 'registration');
    expect(registration).toMatchObject({ type: 'issuance', v: 2 });
    const opened = openRecord(ctx.services.ledger.hash, registration.record, registration.disclosures);
    expect(opened.record).toMatchObject({ productId: chain.product.id, scheme: 'gs1' });
    expect(opened.record.quantity).toBeUndefined();
    expect(opened.hidden).toBe(1);
    for (const l of proof.leaves) {
      await verifyRecordInclusion({ signedCheckpoint: proof.checkpoint, verifierKeys: proof.keys, index: l.index, path: l.path.map(b64), leaf: { type: l.type, record: l.record, v: l.v }, disclosures: l.disclosures ?? [] });
    }
  });

  it('audit opens every record with all its salts: clean as written, and names a changed byte in a stored value, a salt or a digest', async () => {
    const db = ctx.database.db;
    expect((await auditDatabase(db)).problems).toEqual([]);
    const row = await db.selectFrom('ledger_leaves').select(['idx', 'record_json', 'disclosures']).where('subject_id', '=', chain.product.id).executeTakeFirstOrThrow();
    const disclosures = JSON.parse(row.disclosures ?? '[]') as string[];
    const decoded = disclosures.map((d) => JSON.parse(Buffer.from(d, 'base64url').toString()) as [string, string, JsonValue]);
    const secretAt = decoded.findIndex(([, name]) => name === attributeKey('owner'));
    const [salt, name] = decoded[secretAt] ?? ['', '', null];
    const flip = (s: string) => `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    const withDisclosure = (d: string) => JSON.stringify(disclosures.map((x, i) => (i === secretAt ? d : x)));
    const drills: { what: string; set: { record_json?: string; disclosures?: string }; kind: string }[] = [
      { what: 'a stored value', set: { disclosures: withDisclosure(Buffer.from(JSON.stringify([salt, name, 'MARK-ATTR-owneR'])).toString('base64url')) }, kind: 'disclosure_mismatch' },
      { what: 'a salt', set: { disclosures: withDisclosure(Buffer.from(JSON.stringify([flip(salt), name, attributeValue('owner')])).toString('base64url')) }, kind: 'disclosure_mismatch' },
      { what: 'a digest', set: { record_json: row.record_json.replace(/"_sd":\["([^"]+)"/, (_m, d: string) => `"_sd":["${flip(d)}"`) }, kind: 'leaf_changed' },
    ];
    for (const drill of drills) {
      expect(Object.values(drill.set).every((v) => v !== row.record_json && v !== row.disclosures), drill.what).toBe(true);
      await db.updateTable('ledger_leaves').set(drill.set).where('idx', '=', row.idx).execute();
      const problems = (await auditDatabase(db)).problems;
      expect(problems, drill.what).toEqual(expect.arrayContaining([expect.objectContaining({ kind: drill.kind, index: row.idx, subjectId: chain.product.id })]));
      if (drill.kind === 'leaf_changed') expect(problems.map((p) => p.kind)).toContain('disclosure_mismatch');
      await db.updateTable('ledger_leaves').set({ record_json: row.record_json, disclosures: row.disclosures }).where('idx', '=', row.idx).execute();
      expect((await auditDatabase(db)).problems, `${drill.what} restored`).toEqual([]);
    }
    // A disclosure deleted: its digest has nothing to open it.
    await db.updateTable('ledger_leaves').set({ disclosures: JSON.stringify(disclosures.filter((_d, i) => i !== secretAt)) }).where('idx', '=', row.idx).execute();
    expect((await auditDatabase(db)).problems).toEqual([expect.objectContaining({ kind: 'disclosure_mismatch', index: row.idx, message: expect.stringContaining('no stored disclosure') })]);
    await db.updateTable('ledger_leaves').set({ disclosures: row.disclosures }).where('idx', '=', row.idx).execute();
  });

  it('keeps version 1 records (written before per-field commitments) valid: audited, served and verified as before, withheld where they hold hidden values', async () => {
    const hash = ctx.services.ledger.hash;
    const product = await buildProduct(ctx, chain.producer, { attributes: { [attributeKey('public')]: 'v1-public', [attributeKey('owner')]: 'MARK-V1-OWNER' } });
    // What the previous version wrote: the same record in clear, as a v1 leaf superseding the v2 one.
    const [v2] = await ctx.services.ledger.subjectLeaves(product.id);
    await appendV1(ctx, [{ type: 'product', subjectId: product.id, record: { ...(v2?.fields ?? {}), supersedes: v2?.index ?? -1 } }]);
    const v1Index = (await ctx.services.ledger.subjectLeaves(product.id)).at(-1)?.index ?? -1;
    await ctx.services.ledger.checkpoint();
    expect((await auditDatabase(ctx.database.db)).problems).toEqual([]);

    const own = (await ctx.call('GET', `/api/v1/ledger/leaves/${v1Index}`, { token: chain.producer.token })).json();
    expect(own.disclosures).toBeUndefined();
    expect(JSON.parse(own.record)).toMatchObject({ v: 1, record: { attributes: { [attributeKey('owner')]: 'MARK-V1-OWNER' } } });
    const inclusion = (await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?index=${v1Index}`)).body;
    expect(await verifyOffline({ proof: inclusion, record: JSON.stringify(own), keys: [keys] })).toMatchObject({ valid: true, hidden: 0, record: { id: product.id } });
    expect(b64(own.leafHash)).toEqual(leafHash(hash, utf8Encode(own.record)));

    // Its values cannot be hidden without breaking its hash: the association gets hash and proof only.
    const assoc = await ctx.call('GET', `/api/v1/ledger/leaves/${v1Index}`, { token: chain.association.token });
    expect(assoc.json()).toMatchObject({ index: v1Index, leafHash: own.leafHash, withheld: true });
    expect(assoc.body).not.toContain('MARK-V1-OWNER');
    const proof = await ctx.call('GET', `/api/v1/products/${product.id}?proof=true`, { token: chain.association.token });
    expect(proof.body).not.toContain('MARK-V1-OWNER');
    const l = proof.json().ledger;
    expect(l).toMatchObject({ index: v1Index, withheld: true });
    expect(verifyInclusion(hash, l.index, l.size, b64(l.leafHash), l.path.map(b64), b64(l.rootHash))).toBe(true);
  });
});

/** Appends leaves the way the ledger did before version 2 (values in clear, no disclosures). */
async function appendV1(ctx: TestContext, entries: { type: string; subjectId: string; record: { [k: string]: JsonValue | undefined } }[]) {
  const hash = ctx.services.ledger.hash;
  await ctx.database.db.transaction().execute(async (trx) => {
    const r = createLedgerRepo(trx);
    const head = await r.lockHead();
    const range = createCompactRange(hash, { size: head.size, hashes: head.frontier.map((b) => new Uint8Array(b)) });
    const nodes: { level: number; idx: number; hash: Buffer }[] = [];
    const rows = entries.map((e) => {
      const { json, data } = encodeLeaf(e.type, e.record);
      const lh = leafHash(hash, data);
      const idx = range.size;
      range.append(lh, (level, i, h) => {
        if (level >= STORED_LEVEL) nodes.push({ level, idx: i, hash: Buffer.from(h) });
      });
      return { idx, type: e.type, subject_id: e.subjectId, leaf_hash: Buffer.from(lh), record_json: json, disclosures: null };
    });
    await r.insertLeaves(rows);
    await r.insertNodes(nodes);
    await r.setHead(range.size, range.hashes.map((h) => Buffer.from(h)));
  });
}
