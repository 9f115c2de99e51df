/**
 * SM3 (GB/T 32905-2016) fed a piece at a time, for hashing files too large to hold at once in
 * the browser (a report file read in chunks, with progress). sm-crypto-v2, which the verifier
 * uses, hashes one whole input only: its incremental hasher is not exported. Pure JS, no Node
 * built-ins; tests check it against node:crypto and the standard's Annex A vectors.
 */

const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;
const p0 = (x: number) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x: number) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
// §4.2: T_j, already rotated left by j mod 32 as the compression uses it.
const T = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));

/** An SM3 hash in progress. */
export interface Sm3 {
  update(data: Uint8Array): Sm3;
  /** The 32-byte digest; the hasher is spent after it. */
  digest(): Uint8Array;
}

/**
 * A new SM3 hasher.
 *
 * @example
 * const h = createSm3();
 * h.update(new TextEncoder().encode('ab')).update(new TextEncoder().encode('c'));
 * h.digest(); // 66c7f0f4…8f4ba8e0 (GB/T 32905-2016 Annex A.1)
 */
export function createSm3(): Sm3 {
  const v = [...IV];
  const block = new Uint8Array(64);
  const w = new Uint32Array(68);
  let filled = 0;
  let length = 0; // bytes; a file beyond 2^53 bytes is not a report

  function compress(b: Uint8Array, at: number) {
    for (let j = 0; j < 16; j++) w[j] = ((b[at + 4 * j] ?? 0) << 24 | (b[at + 4 * j + 1] ?? 0) << 16 | (b[at + 4 * j + 2] ?? 0) << 8 | (b[at + 4 * j + 3] ?? 0)) >>> 0;
    for (let j = 16; j < 68; j++) {
      w[j] = (p1((w[j - 16] ?? 0) ^ (w[j - 9] ?? 0) ^ rotl(w[j - 3] ?? 0, 15)) ^ rotl(w[j - 13] ?? 0, 7) ^ (w[j - 6] ?? 0)) >>> 0;
    }
    let [a, bb, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + (T[j] ?? 0)) >>> 0, 7);
      const ss2 = (ss1 ^ a12) >>> 0;
      const ff = j < 16 ? a ^ bb ^ c : (a & bb) | (a & c) | (bb & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const wj = w[j] ?? 0;
      const tt1 = ((ff >>> 0) + d + ss2 + ((wj ^ (w[j + 4] ?? 0)) >>> 0)) >>> 0;
      const tt2 = ((gg >>> 0) + h + ss1 + wj) >>> 0;
      d = c;
      c = rotl(bb, 9);
      bb = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    const out = [a, bb, c, d, e, f, g, h];
    for (let i = 0; i < 8; i++) v[i] = ((v[i] ?? 0) ^ (out[i] ?? 0)) >>> 0;
  }

  const hasher: Sm3 = {
    update(data) {
      length += data.length;
      let i = 0;
      if (filled > 0) {
        const n = Math.min(64 - filled, data.length);
        block.set(data.subarray(0, n), filled);
        filled += n;
        i = n;
        if (filled < 64) return hasher;
        compress(block, 0);
        filled = 0;
      }
      for (; i + 64 <= data.length; i += 64) compress(data, i);
      block.set(data.subarray(i), 0);
      filled = data.length - i;
      return hasher;
    },
    digest() {
      // §5.2: 1, zeros to 448 bits mod 512, the length in bits as 64 bits big-endian.
      const bits = length * 8;
      const tail = new Uint8Array(filled < 56 ? 64 : 128);
      tail.set(block.subarray(0, filled));
      tail[filled] = 0x80;
      const view = new DataView(tail.buffer);
      view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
      view.setUint32(tail.length - 4, bits >>> 0);
      for (let at = 0; at < tail.length; at += 64) compress(tail, at);
      const out = new Uint8Array(32);
      const outView = new DataView(out.buffer);
      for (let i = 0; i < 8; i++) outView.setUint32(4 * i, v[i] ?? 0);
      return out;
    },
  };
  return hasher;
}
