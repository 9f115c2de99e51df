import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { DB_TARGETS } from '../../../test/db.ts';
import { buildOrg, buildProduct } from '../../../test/factories.ts';
import { verifyOffline } from '../../cli/ledger-verify.ts';
import { decodeBase64, encodeBase64, utf8Encode } from '../../ledger/bytes.ts';
import { openCheckpoint } from '../../ledger/checkpoint.ts';
import { leafHash, nodeLogHash } from '../../ledger/hash.ts';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle.ts';
import { openRecord } from '../../ledger/selective-disclosure.ts';
import { createNoteVerifier } from '../../ledger/note-node.ts';
import { auditDatabase } from '../../server/app.ts';
import { runYima } from '../../../test/process.ts';

const b64 = (s: string) => decodeBase64(s) ?? new Uint8Array();

describe.each(DB_TARGETS)('the ledger on %s', (target) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(target);
  });
  afterAll(() => ctx.close());

  const keys = async () => (await ctx.call('GET', '/ledger/keys')).json<{ name: string; algorithm: string; vkey: string; publicKey: string; status: string }[]>();

  it('publishes an SM2 and an Ed25519 key, and checkpoints signed by both whose origin names the hash', async () => {
    await buildProduct(ctx, await buildOrg(ctx));
    const cp = await ctx.services.ledger.checkpoint();
    expect(cp.created).toBe(true);
    const ks = await keys();
    expect(ks.map((k) => k.algorithm).sort()).toEqual(['ed25519', 'sm2']);
    expect(ks[0]?.name).toMatch(/\/yima\/sm3$/);
    expect(b64(ks.find((k) => k.algorithm === 'sm2')?.publicKey ?? '').length).toBe(65);
    const res = await ctx.call('GET', '/ledger/checkpoint');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const opened = await openCheckpoint(res.body, ks.map((k) => createNoteVerifier(k.vkey)));
    expect(opened.hash).toBe('sm3');
    expect(opened.note.verified).toHaveLength(2);
    expect(opened.checkpoint.size).toBe(await ctx.services.ledger.size());
    // Nothing new: no new checkpoint, the same size is never signed twice.
    expect((await ctx.services.ledger.checkpoint()).created).toBe(false);
    // The generated private keys are readable by their owner only.
    for (const alg of ['sm2', 'ed25519']) expect(fs.statSync(path.join(ctx.config.ledger.keyDir, `ledger-${alg}.key`)).mode & 0o777).toBe(0o600);
  });

  it('proves every leaf included and the log append-only between checkpoints', async () => {
    const first = await ctx.services.ledger.checkpoint();
    const org = await buildOrg(ctx);
    await buildProduct(ctx, org);
    const second = await ctx.services.ledger.checkpoint();
    const hash = nodeLogHash('sm3');
    for (let i = 0; i < second.size; i++) {
      const p = (await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?index=${i}`)).json();
      expect(p).toMatchObject({ index: i, size: second.size });
      expect(verifyInclusion(hash, i, p.size, b64(p.leafHash), p.path.map(b64), b64(p.rootHash)), `leaf ${i}`).toBe(true);
    }
    const c = (await ctx.call('GET', `/api/v1/ledger/proofs/consistency?from=${first.size}&to=${second.size}`)).json();
    expect(verifyConsistency(hash, first.size, second.size, c.path.map(b64), b64(c.fromRoot), b64(c.toRoot))).toBe(true);
    const old = (await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?index=0&size=${first.size}`)).json();
    expect(old.size).toBe(first.size);
    const text = await ctx.call('GET', '/api/v1/ledger/proofs/inclusion?index=0&format=tlog-proof');
    expect(text.body.startsWith('c2sp.org/tlog-proof@v1\nindex 0\n')).toBe(true);
    const bad = await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?index=${second.size + 5}`);
    expect(bad.statusCode).toBe(400);
    expect((await ctx.call('GET', '/api/v1/ledger/proofs/inclusion?index=0&size=999999')).statusCode).toBe(404);
  });

  it('records a change as a new leaf that supersedes the old one, never an edit', async () => {
    const org = await buildOrg(ctx);
    const before = await ctx.services.ledger.subjectLeaves(org.id);
    expect(before).toHaveLength(1);
    await ctx.call('PATCH', `/api/v1/orgs/${org.id}`, { token: org.token, body: { address: '浙江省杭州市滨江区新地址 9 号' } });
    const after = await ctx.services.ledger.subjectLeaves(org.id);
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual(before[0]);
    const latest = JSON.parse(after[1]?.record ?? '{}');
    // Version 2: the leaf commits to each member by a salted digest; which record it supersedes stays in clear.
    expect(latest).toMatchObject({ type: 'organisation', v: 2, record: { id: org.id, supersedes: before[0]?.index, _sd_alg: 'sm3' } });
    expect(after[1]?.record).not.toContain('新地址');
    expect(after[1]?.fields).toMatchObject({ address: '浙江省杭州市滨江区新地址 9 号', supersedes: before[0]?.index });
  });

  it('attaches the proof of a record to its API answer on request, verifiable against the signed checkpoint', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    const plain = (await ctx.call('GET', `/api/v1/products/${product.id}`, { token: org.token })).json();
    expect(plain.ledger).toBeUndefined();
    const res = (await ctx.call('GET', `/api/v1/products/${product.id}?proof=true`, { token: org.token })).json();
    const l = res.ledger;
    const leaf = JSON.parse(l.record);
    expect(leaf).toMatchObject({ type: 'product', v: 2, record: { id: product.id, orgId: org.id } });
    const hash = nodeLogHash('sm3');
    expect(openRecord(hash, leaf.record, l.disclosures).record).toMatchObject({ id: product.id, model: plain.model, gtins: plain.gtins });
    expect(b64(l.leafHash)).toEqual(leafHash(hash, utf8Encode(l.record)));
    expect(verifyInclusion(hash, l.index, l.size, b64(l.leafHash), l.path.map(b64), b64(l.rootHash))).toBe(true);
    const opened = await openCheckpoint(l.checkpoint, (await keys()).map((k) => createNoteVerifier(k.vkey)));
    expect(encodeBase64(opened.checkpoint.rootHash)).toBe(l.rootHash);
    const orgProof = (await ctx.call('GET', `/api/v1/orgs/${org.id}?proof=true`, { token: org.token })).json().ledger;
    expect(openRecord(hash, JSON.parse(orgProof.record).record, orgProof.disclosures).record.uscc).toBe(org.uscc);
  });

  it("shows a leaf's record only to those who may read it; hashes and proofs are public", async () => {
    const a = await buildOrg(ctx);
    const b = await buildOrg(ctx);
    const [leaf] = await ctx.services.ledger.subjectLeaves(b.id);
    const index = leaf?.index ?? -1;
    expect((await ctx.call('GET', `/api/v1/ledger/leaves/${index}`, { token: a.token })).statusCode).toBe(404);
    expect((await ctx.call('GET', `/api/v1/ledger/leaves/${index}`)).statusCode).toBe(404);
    const own = await ctx.call('GET', `/api/v1/ledger/leaves/${index}`, { token: b.token });
    expect(own.json()).toMatchObject({ index, record: leaf?.record, leafHash: leaf?.leafHash, disclosures: expect.any(Array) });
    await ctx.services.ledger.checkpoint();
    expect((await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?recordId=${b.id}`)).json().index).toBe(index);
    // A catalogue version is public.
    expect((await ctx.call('GET', '/api/v1/ledger/leaves/0')).json().type).toMatch(/^catalog\./);
  });

  it('verifies a record offline from its proof and the public keys, and says why a tampered one fails', async () => {
    const org = await buildOrg(ctx);
    const product = await buildProduct(ctx, org);
    await ctx.services.ledger.checkpoint();
    const proof = (await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?recordId=${product.id}`)).body;
    const leaf = (await ctx.call('GET', `/api/v1/ledger/leaves/${JSON.parse(proof).index}`, { token: org.token })).body;
    const vkeys = JSON.stringify(await keys());
    expect(await verifyOffline({ proof, record: leaf, keys: [vkeys] })).toMatchObject({ valid: true, size: JSON.parse(proof).size });
    expect(await verifyOffline({ proof, record: leaf, keys: [vkeys] })).toMatchObject({ record: { id: product.id, model: expect.stringMatching(/^JZT-/) }, hidden: 0 });
    // A digest of the committed record changed: the leaf hash no longer matches the checkpoint.
    const parsedLeaf = JSON.parse(leaf) as { record: string; disclosures: string[] };
    const digest = (JSON.parse(parsedLeaf.record).record._sd as string[])[0] ?? '';
    const tampered = JSON.stringify({ ...parsedLeaf, record: parsedLeaf.record.replace(digest, `${digest[0] === 'A' ? 'B' : 'A'}${digest.slice(1)}`) });
    expect(tampered).not.toBe(leaf);
    expect(await verifyOffline({ proof, record: tampered, keys: [vkeys] })).toMatchObject({ valid: false, reason: { params: { reason: expect.stringContaining('does not match the checkpoint') } } });
    // A disclosed value changed (salt and name kept): it matches no digest of the record.
    const modelAt = parsedLeaf.disclosures.findIndex((d) => Buffer.from(d, 'base64url').toString().includes('"model"'));
    const [salt, name] = JSON.parse(Buffer.from(parsedLeaf.disclosures[modelAt] ?? '', 'base64url').toString()) as [string, string];
    const forged = parsedLeaf.disclosures.map((d, i) => (i === modelAt ? Buffer.from(JSON.stringify([salt, name, 'FAKE'])).toString('base64url') : d));
    expect(await verifyOffline({ proof, record: JSON.stringify({ ...parsedLeaf, disclosures: forged }), keys: [vkeys] })).toMatchObject({ valid: false, reason: { params: { reason: expect.stringContaining('match no digest') } } });
    const strangers = 'someone.else/log/sm3+00000000+AeVyaW2p3ahdUMaAdyGuPl3gGYCdXqNi1QTf4vg7jTBR';
    expect(await verifyOffline({ proof, record: leaf, keys: [strangers] })).toMatchObject({ valid: false });

    // The same through the command line, from files, with no server and no database.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-verify-'));
    try {
      const tlog = (await ctx.call('GET', `/api/v1/ledger/proofs/inclusion?recordId=${product.id}&format=tlog-proof`)).body;
      fs.writeFileSync(path.join(dir, 'p.tlog-proof'), tlog);
      fs.writeFileSync(path.join(dir, 'leaf.json'), leaf);
      fs.writeFileSync(path.join(dir, 'bad.json'), tampered);
      fs.writeFileSync(path.join(dir, 'keys.json'), vkeys);
      const ok = runYima(['ledger', 'verify', '--proof', path.join(dir, 'p.tlog-proof'), '--record', path.join(dir, 'leaf.json'), '--key', path.join(dir, 'keys.json')], { LANG: 'en_US.UTF-8' });
      expect(await ok.exited).toBe(0);
      expect(ok.output()).toMatch(/^valid: leaf \d+ is in .*\/yima\/sm3 \(tree size \d+\), checkpoint signed by /m);
      expect(ok.output()).toMatch(/^record: \{.*"model":/m);
      const bad = runYima(['ledger', 'verify', '--lang', 'en', '--proof', path.join(dir, 'p.tlog-proof'), '--record', path.join(dir, 'bad.json'), '--key', path.join(dir, 'keys.json')], {});
      expect(await bad.exited).toBe(1);
      expect(bad.output()).toMatch(/^invalid: inclusion proof for index \d+ does not match the checkpoint/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // two CLI processes (verify twice) on a loaded machine
});

describe.each(DB_TARGETS)('ledger audit tamper drills on %s', (target) => {
  let ctx: TestContext;
  let productId = '';
  beforeAll(async () => {
    ctx = await createTestContext(target);
    const org = await buildOrg(ctx);
    for (let i = 0; i < 12; i++) productId = (await buildProduct(ctx, org)).id;
    await ctx.services.ledger.checkpoint();
  });
  afterAll(() => ctx.close());

  const audit = () => auditDatabase(ctx.database.db);

  it('is clean on an untouched database', async () => {
    const r = await audit();
    expect(r.problems).toEqual([]);
    expect(r.leavesChecked).toBe(r.size);
    expect(r.checkpointsChecked).toBeGreaterThan(0);
    expect(r.recordsChecked).toBeGreaterThan(12);
  });

  it('names the leaf whose stored record had one byte changed', async () => {
    const db = ctx.database.db;
    const row = await db.selectFrom('ledger_leaves').select(['idx', 'record_json']).where('subject_id', '=', productId).executeTakeFirstOrThrow();
    const changed = row.record_json.replace('"_sd":["', '"_sd":["X');
    expect(changed).not.toBe(row.record_json);
    await db.updateTable('ledger_leaves').set({ record_json: changed }).where('idx', '=', row.idx).execute();
    const r = await audit();
    expect(r.problems.map((p) => p.kind)).toContain('leaf_changed');
    expect(r.problems.find((p) => p.kind === 'leaf_changed')).toMatchObject({ index: row.idx, subjectId: productId });
    expect(r.problems.some((p) => p.kind === 'checkpoint_mismatch')).toBe(true);
    await db.updateTable('ledger_leaves').set({ record_json: row.record_json }).where('idx', '=', row.idx).execute();
    expect((await audit()).problems).toEqual([]);
  });

  it('names the product whose row was changed behind the ledger', async () => {
    const db = ctx.database.db;
    const { model } = await db.selectFrom('products').select('model').where('id', '=', productId).executeTakeFirstOrThrow();
    await db.updateTable('products').set({ model: 'TAMPERED' }).where('id', '=', productId).execute();
    const r = await audit();
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'record_changed', type: 'product', subjectId: productId, message: expect.stringContaining('in model') })]);
    await sql`UPDATE products SET model = ${model} WHERE id = ${productId}`.execute(db);
    expect((await audit()).problems).toEqual([]);
  });

  it('names the gap when a ledger row is deleted, and the row deleted from a table', async () => {
    const db = ctx.database.db;
    const victim = await db.selectFrom('ledger_leaves').selectAll().where('subject_id', '=', productId).executeTakeFirstOrThrow();
    await db.deleteFrom('ledger_leaves').where('idx', '=', victim.idx).execute();
    const r = await audit();
    expect(r.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'leaf_missing', index: victim.idx }),
      expect.objectContaining({ kind: 'record_unledgered', subjectId: productId }),
    ]));
    await db.insertInto('ledger_leaves').values(victim).execute();
    await db.deleteFrom('product_gtins').where('product_id', '=', productId).execute();
    await db.deleteFrom('products').where('id', '=', productId).execute();
    expect((await audit()).problems).toEqual([expect.objectContaining({ kind: 'record_deleted', subjectId: productId })]);
  });

  it('notices two records swapped in order', async () => {
    const db = ctx.database.db;
    const [x, y] = await db.selectFrom('ledger_leaves').selectAll().where('type', '=', 'product').orderBy('idx').limit(2).execute();
    if (!x || !y) throw new Error('need two products');
    await db.updateTable('ledger_leaves').set({ type: y.type, subject_id: y.subject_id, leaf_hash: y.leaf_hash, record_json: y.record_json }).where('idx', '=', x.idx).execute();
    await db.updateTable('ledger_leaves').set({ type: x.type, subject_id: x.subject_id, leaf_hash: x.leaf_hash, record_json: x.record_json }).where('idx', '=', y.idx).execute();
    const kinds = (await audit()).problems.map((p) => p.kind);
    expect(kinds).toContain('checkpoint_mismatch');
  });
});

describe.each(DB_TARGETS)('the log hash is fixed when the log is created (%s)', (target) => {
  it('uses SHA-256 when configured, and refuses to reopen the log as SM3', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-sha-'));
    const ctx = await createTestContext(target, { YIMA_LEDGER_HASH: 'sha256' });
    try {
      await ctx.services.ledger.checkpoint();
      const cp = (await ctx.call('GET', '/ledger/checkpoint')).body;
      expect(cp.split('\n')[0]).toMatch(/\/yima\/sha256$/);
      const { createServices } = await import('../../server/app.ts');
      const { loadConfig } = await import('../../config.ts');
      await expect(createServices({ config: loadConfig({ YIMA_DATA_DIR: dir, YIMA_LEDGER_HASH: 'sm3' }), database: ctx.database })).rejects.toThrow(/created as .*\/sha256.*asks for .*\/sm3/);
      // Without an explicit choice, the existing log's hash and origin are kept (a new PORT does not fork the log).
      const reopened = await createServices({ config: loadConfig({ YIMA_DATA_DIR: dir, PORT: '9999' }), database: ctx.database });
      expect(reopened.ledger.origin).toBe(ctx.services.ledger.origin);
      const p = (await ctx.call('GET', '/api/v1/ledger/proofs/inclusion?index=0')).json();
      const leafRecord = (await ctx.call('GET', '/api/v1/ledger/leaves/0')).json().record;
      expect(b64(p.leafHash)).toEqual(leafHash(nodeLogHash('sha256'), utf8Encode(leafRecord)));
    } finally {
      await ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DB_TARGETS)('key rotation on %s', (target) => {
  it('signs with the new key after rotation and keeps publishing the retired one, so old checkpoints still verify', async () => {
    const ctx = await createTestContext(target);
    try {
      await buildOrg(ctx);
      const old = await ctx.services.ledger.checkpoint();
      const { rotateLedgerKey } = await import('./ledger.keys.ts');
      const cfg = ctx.config.ledger;
      const newVkey = rotateLedgerKey({ dir: cfg.keyDir, name: ctx.services.ledger.origin, algorithms: cfg.signers, files: cfg.keyFiles }, 'sm2');
      const { buildApp } = await import('../../server/app.ts');
      const { app, services } = await buildApp({ config: ctx.config, database: ctx.database, logger: false });
      try {
        await services.orgs.create({ role: 'admin', regions: [] }, { name: '轮换后单位', uscc: (await import('../../../test/factories.ts')).randomUscc(), address: 'x', roles: ['seller'], contacts: [{ name: 'a' }] });
        const fresh = await services.ledger.checkpoint();
        const published = (await app.inject({ method: 'GET', url: '/ledger/keys' })).json<{ vkey: string; algorithm: string; status: string }[]>();
        expect(published.filter((k) => k.algorithm === 'sm2').map((k) => k.status).sort()).toEqual(['active', 'retired']);
        expect(published.find((k) => k.status === 'active' && k.algorithm === 'sm2')?.vkey).toBe(newVkey);
        const verifiers = published.map((k) => createNoteVerifier(k.vkey));
        const oldOpened = await openCheckpoint(old.note, verifiers);
        expect(oldOpened.note.verified.map((s) => s.keyId)).not.toContain(createNoteVerifier(newVkey).keyId);
        const newOpened = await openCheckpoint(fresh.note, verifiers);
        expect(newOpened.note.verified.map((s) => s.keyId)).toContain(createNoteVerifier(newVkey).keyId);
      } finally {
        await app.close();
      }
    } finally {
      await ctx.close();
    }
  });
});
