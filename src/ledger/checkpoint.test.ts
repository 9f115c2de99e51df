import { describe, expect, it } from 'vitest';
import { encodeBase64 } from './bytes.ts';
import {
  CheckpointError,
  formatCheckpoint,
  makeOrigin,
  openCheckpoint,
  originHash,
  parseCheckpoint,
} from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { emptyRoot } from './log-hash.ts';
import { createMemoryTree } from './memory-tree.ts';
import { NoteError, signNote } from './note.ts';
import { createNoteSigner, createNoteVerifier, generateNoteKey } from './note-node.ts';

const ROOT = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';

function code(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof CheckpointError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('parseCheckpoint / formatCheckpoint (C2SP tlog-checkpoint "Note text")', () => {
  it('parses the C2SP example body', () => {
    const cp = parseCheckpoint(`example.com/behind-the-sofa\n20852163\n${ROOT}\n`);
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(encodeBase64(cp.rootHash)).toBe(ROOT);
    expect(cp.extensions).toEqual([]);
  });

  it('round-trips, including the empty tree and extension lines', () => {
    const cases: Checkpoint[] = [
      { origin: 'yima.example/ledger/sm3', size: 0, rootHash: emptyRoot(sm3Node), extensions: [] },
      { origin: 'yima.example/ledger/sha256', size: 2 ** 53 - 1, rootHash: emptyRoot(sha256Node), extensions: ['ext one', 'two'] },
    ];
    for (const cp of cases) {
      const text = formatCheckpoint(cp);
      expect(parseCheckpoint(text)).toEqual(cp);
    }
    expect(formatCheckpoint(cases[0] as Checkpoint)).toBe('yima.example/ledger/sm3\n0\nGrIdg1XPoX+OYRlIMegajyK+yMco/vt0ftA161CCqis=\n');
  });

  it.each([
    ['no final newline', `o\n1\n${ROOT}`],
    ['two lines', 'o\n1\n'],
    ['empty origin', `\n1\n${ROOT}\n`],
    ['leading zero', `o\n01\n${ROOT}\n`],
    ['plus sign', `o\n+1\n${ROOT}\n`],
    ['negative', `o\n-1\n${ROOT}\n`],
    ['space', `o\n 1\n${ROOT}\n`],
    ['decimal point', `o\n1.0\n${ROOT}\n`],
    ['hex size', `o\n0x10\n${ROOT}\n`],
    ['size above 2^53 - 1', `o\n9007199254740992\n${ROOT}\n`],
    ['uint64 max', `o\n18446744073709551615\n${ROOT}\n`],
    ['root not base64', 'o\n1\nnot base64!\n'],
    ['root of 31 bytes', `o\n1\n${encodeBase64(new Uint8Array(31))}\n`],
    ['root of 33 bytes', `o\n1\n${encodeBase64(new Uint8Array(33))}\n`],
    ['non-canonical root base64', `o\n1\n${ROOT.slice(0, -2)}J=\n`],
    ['empty extension line', `o\n1\n${ROOT}\n\next\n`],
    ['trailing blank line', `o\n1\n${ROOT}\n\n`],
    ['carriage return', `o\r\n1\n${ROOT}\n`],
    ['tab', `o\t\n1\n${ROOT}\n`],
  ])('rejects %s', (_what, text) => {
    expect(code(() => parseCheckpoint(text))).toBe('malformed_checkpoint');
  });

  it('refuses to format what it would not parse', () => {
    const good: Checkpoint = { origin: 'o', size: 1, rootHash: new Uint8Array(32), extensions: [] };
    expect(code(() => formatCheckpoint({ ...good, origin: '' }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpoint({ ...good, origin: 'a\nb' }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpoint({ ...good, size: -1 }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpoint({ ...good, size: 1.5 }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpoint({ ...good, rootHash: new Uint8Array(31) }))).toBe('malformed_checkpoint');
    expect(code(() => formatCheckpoint({ ...good, extensions: [''] }))).toBe('malformed_checkpoint');
  });
});

describe('origins name the hash', () => {
  it('makeOrigin appends /sm3 or /sha256 and originHash reads it back', () => {
    expect(makeOrigin('trace.example.gov.cn/ledger', 'sm3')).toBe('trace.example.gov.cn/ledger/sm3');
    expect(originHash('trace.example.gov.cn/ledger/sm3')).toBe('sm3');
    expect(originHash('trace.example.gov.cn/ledger/sha256')).toBe('sha256');
    expect(originHash('sm3')).toBeUndefined();
    expect(originHash('example.com/log')).toBeUndefined();
    expect(originHash('example.com/sm3x')).toBeUndefined();
    expect(() => makeOrigin('a b', 'sm3')).toThrow(TypeError);
    expect(() => makeOrigin('a+b', 'sm3')).toThrow(TypeError);
    expect(() => makeOrigin('a/', 'sm3')).toThrow(TypeError);
  });
});

describe('openCheckpoint', () => {
  const origin = makeOrigin('yima.example/ledger', 'sm3');
  const sm2Key = generateNoteKey(origin, 'sm2');
  const edKey = generateNoteKey(origin, 'ed25519');
  const tree = createMemoryTree(sm3Node);
  for (let i = 0; i < 10; i++) tree.append(new Uint8Array([i]));
  const body = formatCheckpoint({ origin, size: tree.size, rootHash: tree.root(), extensions: [] });

  it('verifies a checkpoint signed with SM2 and Ed25519 and returns the hash its origin names', async () => {
    const signed = await signNote(body, [createNoteSigner(sm2Key.signerKey), createNoteSigner(edKey.signerKey)]);
    for (const vkey of [sm2Key.verifierKey, edKey.verifierKey]) {
      const opened = await openCheckpoint(signed, [createNoteVerifier(vkey)], origin);
      expect(opened.hash).toBe('sm3');
      expect(opened.checkpoint.size).toBe(10);
      expect(opened.checkpoint.rootHash).toEqual(tree.root());
      expect(opened.note.verified).toHaveLength(1);
    }
  });

  it('rejects another origin, an origin without a hash, tampering and unknown keys', async () => {
    const signed = await signNote(body, [createNoteSigner(sm2Key.signerKey)]);
    const verifiers = [createNoteVerifier(sm2Key.verifierKey)];
    await expect(openCheckpoint(signed, verifiers, 'yima.example/ledger/sha256')).rejects.toMatchObject({ code: 'wrong_origin' });
    const tampered = signed.replace('\n10\n', '\n11\n');
    await expect(openCheckpoint(tampered, verifiers)).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(openCheckpoint(signed, [createNoteVerifier(edKey.verifierKey)])).rejects.toMatchObject({ code: 'unverified_note' });

    const plain = generateNoteKey('example.com/log', 'ed25519');
    const plainBody = formatCheckpoint({ origin: 'example.com/log', size: 0, rootHash: emptyRoot(sha256Node), extensions: [] });
    const plainSigned = await signNote(plainBody, [createNoteSigner(plain.signerKey)]);
    await expect(openCheckpoint(plainSigned, [createNoteVerifier(plain.verifierKey)])).rejects.toMatchObject({ code: 'unknown_hash' });
  });

  it('rejects a validly signed note whose body is not a checkpoint', async () => {
    const signed = await signNote('not\na checkpoint\n', [createNoteSigner(sm2Key.signerKey)]);
    await expect(openCheckpoint(signed, [createNoteVerifier(sm2Key.verifierKey)])).rejects.toBeInstanceOf(CheckpointError);
    await expect(openCheckpoint('garbage', [createNoteVerifier(sm2Key.verifierKey)])).rejects.toBeInstanceOf(NoteError);
  });
});
