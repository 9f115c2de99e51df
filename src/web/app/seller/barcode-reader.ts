/**
 * The camera's barcode reader: the `barcode-detector` ponyfill over zxing-wasm (Chromium on Linux
 * and iPhones have no native BarcodeDetector). Its WebAssembly is one of our own assets (bundled
 * with `?url`, served under /app/assets/), never the CDN the library fetches it from by default.
 * This module is loaded only when a camera is opened: it and the .wasm stay out of the first download.
 */
import { BarcodeDetector, type BarcodeFormat, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** What sellers meet on goods: QR (Digital Link), GS1 DataMatrix, EAN-13 / UPC-A, GS1-128 (Code 128). */
export const FORMATS: BarcodeFormat[] = ['qr_code', 'data_matrix', 'ean_13', 'upc_a', 'code_128'];

let ready: Promise<BarcodeDetector> | undefined;

/**
 * The reader, its WebAssembly fetched and compiled once.
 *
 * @example const text = (await (await barcodeReader()).detect(video))[0]?.rawValue;
 */
export function barcodeReader(): Promise<BarcodeDetector> {
  ready ??= (async () => {
    await prepareZXingModule({
      overrides: { locateFile: (file: string, prefix: string) => (file.endsWith('.wasm') ? new URL(wasmUrl, window.location.href).href : prefix + file) },
      fireImmediately: true,
    });
    return new BarcodeDetector({ formats: FORMATS });
  })();
  return ready;
}
