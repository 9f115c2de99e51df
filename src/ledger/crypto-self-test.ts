/**
 * Known-answer self-test of the platform's cryptography, to run once at startup (in the spirit of
 * the power-up self-tests of GM/T 0028 / FIPS 140): if this Node build's OpenSSL or a library
 * upgrade changed any primitive, refuse to start rather than sign wrong checkpoints.
 *
 * Vectors: SM3 GB/T 32905-2016 Annex A; SHA-256 FIPS 180-2 "abc"; SM4 GB/T 32907-2016 Annex A
 * (one block, node:crypto `sm4-ecb`); SM2 GB/T 32918 recommended-curve signature (reference doc
 * §3.2); Ed25519 and the C2SP note format via Go's `sumdb/note` test note.
 */
import { createCipheriv } from 'node:crypto';
import { decodeHex, encodeHex, utf8Encode } from './bytes.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { sha256Browser, sm3Browser } from './hash-browser.ts';
import { nodeEd25519Verify } from './note-node.ts';
import { parseNote, parseVerifierKey } from './note.ts';
import { sm2Verify } from './sm2.ts';

/** One known-answer test outcome. */
export interface SelfTestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const GO_NOTE =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n" +
  '\n' +
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

function hexOf(text: string): Uint8Array {
  const bytes = decodeHex(text);
  if (bytes === undefined) throw new Error(`bad hex constant ${text}`);
  return bytes;
}

function check(name: string, run: () => boolean | string): SelfTestResult {
  try {
    const outcome = run();
    return outcome === true ? { name, ok: true } : { name, ok: false, detail: outcome === false ? 'mismatch' : outcome };
  } catch (err) {
    return { name, ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

function expectHex(actual: Uint8Array, expected: string): boolean | string {
  const got = encodeHex(actual);
  return got === expected || `got ${got}, want ${expected}`;
}

/**
 * Runs every known-answer test and returns the outcomes (never throws).
 *
 * @example
 * runCryptoSelfTest().filter((r) => !r.ok) // []
 */
export function runCryptoSelfTest(): SelfTestResult[] {
  const abc = utf8Encode('abc');
  const abcd16 = utf8Encode('abcd'.repeat(16));
  const sm3Abc = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
  const sm3Abcd = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
  const sha256Abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
  return [
    check('sm3 (node:crypto) GB/T 32905 "abc"', () => expectHex(sm3Node.digest(abc), sm3Abc)),
    check('sm3 (node:crypto) GB/T 32905 "abcd"x16', () => expectHex(sm3Node.digest(abcd16), sm3Abcd)),
    check('sm3 (pure JS) GB/T 32905 "abc"', () => expectHex(sm3Browser.digest(abc), sm3Abc)),
    check('sha256 (node:crypto) "abc"', () => expectHex(sha256Node.digest(abc), sha256Abc)),
    check('sha256 (pure JS) "abc"', () => expectHex(sha256Browser.digest(abc), sha256Abc)),
    check('sm4-ecb GB/T 32907 Annex A', () => {
      const key = hexOf('0123456789abcdeffedcba9876543210');
      const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
      const out = new Uint8Array(Buffer.concat([cipher.update(key), cipher.final()]));
      return expectHex(out, '681edf34d206965e86b3e94f536e4246');
    }),
    check('sm2 verify GB/T 32918 recommended-curve vector', () => {
      const pub = hexOf(
        '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
          'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
      );
      const sig = hexOf(
        'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' +
          'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
      );
      const msg = utf8Encode('message digest');
      const tampered = utf8Encode('message digesT');
      return sm2Verify(msg, sig, pub) && !sm2Verify(tampered, sig, pub);
    }),
    check('ed25519 + C2SP note (Go sumdb/note test vector)', () => {
      const key = parseVerifierKey(GO_VKEY);
      const note = parseNote(GO_NOTE);
      const sig = note.signatures[0];
      if (sig === undefined || sig.keyId !== key.keyId) return 'key ID mismatch';
      return nodeEd25519Verify(key.publicKey, utf8Encode(note.text), sig.signature);
    }),
  ];
}

/**
 * Throws an Error listing every failed known-answer test; call at startup.
 *
 * @example
 * assertCryptoSelfTest(); // in src/server/app.ts before serving
 */
export function assertCryptoSelfTest(): void {
  const failed = runCryptoSelfTest().filter((r) => !r.ok);
  if (failed.length > 0) {
    throw new Error(`cryptographic self-test failed: ${failed.map((f) => `${f.name} (${f.detail ?? ''})`).join('; ')}`);
  }
}
