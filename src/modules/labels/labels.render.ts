/**
 * One trace-code symbol, drawn by bwip-js (Barcode Writer in Pure PostScript): QR Code for GS1 Digital
 * Link URLs and plain text, GS1 DataMatrix and GS1-128 from bracketed element strings, plain
 * DataMatrix for non-GS1 codes (Yima 数字身份码, opaque codes).
 *
 * `renderSymbol` gives SVG or PNG for screens and single prints; `encodeSymbol` gives the module
 * geometry that labels.pdf.ts draws as vector paths. Both build their bwip-js options with the same
 * function, so what the PDF prints is what the PNG shows.
 */
// The default export, not named imports: bwip-js's ESM build exports a named `raw` that is the
// "raw" symbology encoder, while the default export's `raw` returns the encoded modules.
import bwipjs from 'bwip-js';
import type { RenderOptions } from 'bwip-js';

/** bwip-js's options plus the BWIPP symbol options its typings leave out. */
type BwipRenderOptions = RenderOptions & { eclevel?: 'L' | 'M' | 'Q' | 'H' };

/** The symbologies a label can carry. */
export type SymbolKind = 'qr' | 'gs1-datamatrix' | 'gs1-128' | 'datamatrix';

export const SYMBOL_KINDS: readonly SymbolKind[] = Object.freeze(['qr', 'gs1-datamatrix', 'gs1-128', 'datamatrix']);

/**
 * A label input that cannot be printed. `field` names the input (`data`, `moduleSize`,
 * `labels[12].caption[1]`, …) and `code` is a stable snake_case reason, so a route can turn it
 * into a `field: reason` validation error; `message` says what was wrong and what is expected.
 *
 * @example
 * try { encodeSymbol('gs1-128', '(00)106141411234567898') } catch (e) {
 *   if (e instanceof LabelError) console.log(e.field, e.code) // 'data' 'invalid_check_digit'
 * }
 */
export class LabelError extends Error {
  constructor(
    readonly field: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LabelError';
  }
}

interface SymbolSpec {
  readonly bcid: string;
  readonly matrix: boolean;
  readonly gs1: boolean;
  /** Smallest quiet zone the symbology's standard allows, in modules, on every side. */
  readonly minQuietZone: number;
  readonly defaultQuietZone: number;
  /** Pixels per module in SVG/PNG output when the caller does not say. */
  readonly defaultModuleSize: number;
  readonly defaultHri: boolean;
}

const SPECS: Readonly<Record<SymbolKind, SymbolSpec>> = Object.freeze({
  // ISO/IEC 18004: a 4X quiet zone on all four sides.
  qr: { bcid: 'qrcode', matrix: true, gs1: false, minQuietZone: 4, defaultQuietZone: 4, defaultModuleSize: 8, defaultHri: false },
  // ISO/IEC 16022: 1X is the minimum; 2X costs little and helps phone cameras.
  'gs1-datamatrix': { bcid: 'gs1datamatrix', matrix: true, gs1: true, minQuietZone: 1, defaultQuietZone: 2, defaultModuleSize: 8, defaultHri: false },
  // ISO/IEC 15417 (Code 128): 10X on the left and right. GS1 requires the HRI for GS1-128.
  'gs1-128': { bcid: 'gs1-128', matrix: false, gs1: true, minQuietZone: 10, defaultQuietZone: 10, defaultModuleSize: 4, defaultHri: true },
  datamatrix: { bcid: 'datamatrix', matrix: true, gs1: false, minQuietZone: 1, defaultQuietZone: 2, defaultModuleSize: 8, defaultHri: false },
});

/** GS1 General Specifications §5.4.1: a GS1-128 symbol carries at most 48 data characters. */
const GS1_128_MAX_DATA_CHARACTERS = 48;
/** Default GS1-128 bar height in modules (GS1 logistic labels use about 64X; 50X suits most prints). */
const DEFAULT_BAR_HEIGHT = 50;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MM_PER_POINT = 25.4 / 72;

/**
 * Is `value` one of the symbologies? Useful on untyped input (JSON).
 *
 * @example isSymbolKind('gs1-128') // → true; isSymbolKind('ean13') // → false
 */
export function isSymbolKind(value: unknown): value is SymbolKind {
  return typeof value === 'string' && (SYMBOL_KINDS as readonly string[]).includes(value);
}

/**
 * The standard's minimum quiet zone, in modules, for a symbology.
 *
 * @example minQuietZone('qr') // → 4
 */
