/**
 * A report file's SM3 and SHA-256, computed in the browser a chunk at a time (the file is never
 * uploaded and never held whole in memory), with progress after each chunk.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeHex } from '../../../../ledger/bytes.ts';
import { createSm3 } from '../../../../ledger/sm3-incremental.ts';

/** Bytes read at a time: large enough to be quick, small enough for a phone's memory. */
const CHUNK = 4 * 1024 * 1024;

export interface FileHashes {
  readonly sm3: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Hashes a file (any Blob); `onProgress` gets the fraction done (0..1) after each chunk. Stops
 * with an AbortError when `signal` aborts (another file was chosen).
 *
 * @example const { sm3, sha256 } = await hashFile(input.files[0], (f) => setPercent(f * 100));
 */
export async function hashFile(file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<FileHashes> {
  const s = createSm3();
  const h = sha256.create();
  onProgress(0);
  for (let at = 0; at < file.size; at += CHUNK) {
    signal?.throwIfAborted();
    const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
    s.update(bytes);
    h.update(bytes);
    onProgress(Math.min(1, (at + bytes.length) / file.size));
    // Let the page paint the progress between chunks.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  onProgress(1);
  return { sm3: encodeHex(s.digest()), sha256: encodeHex(h.digest()), size: file.size };
}
