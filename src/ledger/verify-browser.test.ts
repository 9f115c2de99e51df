import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, walkImports, resolveImport } from '../../test/import-graph.ts';
import { utf8Encode } from './bytes.ts';
import { formatCheckpoint, makeOrigin } from './checkpoint.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { encodeLeaf } from './leaf-data.ts';
import { createMemoryTree } from './memory-tree.ts';
import { openNote, signNote } from './note.ts';
import { createNoteSigner, generateNoteKey } from './note-node.ts';
import { formatTlogProof } from './proof-text.ts';
import {
  createBrowserNoteVerifier,
  isWebCryptoEd25519Supported,
  sha256Browser,
  sm3Browser,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyInclusion,
  verifyProofFile,
  verifyRecordInclusion,
  webCryptoEd25519Verify,
} from './verify-browser.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Package imports the browser bundle may contain (all pure JS, no Node built-ins). */
const ALLOWED_PACKAGES = new Set(['@noble/hashes/sha2.js', 'sm-crypto-v2']);

describe('browser safety of the verifier module graph', () => {
  it('the import scanner sees static, type, side-effect and dynamic imports', () => {
    const src = "import { a } from 'node:crypto';\nimport type { B } from './b.ts';\nexport { c } from \"./c.ts\";\nimport 'fs';\nconst x = await import('node:path');";
    expect(importsOf(src).sort()).toEqual(['./b.ts', './c.ts', 'fs', 'node:crypto', 'node:path']);
  });

  it('reaches no Node built-in, no Buffer/process/require, and only allowed packages', () => {
    const packages = new Set<string>();
    const seen = walkImports([resolve(here, 'verify-browser.ts')], (file, spec) => {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        return undefined;
      }
      expect(spec, `${file}: relative imports carry .ts`).toMatch(/\.ts$/);
      return resolveImport(file, spec);
    });
    const names = [...seen].map((f) => f.slice(here.length + 1)).sort();
    expect(names).not.toContain('hash.ts');
    expect(names).not.toContain('note-node.ts');
    expect(names).toEqual(expect.arrayContaining(['merkle.ts', 'note.ts', 'checkpoint.ts', 'sm2.ts', 'hash-browser.ts', 'canonical-json.ts']));
    for (const p of packages) expect(ALLOWED_PACKAGES.has(p), `package ${p} in the browser graph`).toBe(true);
  });
});