export function minQuietZone(symbol: SymbolKind): number {
  return SPECS[symbol].minQuietZone;
}

/**
 * The modules of an encoded symbol, without quiet zone. `matrix`: `dark[row * columns + column]`
 * is 1 for a dark module, row 0 at the top. `linear`: `widths` alternate bar, space, bar, … in
 * modules, starting and ending with a bar.
 */
export type SymbolGeometry =
  | { readonly kind: 'matrix'; readonly columns: number; readonly rows: number; readonly dark: Uint8Array }
  | { readonly kind: 'linear'; readonly widths: readonly number[]; readonly modules: number };

/** A validated, encoded symbol: what to draw, and what to print under it (GS1-128 only). */
export interface EncodedSymbol {
  readonly symbol: SymbolKind;
  readonly data: string;
  readonly geometry: SymbolGeometry;
  /** Minimum quiet zone in modules that must stay blank around the geometry. */
  readonly quietZone: number;
  /** Human-readable interpretation the symbology requires under the bars (GS1-128), else undefined. */
  readonly hri?: string;
}

/**
 * Validates `data` for a symbology and encodes it into modules (bwip-js `raw`), for drawing as
 * vector paths (labels.pdf.ts).
 *
 * @throws LabelError when the data is empty, not a valid GS1 element string (syntax, check digit,
 *   AI format, required AIs), or too long for the symbology.
 * @example
 * const s = encodeSymbol('gs1-datamatrix', '(01)06901234567892(10)LOT7(21)SER9');
 * if (s.geometry.kind === 'matrix') console.log(s.geometry.columns); // 22
 */
export function encodeSymbol(symbol: SymbolKind, data: string): EncodedSymbol {
  const spec = specOf(symbol);
  const options = bwipOptions(symbol, data, {});
  const result = callBwip(symbol, data, () => bwipjs.raw({ bcid: options.bcid, text: options.text, ...bwippOnly(options) }));
  const first = result[0];
  if (first === undefined) throw new Error(`bwip-js returned no symbol for ${symbol}`);
  let geometry: SymbolGeometry;
  if ('pixs' in first) {
    const { pixs, pixx, pixy } = first;
    if (pixs.length !== pixx * pixy) throw new Error(`bwip-js returned a ${pixx}x${pixy} matrix with ${pixs.length} modules`);
    geometry = { kind: 'matrix', columns: pixx, rows: pixy, dark: Uint8Array.from(pixs, (v) => (v ? 1 : 0)) };
  } else {
    const widths = first.sbs.map((w) => Math.round(w));
    geometry = { kind: 'linear', widths, modules: widths.reduce((a, b) => a + b, 0) };
  }
  return { symbol, data, geometry, quietZone: spec.minQuietZone, ...(symbol === 'gs1-128' ? { hri: data } : {}) };
}

/** Options of {@link renderSymbol}. */
export interface RenderSymbolInput {
  readonly symbol: SymbolKind;
  /** A GS1 Digital Link URL or any text (`qr`, `datamatrix`); a bracketed element string (`gs1-*`). */
  readonly data: string;
  readonly format: 'svg' | 'png';
  /** Pixels per module (the X dimension in pixels): an even number from 2 to 50 for 2D symbols, 1–50 for GS1-128. Default 8 (2D) or 4 (GS1-128). */
  readonly moduleSize?: number;
  /** Blank margin on every side, in modules: at least the standard's minimum (QR 4, DataMatrix 1, GS1-128 10), at most 100. */
  readonly quietZone?: number;
  /** Print the human-readable text under the symbol. Default: true for GS1-128 (GS1 requires it), false for 2D symbols. */
  readonly hri?: boolean;
  /** GS1-128 bar height in modules, 10–500. Default 50. */
  readonly barHeight?: number;
}

/**
 * Renders one symbol as SVG text or a PNG image, on a white background with its quiet zone.
 *
 * @throws LabelError naming the field (`symbol`, `data`, `moduleSize`, `quietZone`, `hri`, `barHeight`) that was wrong.
 * @example
 * const png = await renderSymbol({ symbol: 'qr', data: 'https://id.example.cn/01/06901234567892/21/ABC123', format: 'png' });
 * const svg = await renderSymbol({ symbol: 'gs1-128', data: '(00)106141411234567897', format: 'svg', moduleSize: 3 });
 */
