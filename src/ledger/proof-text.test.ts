import { describe, expect, it } from 'vitest';
import { encodeBase64, utf8Encode } from './bytes.ts';
import { formatCheckpoint, makeOrigin } from './checkpoint.ts';
import { nodeLogHash, sha256Node, sm3Node } from './hash.ts';
import type { LogHash } from './log-hash.ts';
import { createMemoryTree } from './memory-tree.ts';
import { signNote } from './note.ts';
import { createNoteSigner, createNoteVerifier, generateNoteKey } from './note-node.ts';
import { ProofTextError, TLOG_PROOF_HEADER, formatTlogProof, parseTlogProof, verifyTlogProof } from './proof-text.ts';

const C2SP_EXAMPLE = `c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

\u2014 example.com/fancylog hI2DJw[...]1roloI=
`;

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof ProofTextError) return err.code;
    throw err;
  }
  return 'no error';
}

async function signedLog(hash: LogHash, algorithm: 'sm2' | 'ed25519', leaves: number) {
  const origin = makeOrigin('yima.example/ledger', hash.name);
  const key = generateNoteKey(origin, algorithm);
  const tree = createMemoryTree(hash);
  for (let i = 0; i < leaves; i++) tree.append(utf8Encode(`record ${i}`));
  const checkpoint = await signNote(
    formatCheckpoint({ origin, size: tree.size, rootHash: tree.root(), extensions: [] }),
    [createNoteSigner(key.signerKey)],
  );
  return { origin, key, tree, checkpoint, verifiers: [createNoteVerifier(key.verifierKey)] };
}

describe('parseTlogProof', () => {
  it('parses the structure of the C2SP example (its signatures are elided, so only syntax)', () => {
    const p = parseTlogProof(C2SP_EXAMPLE);
    expect(p.index).toBe(73894);
    expect(p.path).toHaveLength(5);
    expect(p.extra).toBeDefined();
    expect(p.checkpoint.startsWith('example.com/fancylog\n109482\n')).toBe(true);
  });

  it('round-trips with and without extra data', () => {
    const checkpoint = 'o/sm3\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 o/sm3 AAAAAQA=\n';
    for (const extra of [undefined, new Uint8Array([1, 2, 3]), new Uint8Array()]) {
      const proof = extra === undefined
        ? { index: 0, path: [], checkpoint }
        : { extra, index: 12, path: [new Uint8Array(32).fill(7)], checkpoint };
      const text = formatTlogProof(proof);
      expect(text.startsWith(`${TLOG_PROOF_HEADER}\n`)).toBe(true);
      expect(parseTlogProof(text)).toEqual(proof);
    }
  });

  const cp = 'o/sm3\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 o/sm3 AAAAAQA=\n';
  const h = encodeBase64(new Uint8Array(32));
  it.each([
    ['wrong header', `c2sp.org/tlog-proof@v2\nindex 0\n\n${cp}`],
    ['missing index', `${TLOG_PROOF_HEADER}\n${h}\n\n${cp}`],
    ['index with leading zero', `${TLOG_PROOF_HEADER}\nindex 01\n\n${cp}`],
    ['negative index', `${TLOG_PROOF_HEADER}\nindex -1\n\n${cp}`],
    ['index above 2^53 - 1', `${TLOG_PROOF_HEADER}\nindex 9007199254740992\n\n${cp}`],
    ['extra after index', `${TLOG_PROOF_HEADER}\nindex 0\nextra AA==\n\n${cp}`],
    ['bad extra', `${TLOG_PROOF_HEADER}\nextra !!\nindex 0\n\n${cp}`],
    ['31-byte path hash', `${TLOG_PROOF_HEADER}\nindex 0\n${encodeBase64(new Uint8Array(31))}\n\n${cp}`],
    ['path line not base64', `${TLOG_PROOF_HEADER}\nindex 0\nzz\n\n${cp}`],
    ['no blank line', `${TLOG_PROOF_HEADER}\nindex 0\n${h}\n`],
    ['missing checkpoint', `${TLOG_PROOF_HEADER}\nindex 0\n${h}\n\n`],
    ['carriage return', `${TLOG_PROOF_HEADER}\r\nindex 0\n\n${cp}`],
    ['64 path lines', `${TLOG_PROOF_HEADER}\nindex 0\n${`${h}\n`.repeat(64)}\n${cp}`],
  ])('rejects %s', (_what, text) => {
    expect(errorCode(() => parseTlogProof(text))).toBe('malformed_proof');
  });
});

describe('verifyTlogProof', () => {
  it.each([[sm3Node, 'sm2'], [sha256Node, 'ed25519']] as const)('%s log: accepts every entry of a signed log and rejects wrong leaves and indices', async (hash, alg) => {
    const log = await signedLog(hash, alg, 13);
    for (let i = 0; i < 13; i++) {
      const text = formatTlogProof({ index: i, path: log.tree.inclusionProof(i), checkpoint: log.checkpoint });
      const leaf = log.tree.node({ level: 0, index: i });
      const ok = await verifyTlogProof(text, leaf, log.verifiers, nodeLogHash, log.origin);
      expect(ok.proof.index).toBe(i);
      expect(ok.checkpoint.hash).toBe(hash.name);
      const other = log.tree.node({ level: 0, index: (i + 1) % 13 });
      await expect(verifyTlogProof(text, other, log.verifiers, nodeLogHash)).rejects.toMatchObject({ code: 'invalid_proof' });
    }
    const wrongIndex = formatTlogProof({ index: 4, path: log.tree.inclusionProof(3), checkpoint: log.checkpoint });
    await expect(verifyTlogProof(wrongIndex, log.tree.node({ level: 0, index: 3 }), log.verifiers, nodeLogHash))
      .rejects.toMatchObject({ code: 'invalid_proof' });
  });

  it('rejects a proof whose checkpoint is not signed by a trusted key or has another origin', async () => {
    const log = await signedLog(sm3Node, 'sm2', 4);
    const other = await signedLog(sm3Node, 'sm2', 4);
    const text = formatTlogProof({ index: 1, path: log.tree.inclusionProof(1), checkpoint: log.checkpoint });
    const leaf = log.tree.node({ level: 0, index: 1 });
    await expect(verifyTlogProof(text, leaf, other.verifiers, nodeLogHash)).rejects.toMatchObject({ code: 'unverified_note' });
    await expect(verifyTlogProof(text, leaf, log.verifiers, nodeLogHash, 'elsewhere/sm3')).rejects.toMatchObject({ code: 'wrong_origin' });
  });
});
