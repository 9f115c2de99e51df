/**
 * Decodes barcodes in tests with zxing-wasm (ZXing-C++), loading its WebAssembly from
 * node_modules: the package's default would fetch it from a CDN, and tests run offline.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

function load(): Promise<unknown> {
  ready ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).then((file) =>
    prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(file).buffer }, fireImmediately: true }),
  );
  return ready;
}

/**
 * Every barcode zxing finds in an image file (PNG, JPEG…) or a pixel buffer, with the raw text
 * (GS1 separators kept as U+001D) and the symbology identifier (`]d2`, `]C1`, `]Q1`…).
 *
 * @example
 * const [hit] = await decodeBarcodes(png);
 * expect(hit?.symbologyIdentifier).toBe(']d2');
 */
export async function decodeBarcodes(image: Uint8Array | ImageData, options: ReaderOptions = {}): Promise<ReadResult[]> {
  await load();
  return readBarcodes(image, { tryHarder: true, textMode: 'Plain', maxNumberOfSymbols: 255, ...options });
}

/**
 * An ImageData-shaped RGBA buffer from an 8-bit grey bitmap (0 black, 255 white), for
 * {@link decodeBarcodes}. zxing-wasm reads any `{ data, width, height }`; Node has no ImageData.
 *
 * @example decodeBarcodes(greyImage(new Uint8Array(100 * 100).fill(255), 100, 100))
 */
export function greyImage(grey: Uint8Array, width: number, height: number): ImageData {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i] ?? 255;
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height, colorSpace: 'srgb' };
}