export function renderSymbol(input: RenderSymbolInput & { readonly format: 'svg' }): Promise<string>;
export function renderSymbol(input: RenderSymbolInput & { readonly format: 'png' }): Promise<Buffer>;
export function renderSymbol(input: RenderSymbolInput): Promise<string | Buffer>;
export async function renderSymbol(input: RenderSymbolInput): Promise<string | Buffer> {
  const { symbol, data, format } = input;
  const spec = specOf(symbol);
  if (format !== 'svg' && format !== 'png') {
    throw new LabelError('format', 'unknown_format', `format: expected "svg" or "png", got ${JSON.stringify(format)}`);
  }
  const moduleSize = integerOption('moduleSize', input.moduleSize, spec.defaultModuleSize, spec.matrix ? 2 : 1, 50);
  if (spec.matrix && moduleSize % 2 !== 0) {
    // bwip-js draws a 2D module two units wide and its PNG renderer scales by whole units.
    throw new LabelError('moduleSize', 'out_of_range', `moduleSize: ${symbol} takes an even number of pixels per module, got ${moduleSize}`);
  }
  const quietZone = integerOption('quietZone', input.quietZone, spec.defaultQuietZone, spec.minQuietZone, 100, `the ${symbol} standard needs at least ${spec.minQuietZone} modules`);
  const barHeight = integerOption('barHeight', input.barHeight, DEFAULT_BAR_HEIGHT, 10, 500);
  const hri = input.hri ?? spec.defaultHri;
  if (typeof hri !== 'boolean') throw new LabelError('hri', 'not_boolean', `hri: expected true or false, got ${JSON.stringify(hri)}`);
  const options = bwipOptions(symbol, data, { hri, barHeight, quietZone });
  // bwip-js draws a 2D module 2 units wide and a bar module 1 unit wide; a unit is `scale` pixels.
  const unitsPerModule = spec.matrix ? 2 : 1;
  const rendering: BwipRenderOptions = {
    ...options,
    scale: moduleSize / unitsPerModule,
    padding: quietZone * unitsPerModule,
    // Without an explicit background the PNG is transparent and decoders find nothing.
    backgroundcolor: 'FFFFFF',
  };
  return format === 'svg' ? callBwip(symbol, data, () => bwipjs.toSVG(rendering)) : callBwipAsync(symbol, data, () => bwipjs.toBuffer(rendering));
}

function specOf(symbol: SymbolKind): SymbolSpec {
  if (!isSymbolKind(symbol)) {
    throw new LabelError('symbol', 'unknown_symbol', `symbol: expected one of ${SYMBOL_KINDS.join(', ')}, got ${JSON.stringify(symbol)}`);
  }
  return SPECS[symbol];
}

