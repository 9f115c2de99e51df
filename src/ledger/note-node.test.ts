import { describe, expect, it } from 'vitest';
import { decodeHex, encodeHex, utf8Encode } from './bytes.ts';
import { NoteError, openNote, parseVerifierKey, signNote } from './note.ts';
import {
  createEd25519NoteSigner,
  createNoteSigner,
  createNoteVerifier,
  ed25519PublicKeyFromSeed,
  generateNoteKey,
  nodeEd25519Verify,
} from './note-node.ts';

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

function hex(text: string): Uint8Array {
  const bytes = decodeHex(text);
  if (bytes === undefined) throw new Error('bad hex');
  return bytes;
}

describe('Ed25519 via node:crypto', () => {
  it('matches RFC 8032 §7.1 test 1', () => {
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pub = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
    expect(encodeHex(ed25519PublicKeyFromSeed(seed))).toBe(encodeHex(pub));
    const signer = createEd25519NoteSigner('rfc8032', seed);
    expect(encodeHex(signer.sign(new Uint8Array()) as Uint8Array)).toBe(encodeHex(sig));
    expect(nodeEd25519Verify(pub, new Uint8Array(), sig)).toBe(true);
  });

  it('returns false, never throws, for malformed keys and signatures', () => {
    const pub = parseVerifierKey(PETER_VKEY).publicKey;
    expect(nodeEd25519Verify(pub.subarray(1), utf8Encode('x'), new Uint8Array(64))).toBe(false);
    expect(nodeEd25519Verify(pub, utf8Encode('x'), new Uint8Array(63))).toBe(false);
    expect(nodeEd25519Verify(pub, utf8Encode('x'), new Uint8Array(64))).toBe(false);
    expect(nodeEd25519Verify(new Uint8Array(32).fill(0xff), utf8Encode('x'), new Uint8Array(64))).toBe(false);
  });
});

describe('createNoteSigner (Go TestNewSigner)', () => {
  it('accepts the Go test signer key, whose public key matches the verifier key', () => {
    const signer = createNoteSigner(PETER_SKEY);
    expect(signer).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, algorithm: 'ed25519' });
    expect(signer.publicKey).toEqual(parseVerifierKey(PETER_VKEY).publicKey);
  });

  it('rejects every proper substring and every single-character increment', () => {
    for (let i = 0; i <= PETER_SKEY.length; i++) {
      for (let j = i + 1; j <= PETER_SKEY.length; j++) {
        if (i === 0 && j === PETER_SKEY.length) continue;
        expect(() => createNoteSigner(PETER_SKEY.slice(i, j)), PETER_SKEY.slice(i, j)).toThrow(NoteError);
      }
    }
    for (let i = 0; i < PETER_SKEY.length; i++) {
      const mangled = PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      expect(() => createNoteSigner(mangled), mangled).toThrow(NoteError);
    }
  });
});

describe('generateNoteKey', () => {
  it.each(['ed25519', 'sm2'] as const)('%s: generated signer and verifier keys agree and sign notes', async (algorithm) => {
    const name = `yima.example/ledger/${algorithm === 'sm2' ? 'sm3' : 'sha256'}`;
    const { signerKey, verifierKey } = generateNoteKey(name, algorithm);
    expect(signerKey.startsWith(`PRIVATE+KEY+${name}+`)).toBe(true);
    const signer = createNoteSigner(signerKey);
    const verifier = createNoteVerifier(verifierKey);
    expect(signer.keyId).toBe(verifier.keyId);
    expect(signer.algorithm).toBe(algorithm);
    const signed = await signNote('hello\n', [signer]);
    await expect(openNote(signed, [verifier])).resolves.toMatchObject({ text: 'hello\n' });
    expect(generateNoteKey(name, algorithm).verifierKey).not.toBe(verifierKey);
  });
});
