import { describe, expect, it } from 'vitest';
import { concatBytes, decodeBase64, encodeBase64, utf8Encode } from './bytes.ts';
import {
  ED25519_NOTE_TYPE,
  NoteError,
  SM2_NOTE_TYPE,
  createSm2NoteSigner,
  formatVerifierKey,
  generateSm2NoteKey,
  isValidKeyName,
  makeVerifierKey,
  noteKeyId,
  openNote,
  parseNote,
  parseVerifierKey,
  signNote,
  splitSignerKey,
  verifierFromKey,
} from './note.ts';
import type { NoteSigner, NoteVerifier } from './note.ts';
import { createNoteSigner, createNoteVerifier, nodeEd25519Verify } from './note-node.ts';
import { generateSm2KeyPair } from './sm2.ts';

// golang.org/x/mod/sumdb/note note_test.go vectors.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_B64 = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
const ENOCH_B64 = 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=';
const PETER_SIG = `\u2014 PeterNeumann ${PETER_B64}\n`;
const ENOCH_SIG = `\u2014 EnochRoot ${ENOCH_B64}\n`;

const peter = (): NoteVerifier => createNoteVerifier(PETER_VKEY);
const enoch = (): NoteVerifier => createNoteVerifier(ENOCH_VKEY);

async function noteError(p: Promise<unknown>): Promise<NoteError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof NoteError) return err;
    throw err;
  }
  throw new Error('expected a NoteError');
}

describe('key names and key IDs (C2SP signed-note "Signatures")', () => {
  it('recomputes the key ID of the C2SP example key (530d903a)', () => {
    const key = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    expect(key.keyId.toString(16)).toBe('530d903a');
    expect(noteKeyId('example.com/foo', 'ed25519', key.publicKey)).toBe(0x530d903a);
  });

  it('accepts names without spaces or plus, rejects the rest', () => {
    for (const ok of ['PeterNeumann', 'yima.example/ledger/sm3', '一码/账本', 'a']) expect(isValidKeyName(ok)).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\tb', 'a\u00a0b', 'a\u3000b', 'a\u2028b', 'a\u0085b', 'a\u0001b', '\ud800']) {
      expect(isValidKeyName(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('derives SM2 key IDs over 0xff || OID(sm2-with-sm3) || 04||x||y', () => {
    expect(Array.from(SM2_NOTE_TYPE, (b) => b.toString(16).padStart(2, '0')).join('')).toBe('ff06082a811ccf55018375');
    const { publicKey } = generateSm2KeyPair();
    const key = makeVerifierKey('yima.example/ledger/sm3', 'sm2', publicKey);
    const text = formatVerifierKey(key);
    const keyB64 = text.slice(text.indexOf('+', text.indexOf('+') + 1) + 1); // base64 may contain '+'
    const blob = decodeBase64(keyB64) ?? new Uint8Array();
    expect(blob).toEqual(concatBytes(SM2_NOTE_TYPE, publicKey));
    expect(parseVerifierKey(text)).toEqual(key);
    // same name and public key bytes under another type byte would give another ID
    expect(noteKeyId(key.name, 'sm2', publicKey)).not.toBe(
      noteKeyId(key.name, 'ed25519', publicKey),
    );
    expect(ED25519_NOTE_TYPE).toEqual(Uint8Array.of(1));
  });
});

describe('parseVerifierKey (Go TestNewVerifier)', () => {
  it('accepts the Go test key and round-trips it', () => {
    const key = parseVerifierKey(PETER_VKEY);
    expect(key).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, algorithm: 'ed25519' });
    expect(formatVerifierKey(key)).toBe(PETER_VKEY);
  });

  it('rejects every proper substring and every single-character increment', () => {
    let rejected = 0;
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        expect(() => parseVerifierKey(PETER_VKEY.slice(i, j)), PETER_VKEY.slice(i, j)).toThrow(NoteError);
        rejected++;
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const mangled = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(mangled), mangled).toThrow(NoteError);
      rejected++;
    }
    expect(rejected).toBeGreaterThan(2000);
  });

  it('rejects a wrong-length key and an unknown algorithm even with matching key IDs', () => {
    expect(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).toThrow(NoteError);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/unknown signature type/);
  });

  it('rejects an SM2 key that is not a curve point', () => {
    const bad = new Uint8Array(65);
    bad[0] = 4;
    const blob = encodeBase64(concatBytes(SM2_NOTE_TYPE, bad));
    const id = noteKeyId('k', 'sm2', bad).toString(16).padStart(8, '0');
    expect(() => parseVerifierKey(`k+${id}+${blob}`)).toThrow(/invalid sm2 public key/);
  });
});