describe('WebCrypto Ed25519', () => {
  const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
  const NOTE =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n" +
    '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

  it('is available here and verifies the Go sumdb/note test note', async () => {
    expect(await isWebCryptoEd25519Supported()).toBe(true);
    const opened = await openNote(NOTE, [createBrowserNoteVerifier(PETER_VKEY)]);
    expect(opened.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    await expect(openNote(NOTE.replace('problem,', 'problem;'), [createBrowserNoteVerifier(PETER_VKEY)]))
      .rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('returns false for malformed keys and signatures', async () => {
    expect(await webCryptoEd25519Verify(new Uint8Array(31), utf8Encode('x'), new Uint8Array(64))).toBe(false);
    expect(await webCryptoEd25519Verify(new Uint8Array(32), utf8Encode('x'), new Uint8Array(63))).toBe(false);
    expect(await webCryptoEd25519Verify(new Uint8Array(32).fill(0xff), utf8Encode('x'), new Uint8Array(64))).toBe(false);
  });
});

describe('merkle verification with the pure-JS hashes agrees with the node:crypto trees', () => {
  for (const [nodeHash, jsHash] of [[sm3Node, sm3Browser], [sha256Node, sha256Browser]] as const) {
    it(`${jsHash.name}: every inclusion proof of trees up to 16 leaves verifies`, () => {
      const tree = createMemoryTree(nodeHash);
      for (let i = 0; i < 16; i++) tree.append(utf8Encode(`e${i}`));
      for (let n = 1; n <= 16; n++) {
        for (let m = 0; m < n; m++) {
          const ok = verifyInclusion(jsHash, m, n, tree.node({ level: 0, index: m }), tree.inclusionProof(m, n), tree.root(n));
          expect(ok).toBe(true);
        }
      }
    });
  }
});

describe('end to end: a server-side SM3 log checked in the browser', () => {
  const origin = makeOrigin('trace.example.gov.cn/ledger', 'sm3');
  const sm2Key = generateNoteKey(origin, 'sm2');
  const edKey = generateNoteKey(origin, 'ed25519');
  const records = Array.from({ length: 11 }, (_, i) => ({ type: 'batch', record: { id: `B${i}`, qty: i * 10, 名称: '电线' } }));
  const tree = createMemoryTree(sm3Node);
  for (const r of records.slice(0, 7)) tree.append(encodeLeaf(r.type, r.record).data);
  const sign = (size: number) =>
    signNote(formatCheckpoint({ origin, size, rootHash: tree.root(size), extensions: [] }), [
      createNoteSigner(sm2Key.signerKey),
      createNoteSigner(edKey.signerKey),
    ]);

  it('verifies records, consistency between checkpoints and offline proof files', async () => {
    const old = await sign(7);
    for (const r of records.slice(7)) tree.append(encodeLeaf(r.type, r.record).data);
    const current = await sign(11);

    for (const vkeys of [[sm2Key.verifierKey], [edKey.verifierKey]]) {
      const opened = await verifyCheckpoint(current, vkeys, origin);
      expect(opened.hash).toBe('sm3');
      for (let i = 0; i < 11; i++) {
        const r = records[i];
        if (r === undefined) throw new Error('unreachable');
        await verifyRecordInclusion({
          signedCheckpoint: current, verifierKeys: vkeys, expectedOrigin: origin, index: i,
          path: tree.inclusionProof(i, 11), leaf: { type: r.type, record: r.record },
        });
      }
      await verifyCheckpointConsistency(old, current, tree.consistencyProof(7, 11), vkeys, origin);
    }

    const proofFile = formatTlogProof({ index: 3, path: tree.inclusionProof(3, 11), checkpoint: current });
    await expect(verifyProofFile(proofFile, tree.node({ level: 0, index: 3 }), [sm2Key.verifierKey], origin)).resolves.toBeDefined();
  });

  it('rejects an altered record, a wrong type, a forked history and untrusted keys', async () => {
    const size = tree.size;
    const current = await sign(size);
    const vkeys = [sm2Key.verifierKey];
    const base = { signedCheckpoint: current, verifierKeys: vkeys, expectedOrigin: origin, index: 2, path: tree.inclusionProof(2, size) };
    await expect(verifyRecordInclusion({ ...base, leaf: { type: 'batch', record: { id: 'B2', qty: 21, 名称: '电线' } } })).rejects.toThrow(/not at index 2/);
    await expect(verifyRecordInclusion({ ...base, leaf: { type: 'product', record: { id: 'B2', qty: 20, 名称: '电线' } } })).rejects.toThrow(/not at index 2/);
    await expect(verifyRecordInclusion({ ...base, leaf: { type: 'batch', record: { id: 'B2', qty: 20, 名称: '电线' } } })).resolves.toBeDefined();

    const fork = createMemoryTree(sm3Node);
    for (const r of records.slice(0, 3)) fork.append(encodeLeaf(r.type, r.record).data);
    fork.append(utf8Encode('rewritten history'));
    const forkCheckpoint = await signNote(
      formatCheckpoint({ origin, size: 4, rootHash: fork.root(), extensions: [] }),
      [createNoteSigner(sm2Key.signerKey)],
    );
    await expect(verifyCheckpointConsistency(forkCheckpoint, current, tree.consistencyProof(4, size), vkeys, origin))
      .rejects.toThrow(/not consistent/);

    const stranger = generateNoteKey(origin, 'sm2');
    await expect(verifyCheckpoint(current, [stranger.verifierKey], origin)).rejects.toMatchObject({ code: 'unverified_note' });
  });
});