function integerOption(field: string, value: number | undefined, fallback: number, min: number, max: number, why?: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new LabelError(field, 'out_of_range', `${field}: expected an integer from ${min} to ${max}${why ? ` (${why})` : ''}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The bwip-js options for one symbol; the single place that decides how data is encoded. */
function bwipOptions(symbol: SymbolKind, data: string, draw: { hri?: boolean; barHeight?: number; quietZone?: number }): BwipRenderOptions {
  const spec = specOf(symbol);
  checkData(symbol, data);
  const options: BwipRenderOptions = { bcid: spec.bcid, text: data };
  if (symbol === 'qr') options.eclevel = 'M';
  if (!spec.gs1 && /[^\x00-\x7f]/.test(data)) {
    // bwip-js sends non-ASCII text as UTF-8 bytes; the ECI 000026 designator tells readers so instead
    // of leaving them to guess (phones otherwise try Shift JIS or GB 18030). With parsefnc on, a
    // literal caret is written "^^".
    options.text = `^ECI000026${data.replaceAll('^', '^^')}`;
    options.parsefnc = true;
  }
  if (draw.hri !== undefined) {
    if (draw.hri && !PRINTABLE_ASCII.test(data)) {
      throw new LabelError('hri', 'unsupported_character', `hri: the human-readable text font has printable ASCII only, and the data has ${describeChar(firstNonAscii(data))}; render without hri and print the text yourself`);
    }
    options.includetext = draw.hri;
    if (draw.hri && spec.matrix) {
      options.alttext = data;
      // BWIPP sets 2D text right under the modules, inside the quiet zone; move it below the zone
      // (text offsets are in units, two to a 2D module).
      options.textyoffset = -2 * (draw.quietZone ?? spec.defaultQuietZone);
    }
  }
  // bwip-js takes the height in millimetres at 72 units per inch; at scale s a unit is s pixels.
  if (!spec.matrix && draw.barHeight !== undefined) options.height = draw.barHeight * MM_PER_POINT;
  return options;
}

/** Options that are BWIPP's own (for `raw`, which takes no drawing options). */
function bwippOnly(options: BwipRenderOptions): Omit<BwipRenderOptions, 'bcid' | 'text'> {
  const { bcid: _bcid, text: _text, ...rest } = options;
  return rest;
}

function checkData(symbol: SymbolKind, data: string): void {
  if (typeof data !== 'string') throw new LabelError('data', 'not_a_string', `data: expected a string to encode in ${symbol}, got ${typeof data}`);
  if (data.length === 0) throw new LabelError('data', 'empty', `data: empty; give the text to encode in ${symbol}`);
  if (LONE_SURROGATE.test(data)) throw new LabelError('data', 'invalid_unicode', 'data: contains an unpaired UTF-16 surrogate, which cannot be encoded');
  if (SPECS[symbol].gs1) {
    if (!data.startsWith('(')) {
      throw new LabelError('data', 'not_bracketed', `data: ${symbol} takes a GS1 element string in bracket form, e.g. "(01)06901234567892(21)ABC123"; got ${quote(data)}`);
    }
    if (symbol === 'gs1-128') {
      const characters = data.replace(/\((\d{2,4})\)/g, '$1').length;
      if (characters > GS1_128_MAX_DATA_CHARACTERS) {
        throw new LabelError('data', 'too_long', `data: GS1-128 carries at most ${GS1_128_MAX_DATA_CHARACTERS} data characters (GS1 General Specifications §5.4.1), ${quote(data)} has ${characters}; use gs1-datamatrix`);
      }
    }
  }
}

/** bwip-js errors read "bwipp.GS1badChecksum#3251: AI 01: Bad checksum"; say it for people. */
function wrapBwipError(symbol: SymbolKind, data: string, error: unknown): LabelError {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^bwipp\.(\w+)#\d+: (.*)$/s.exec(text);
  const name = match?.[1] ?? '';
  const info = (match?.[2] ?? text.replace(/^bwip-js: /, '')).replace(/^AI (\d{2,4}):/, 'AI ($1):');
  const subject = SPECS[symbol].gs1 ? `not a valid GS1 element string for ${symbol}` : `cannot be encoded as ${symbol}`;
  if (name === 'GS1badChecksum') {
    return new LabelError('data', 'invalid_check_digit', `data: ${quote(data)} is ${subject}: ${info.replace(/: Bad checksum$/, '')}: the check digit is wrong`);
  }
  if (/TooMuchData|NoValidSymbol|TooLong/.test(name) && !name.startsWith('GS1')) {
    const bytes = Buffer.byteLength(data, 'utf8');
    const capacity = symbol === 'qr' ? 'a QR Code holds at most 2331 bytes at error correction level M' : 'a DataMatrix holds at most 1556 bytes';
    return new LabelError('data', 'too_long', `data: too long for ${symbol} (${bytes} bytes; ${capacity})`);
  }
  const code = GS1_ERROR_CODES[name] ?? (name.startsWith('GS1') ? 'invalid_gs1' : 'invalid');
  return new LabelError('data', code, `data: ${quote(data)} is ${subject}: ${info}${name ? ` [bwip-js ${name}]` : ''}`);
}

const GS1_ERROR_CODES: Readonly<Record<string, string>> = {
  GS1valueTooShort: 'too_short',
  GS1valueTooLong: 'too_long',
  GS1unknownAI: 'unknown_ai',
  GS1aiMissingOpenParen: 'not_bracketed',
  GS1aiMissingCloseParen: 'not_bracketed',
  GS1missingAIs: 'missing_required_ai',
  GS1badCSET82character: 'invalid_character',
};

function callBwip<T>(symbol: SymbolKind, data: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw wrapBwipError(symbol, data, error);
  }
}

async function callBwipAsync<T>(symbol: SymbolKind, data: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw wrapBwipError(symbol, data, error);
  }
}

function quote(data: string): string {
  return JSON.stringify(data.length > 80 ? `${data.slice(0, 77)}...` : data);
}

function firstNonAscii(text: string): string {
  for (const ch of text) if (!PRINTABLE_ASCII.test(ch)) return ch;
  return '';
}

/**
 * A character for an error message: itself and its code point.
 *
 * @example describeChar('é') // → '"é" (U+00E9)'
 */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `${JSON.stringify(ch)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
}
