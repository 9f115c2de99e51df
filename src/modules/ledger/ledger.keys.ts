/**
 * The platform's checkpoint signing keys: C2SP signer key text in files, generated into
 * `<dataDir>/keys/` (mode 0600) at first start or read from configured files. Rotated keys move to
 * `<dataDir>/keys/retired/` as verifier keys only, so old checkpoints stay verifiable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createNoteSigner, generateNoteKey } from '../../ledger/note-node.ts';
import { type NoteKeyAlgorithm, type NoteSigner, type VerifierKey, formatVerifierKey, parseVerifierKey } from '../../ledger/note.ts';

export interface KeyOptions {
  readonly dir: string;
  readonly name: string;
  readonly algorithms: readonly NoteKeyAlgorithm[];
  /** Signer key files given by configuration, by algorithm (not generated, never rotated by us). */
  readonly files?: Partial<Record<NoteKeyAlgorithm, string>>;
}

export interface LedgerKeys {
  readonly signers: readonly NoteSigner[];
  /** Active keys first, then retired ones. */
  readonly verifierKeys: readonly { key: VerifierKey; vkey: string; status: 'active' | 'retired' }[];
}

const keyFile = (dir: string, algorithm: NoteKeyAlgorithm) => path.join(dir, `ledger-${algorithm}.key`);

/**
 * Loads (or generates, the first time) the signing keys.
 *
 * @example const { signers } = loadLedgerKeys({ dir: '.yima/keys', name: 'localhost/yima/sm3', algorithms: ['sm2', 'ed25519'] });
 */
export function loadLedgerKeys(opts: KeyOptions): LedgerKeys {
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const signers = opts.algorithms.map((algorithm) => {
    const configured = opts.files?.[algorithm];
    const file = configured ?? keyFile(opts.dir, algorithm);
    if (!configured && !fs.existsSync(file)) {
      const { signerKey } = generateNoteKey(opts.name, algorithm);
      fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    }
    const signer = createNoteSigner(fs.readFileSync(file, 'utf8').trim());
    if (signer.name !== opts.name) {
      throw new Error(`ledger key ${file} is for ${signer.name}, not this log's origin ${opts.name}`);
    }
    if (signer.algorithm !== algorithm) throw new Error(`ledger key ${file} is ${signer.algorithm}, expected ${algorithm}`);
    return signer;
  });
  const retiredDir = path.join(opts.dir, 'retired');
  const retired = fs.existsSync(retiredDir)
    ? fs.readdirSync(retiredDir).filter((f) => f.endsWith('.vkey')).sort().map((f) => parseVerifierKey(fs.readFileSync(path.join(retiredDir, f), 'utf8').trim()))
    : [];
  return {
    signers,
    verifierKeys: [
      ...signers.map((key) => ({ key, vkey: formatVerifierKey(key), status: 'active' as const })),
      ...retired.map((key) => ({ key, vkey: formatVerifierKey(key), status: 'retired' as const })),
    ],
  };
}

/**
 * Retires the generated key of `algorithm` (its verifier key is kept) and generates a new one.
 * Returns the new verifier key text.
 */
export function rotateLedgerKey(opts: KeyOptions, algorithm: NoteKeyAlgorithm): string {
  const file = keyFile(opts.dir, algorithm);
  if (opts.files?.[algorithm]) throw new Error(`the ${algorithm} key comes from ${opts.files[algorithm]}; rotate it there`);
  if (fs.existsSync(file)) {
    const old = createNoteSigner(fs.readFileSync(file, 'utf8').trim());
    const retiredDir = path.join(opts.dir, 'retired');
    fs.mkdirSync(retiredDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(retiredDir, `${algorithm}-${old.keyId.toString(16).padStart(8, '0')}.vkey`), `${formatVerifierKey(old)}\n`);
    fs.rmSync(file);
  }
  const { signerKey, verifierKey } = generateNoteKey(opts.name, algorithm);
  fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  return verifierKey;
}
