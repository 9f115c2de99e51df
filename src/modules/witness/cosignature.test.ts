import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeHex, encodeBase64, encodeHex, utf8Decode } from '../../ledger/bytes.ts';
import { emptyRoot, sha256Node } from '../../ledger/hash.ts';
import { formatCheckpoint } from '../../ledger/checkpoint.ts';
import { NoteError, openNote, signNote } from '../../ledger/note.ts';
import { createNoteSigner, createNoteVerifier, generateNoteKey } from '../../ledger/note-node.ts';
import {
  COSIGNATURE_V1_TYPE,
  cosignatureKeyId,
  cosignatureMessage,
  createCosignatureVerifier,
  createCosigner,
  formatCosignerVerifierKey,
  generateCosignerKey,
  makeCosignerKey,
  parseCosignerVerifierKey,
  verifyCosignatureLine,
} from './cosignature.ts';

// RFC 8032 §7.1 test 1 seed, used as a witness key so that signatures are reproducible.
const SEED = decodeHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60') ?? new Uint8Array();
const PUB = decodeHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a') ?? new Uint8Array();
const NAME = 'witness.test/w1';
const T = 1_700_000_000;
const at = (seconds: number) => () => new Date(seconds * 1000);

function keyIdByHand(name: string, type: number, pub: Uint8Array): string {
  return createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.of(type), pub])).digest().subarray(0, 4).toString('hex');
}
const SKEY = `PRIVATE+KEY+${NAME}+${keyIdByHand(NAME, 4, PUB)}+${encodeBase64(Uint8Array.of(4, ...SEED))}`;
const TEXT = formatCheckpoint({ origin: 'log.test/a/sha256', size: 0, rootHash: emptyRoot(sha256Node), extensions: [] });

function blobOf(line: string): Uint8Array {
  const b64 = line.trim().split(' ')[2] ?? '';
  return decodeBase64(b64) ?? new Uint8Array();
}
function lineOf(blob: Uint8Array, name = NAME): string {
  return `\u2014 ${name} ${encodeBase64(blob)}\n`;
}

describe('cosigner keys (c2sp.org/tlog-cosignature "Format", type 0x04)', () => {
  it('computes the key ID as SHA-256(name || "\\n" || 0x04 || public key)[:4]', () => {
    expect(COSIGNATURE_V1_TYPE).toBe(4);
    expect(cosignatureKeyId(NAME, PUB).toString(16).padStart(8, '0')).toBe(keyIdByHand(NAME, 4, PUB));
    expect(formatCosignerVerifierKey(makeCosignerKey(NAME, PUB))).toBe(`${NAME}+${keyIdByHand(NAME, 4, PUB)}+${encodeBase64(Uint8Array.of(4, ...PUB))}`);
  });

  it('parses a published type-0x04 vkey (transparency-dev/formats test) and a plain Ed25519 vkey re-typed as 0x04', () => {
    const remora = parseCosignerVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2');
    expect(remora.keyId.toString(16)).toBe('da77ade7');
    const plain = parseCosignerVerifierKey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6');
    expect(plain.keyId.toString(16).padStart(8, '0')).toBe(keyIdByHand('TEST', 4, plain.publicKey));
    expect(plain.keyId.toString(16)).not.toBe('7997405c');
  });

  it('rejects vkeys with a wrong key ID, another signature type, bad base64 or a bad name', () => {
    const bad = [
      'remora.n621.de+da77ade8+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
      'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw',
      'remora.n621.de+da77ade7',
      'rem ora+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
      generateNoteKey('log.test/sm2', 'sm2').verifierKey,
    ];
    for (const vkey of bad) expect(() => parseCosignerVerifierKey(vkey), vkey).toThrow(NoteError);
  });

  it('generates a key pair whose signer and verifier texts agree', async () => {
    const { signerKey, verifierKey } = generateCosignerKey('witness.test/gen');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+witness\.test\/gen\+[0-9a-f]{8}\+/);
    expect(verifierKey).toMatch(/^witness\.test\/gen\+[0-9a-f]{8}\+/);
    for (const text of [signerKey, verifierKey]) expect(decodeBase64(text.replace(/^.*?\+[0-9a-f]{8}\+/, ''))?.[0]).toBe(0x04);
    const cosigner = createCosigner(signerKey);
    expect(cosigner.verifierKey).toBe(verifierKey);
    const { line, timestamp } = await cosigner.cosign(TEXT);
    expect(await verifyCosignatureLine(line, TEXT, verifierKey)).toEqual({ ok: true, timestamp });
  });

  it('refuses malformed signer keys', () => {
    const bad = [
      SKEY.replace('PRIVATE+KEY', 'PRIVATE+KEYS'),
      SKEY.replace(/\+[0-9a-f]{8}\+/, '+00000000+'),
      SKEY.slice(0, -4),
      generateNoteKey('log.test/sm2', 'sm2').signerKey,
    ];
    for (const text of bad) expect(() => createCosigner(text), text).toThrow(NoteError);
  });
});