describe('signNote (Go TestSign)', () => {
  it('reproduces the Go note byte for byte (Ed25519 is deterministic)', async () => {
    const signer = createNoteSigner(PETER_SKEY);
    const want = `${TEXT}\n${PETER_SIG}`;
    expect(await signNote(TEXT, [signer])).toBe(want);
    // an existing signature by the same key is replaced
    expect(await signNote(TEXT, [signer], [{ name: 'PeterNeumann', keyId: 0xc74f20a3, base64: 'BADSIGN=' }])).toBe(want);
  });

  it('keeps existing signatures from other keys before the new ones', async () => {
    const signer = createNoteSigner(PETER_SKEY);
    const existing = [{ name: 'EnochRoot', keyId: 0xaf0cfe78, base64: ENOCH_B64 }];
    expect(await signNote(TEXT, [signer], existing)).toBe(`${TEXT}\n${ENOCH_SIG}${PETER_SIG}`);
  });

  it('rejects bad text, bad existing signatures and bad signers', async () => {
    const signer = createNoteSigner(PETER_SKEY);
    expect((await noteError(signNote('abc', [signer]))).code).toBe('malformed_note');
    expect((await noteError(signNote('a\rb\n', [signer]))).code).toBe('malformed_note');
    expect((await noteError(signNote(TEXT, [], [{ name: 'a+b', keyId: 0, base64: 'ABCD' }]))).code).toBe('malformed_note');
    expect((await noteError(signNote(TEXT, [], [{ name: 'PeterNeumann', keyId: 0xc74f20a3, base64: 'BADHASH=' }]))).code).toBe('malformed_note');
    const badName: NoteSigner = { ...signer, name: 'bad name' };
    expect((await noteError(signNote(TEXT, [badName]))).code).toBe('invalid_signer');
    expect((await noteError(signNote(TEXT, []))).code).toBe('invalid_signer');
    const failing: NoteSigner = { ...signer, sign: () => Promise.reject(new Error('surprise!')) };
    await expect(signNote(TEXT, [failing])).rejects.toThrow('surprise!');
  });
});