describe('cosignature/v1 lines', () => {
  it('signs "cosignature/v1\\ntime <T>\\n" + note text, and the blob is key ID || uint64 BE time || Ed25519 signature', async () => {
    const { line, timestamp } = await createCosigner(SKEY, { clock: at(T) }).cosign(TEXT);
    expect(timestamp).toBe(T);
    expect(line.startsWith(`\u2014 ${NAME} `) && line.endsWith('\n')).toBe(true);
    expect(utf8Decode(cosignatureMessage(TEXT, T))).toBe(`cosignature/v1\ntime ${T}\n${TEXT}`);

    // Built by hand with node:crypto from the same seed (RFC 8032 signatures are deterministic).
    const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SEED]), format: 'der', type: 'pkcs8' });
    const sig = nodeSign(null, Buffer.from(`cosignature/v1\ntime ${T}\n${TEXT}`), key);
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(BigInt(T));
    const expected = Buffer.concat([Buffer.from(keyIdByHand(NAME, 4, PUB), 'hex'), stamp, sig]);
    expect(encodeHex(blobOf(line))).toBe(expected.toString('hex'));
  });

  it('verifies and returns the timestamp, with or without the final newline', async () => {
    const vkey = formatCosignerVerifierKey(makeCosignerKey(NAME, PUB));
    const { line } = await createCosigner(SKEY, { clock: at(T) }).cosign(TEXT);
    expect(await verifyCosignatureLine(line, TEXT, vkey)).toEqual({ ok: true, timestamp: T });
    expect(await verifyCosignatureLine(line.trimEnd(), TEXT, parseCosignerVerifierKey(vkey))).toEqual({ ok: true, timestamp: T });
  });

  it('rejects a flipped bit anywhere in the blob, a wrong key, another name, other text, and a zero timestamp, without throwing', async () => {
    const vkey = formatCosignerVerifierKey(makeCosignerKey(NAME, PUB));
    const { line } = await createCosigner(SKEY, { clock: at(T) }).cosign(TEXT);
    const blob = blobOf(line);
    for (const byte of [0, 3, 4, 11, 12, 40, 75]) {
      const flipped = blob.slice();
      flipped[byte] = (flipped[byte] ?? 0) ^ 0x01;
      const check = await verifyCosignatureLine(lineOf(flipped), TEXT, vkey);
      expect(check.ok, `byte ${byte}`).toBe(false);
    }
    const other = generateCosignerKey(NAME);
    expect(await verifyCosignatureLine(line, TEXT, other.verifierKey)).toMatchObject({ ok: false });
    expect(await verifyCosignatureLine(lineOf(blob, 'witness.test/w2'), TEXT, vkey)).toMatchObject({ ok: false });
    expect(await verifyCosignatureLine(line, TEXT.replace('\n0\n', '\n1\n'), vkey)).toMatchObject({ ok: false, reason: 'cosignature does not verify' });

    // A zero timestamp, correctly signed, is still refused (c2sp.org/tlog-witness: MUST NOT be zero).
    const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SEED]), format: 'der', type: 'pkcs8' });
    const zero = Buffer.concat([blob.subarray(0, 4), Buffer.alloc(8), nodeSign(null, cosignatureMessage(TEXT, 0), key)]);
    expect(await verifyCosignatureLine(lineOf(zero), TEXT, vkey)).toEqual({ ok: false, reason: 'cosignature has a zero timestamp' });
  });

  it('rejects malformed lines and keys with a reason instead of throwing', async () => {
    const vkey = formatCosignerVerifierKey(makeCosignerKey(NAME, PUB));
    const { line } = await createCosigner(SKEY, { clock: at(T) }).cosign(TEXT);
    const b64 = line.trim().split(' ')[2] ?? '';
    const malformed = [
      '',
      'garbage',
      `- ${NAME} ${b64}`,
      `\u2014 ${NAME}`,
      `\u2014 ${NAME} ${b64} extra`,
      `\u2014 ${NAME} ${b64.slice(1)}`,
      `\u2014 ${NAME} ${encodeBase64(blobOf(line).subarray(0, 75))}`,
      `\u2014 ${NAME} ${encodeBase64(Uint8Array.of(...blobOf(line), 0))}`,
      `\u2014 ${NAME} ${b64}\n\u2014 ${NAME} ${b64}`,
      `\u2014 ${NAME} ${encodeBase64(Uint8Array.of(...blobOf(line).subarray(0, 4), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...blobOf(line).subarray(12)))}`,
    ];
    for (const l of malformed) {
      const check = await verifyCosignatureLine(l, TEXT, vkey);
      expect(check.ok, JSON.stringify(l)).toBe(false);
    }
    expect(await verifyCosignatureLine(line, TEXT, 'not a key')).toMatchObject({ ok: false });
  });

  it('works with note.ts: signNote appends a cosignature, openNote checks log and witness signatures together', async () => {
    const log = generateNoteKey('log.test/a/sha256', 'ed25519');
    const signed = await signNote(TEXT, [createNoteSigner(log.signerKey)]);
    const cosigner = createCosigner(SKEY, { clock: at(T) });
    const { line } = await cosigner.cosign(TEXT);
    const witnessVerifier = createCosignatureVerifier(cosigner.verifierKey);
    const opened = await openNote(signed + line, [createNoteVerifier(log.verifierKey), witnessVerifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['log.test/a/sha256', NAME]);

    const viaSignNote = await signNote(TEXT, [cosigner]);
    expect(viaSignNote.endsWith(line)).toBe(true);
    // C2SP signed-note: a known key's bad signature rejects the whole note.
    const tampered = signed + lineOf(blobOf(line).map((b, i) => (i === 20 ? b ^ 1 : b)));
    await expect(openNote(tampered, [createNoteVerifier(log.verifierKey), witnessVerifier])).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('accepts a plain Ed25519 note key (type 0x01) as a cosigner key, with the 0x04 key ID', async () => {
    const plain = generateNoteKey('witness.test/plain', 'ed25519');
    const cosigner = createCosigner(plain.signerKey, { clock: at(T) });
    const { line } = await cosigner.cosign(TEXT);
    expect(await verifyCosignatureLine(line, TEXT, plain.verifierKey)).toEqual({ ok: true, timestamp: T });
    expect(await verifyCosignatureLine(line, TEXT, cosigner.verifierKey)).toEqual({ ok: true, timestamp: T });
    expect(cosigner.verifierKey).not.toBe(plain.verifierKey);
  });

  it('refuses to cosign with a clock at or before the epoch, or text without a final newline', async () => {
    await expect(createCosigner(SKEY, { clock: at(0) }).cosign(TEXT)).rejects.toThrow(/invalid time/);
    await expect(createCosigner(SKEY, { clock: at(T) }).cosign(TEXT.trimEnd())).rejects.toThrow(TypeError);
  });
});