describe('openNote (Go TestOpen)', () => {
  const both = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it('verifies known keys and returns unknown ones as unverified', async () => {
    const one = await openNote(both, [peter()]);
    expect(one.text).toBe(TEXT);
    expect(one.verified.map((s) => [s.name, s.keyId, s.base64])).toEqual([['PeterNeumann', 0xc74f20a3, PETER_B64]]);
    expect(one.unverified.map((s) => [s.name, s.keyId, s.base64])).toEqual([['EnochRoot', 0xaf0cfe78, ENOCH_B64]]);

    const two = await openNote(both, [peter(), enoch()]);
    expect(two.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(two.unverified).toHaveLength(0);

    const bytes = await openNote(utf8Encode(both), [enoch()]);
    expect(bytes.verified.map((s) => s.name)).toEqual(['EnochRoot']);
  });

  it('rejects a note with no verifiable signature, attaching the parsed note', async () => {
    const err = await noteError(openNote(both, []));
    expect(err.code).toBe('unverified_note');
    expect(err.message).toBe('note has no verifiable signatures');
    expect(err.note?.unverified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
  });

  it('reports an ambiguous verifier only when a signature needs it', async () => {
    const err = await noteError(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch(), peter(), enoch()]));
    expect(err.code).toBe('ambiguous_verifier');
    expect(err.message).toBe('ambiguous key EnochRoot+af0cfe78');
    await expect(openNote(`${TEXT}\n${PETER_SIG}`, [enoch(), peter(), enoch()])).resolves.toBeDefined();
  });

  it('rejects more than 100 signatures, verified or not', async () => {
    const many = `${TEXT}\n${PETER_SIG.repeat(101)}`;
    expect((await noteError(openNote(many, [peter()]))).code).toBe('malformed_note');
    expect((await noteError(openNote(many, []))).code).toBe('malformed_note');
    await expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter()])).resolves.toBeDefined();
  });

  it('rejects the whole note when a known key signature is invalid', async () => {
    const bad = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    const err = await noteError(openNote(bad, [peter()]));
    expect(err.code).toBe('invalid_signature');
    expect(err.message).toBe('invalid signature for key PeterNeumann+c74f20a3');
    // also when another known key verified
    expect((await noteError(openNote(`${TEXT}\n${ENOCH_SIG}${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`, [peter(), enoch()]))).code)
      .toBe('invalid_signature');
  });

  it('checks repeated signatures once and drops repeated unverified lines', async () => {
    const enochAbcd = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const n = await openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochAbcd}`, [peter()]);
    expect(n.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(n.unverified.map((s) => s.base64)).toEqual([
      ENOCH_B64,
      `${ENOCH_B64.slice(0, 60 - '\u2014 EnochRoot '.length)}ABCD${ENOCH_B64.slice(60 - '\u2014 EnochRoot '.length)}`,
    ]);
  });

  const peterLine = PETER_SIG.slice(0, -1);
  it.each([
    ['text only', TEXT],
    ['text and blank line only', `${TEXT}\n`],
    ['unterminated signature line', `${TEXT}\n${peterLine}`],
    ['leading control character', `\u0001${TEXT}\n${PETER_SIG}`],
    ['bad key name', `${TEXT}\n\u2014 Bad Name ${PETER_B64}`],
    ['unexpected line after signatures', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['carriage return', `${TEXT}\n${peterLine}\r\n`],
    ['hyphen instead of em dash', `${TEXT}\n- PeterNeumann ${PETER_B64}\n`],
    ['missing space after dash', `${TEXT}\n\u2014PeterNeumann ${PETER_B64}\n`],
    ['empty base64', `${TEXT}\n\u2014 PeterNeumann \n`],
    ['no base64', `${TEXT}\n\u2014 PeterNeumann\n`],
    ['signature shorter than 5 bytes', `${TEXT}\n\u2014 PeterNeumann AAAAAA==\n`],
    ['non-canonical base64', `${TEXT}\n\u2014 PeterNeumann ${PETER_B64.slice(0, -2)}N=\n`],
    ['two spaces', `${TEXT}\n\u2014 PeterNeumann  ${PETER_B64}\n`],
    ['lone surrogate', `\ud800${TEXT}\n${PETER_SIG}`],
  ])('rejects a malformed note: %s', async (_what, msg) => {
    expect((await noteError(openNote(msg, [peter()]))).code).toBe('malformed_note');
  });

  it('rejects invalid UTF-8 bytes (Go "\\xff" + text)', async () => {
    const msg = concatBytes(Uint8Array.of(0xff), utf8Encode(`${TEXT}\n${PETER_SIG}`));
    expect((await noteError(openNote(msg, [peter()]))).code).toBe('malformed_note');
  });

  it('treats the last blank line as the separator (text may contain blank lines)', () => {
    const parsed = parseNote(`a\n\nb\n\n${PETER_SIG}`);
    expect(parsed.text).toBe('a\n\nb\n');
    expect(parsed.signatures).toHaveLength(1);
  });

  it('detects any tampering with the signed text', async () => {
    const n = `${TEXT}\n${PETER_SIG}`;
    for (const tampered of [n.replace('cryptography', 'cryptographY'), n.replace('problem is.\n', 'problem is!\n'), `x${n}`]) {
      expect((await noteError(openNote(tampered, [peter()]))).code).toBe('invalid_signature');
    }
  });
});

describe('SM2 notes', () => {
  const name = 'yima.example/ledger/sm3';

  it('sign and open round-trip; tampering and other keys are rejected', async () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const signer = createSm2NoteSigner(name, privateKey);
    const verifier = verifierFromKey(makeVerifierKey(name, 'sm2', publicKey), nodeEd25519Verify);
    expect(signer.keyId).toBe(verifier.keyId);
    const text = `${name}\n3\n${encodeBase64(new Uint8Array(32))}\n`;
    const signed = await signNote(text, [signer]);
    const opened = await openNote(signed, [verifier]);
    expect(opened.text).toBe(text);
    expect(opened.verified[0]?.signature).toHaveLength(64);

    const tampered = signed.replace('\n3\n', '\n4\n');
    expect((await noteError(openNote(tampered, [verifier]))).code).toBe('invalid_signature');
    const otherKey = verifierFromKey(makeVerifierKey(name, 'sm2', generateSm2KeyPair().publicKey), nodeEd25519Verify);
    expect((await noteError(openNote(signed, [otherKey]))).code).toBe('unverified_note');
  });

  it('carries Ed25519 and SM2 signatures of one log side by side; clients verify what they trust', async () => {
    const sm2Key = generateSm2NoteKey(name);
    const signed = await signNote(TEXT, [createNoteSigner(PETER_SKEY), createNoteSigner(sm2Key.signerKey)]);
    const sm2Only = await openNote(signed, [createNoteVerifier(sm2Key.verifierKey)]);
    expect(sm2Only.verified.map((s) => s.name)).toEqual([name]);
    expect(sm2Only.unverified.map((s) => s.name)).toEqual(['PeterNeumann']);
    const bothKeys = await openNote(signed, [createNoteVerifier(sm2Key.verifierKey), peter()]);
    expect(bothKeys.verified).toHaveLength(2);
  });

  it('an SM2 verifier rejects signatures of the wrong length or a forged key ID', async () => {
    const key = generateSm2NoteKey(name);
    const verifier = createNoteVerifier(key.verifierKey);
    const signed = await signNote(TEXT, [createNoteSigner(key.signerKey)]);
    const parsed = parseNote(signed);
    const sig = parsed.signatures[0];
    if (sig === undefined) throw new Error('no signature');
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, sig.keyId);
    const truncated = `${TEXT}\n\u2014 ${name} ${encodeBase64(concatBytes(id, sig.signature.subarray(0, 63)))}\n`;
    expect((await noteError(openNote(truncated, [verifier]))).code).toBe('invalid_signature');
    expect(await verifier.verify(utf8Encode(TEXT), sig.signature)).toBe(true);
  });

  it('splitSignerKey reads both algorithms and rejects malformed text', () => {
    const key = generateSm2NoteKey(name);
    expect(splitSignerKey(key.signerKey)).toMatchObject({ name, algorithm: 'sm2' });
    expect(splitSignerKey(PETER_SKEY)).toMatchObject({ name: 'PeterNeumann', algorithm: 'ed25519', keyId: 0xc74f20a3 });
    for (const bad of ['', 'PRIVATE+KEY', 'PRIVATE+KEY+a+00000000+', 'private+KEY+a+00000000+AQ==', key.verifierKey]) {
      expect(() => splitSignerKey(bad)).toThrow(NoteError);
    }
  });

  it('createSm2NoteSigner refuses a key ID that does not match', () => {
    const { privateKey } = generateSm2KeyPair();
    expect(() => createSm2NoteSigner(name, privateKey, 1)).toThrow(/key ID/);
    expect(() => createSm2NoteSigner(name, new Uint8Array(32))).toThrow(NoteError);
  });
});
