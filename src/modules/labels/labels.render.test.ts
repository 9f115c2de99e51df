import { describe, expect, it } from 'vitest';
import { decodeBarcodes, greyImage } from '../../../test/zxing.ts';
import { encodeSymbol, LabelError, renderSymbol, type EncodedSymbol, type SymbolKind } from './labels.render.ts';

const GS = '\u001d';
const DIGITAL_LINK = 'https://id.example.cn/01/06901234567892/10/LOT2025A/21/ABC123';

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Paints an encoded symbol's modules, quiet zone included, at `px` pixels per module. */
function paint(encoded: EncodedSymbol, px = 4): ImageData {
  const { geometry, quietZone } = encoded;
  if (geometry.kind === 'matrix') {
    const width = (geometry.columns + 2 * quietZone) * px;
    const height = (geometry.rows + 2 * quietZone) * px;
    const grey = new Uint8Array(width * height).fill(255);
    for (let r = 0; r < geometry.rows; r++) {
      for (let c = 0; c < geometry.columns; c++) {
        if (geometry.dark[r * geometry.columns + c] !== 1) continue;
        for (let y = 0; y < px; y++) grey.fill(0, ((quietZone + r) * px + y) * width + (quietZone + c) * px, ((quietZone + r) * px + y) * width + (quietZone + c + 1) * px);
      }
    }
    return greyImage(grey, width, height);
  }
  const width = (geometry.modules + 2 * quietZone) * px;
  const height = 40 * px;
  const grey = new Uint8Array(width * height).fill(255);
  let x = quietZone * px;
  geometry.widths.forEach((w, i) => {
    if (i % 2 === 0) for (let y = 0; y < height; y++) grey.fill(0, y * width + x, y * width + x + w * px);
    x += w * px;
  });
  return greyImage(grey, width, height);
}

interface Case {
  readonly name: string;
  readonly symbol: SymbolKind;
  readonly data: string;
  readonly format: string;
  readonly symbologyIdentifier: string;
  readonly text: string;
}

const cases: readonly Case[] = [
  { name: 'a GS1 Digital Link URL in QR', symbol: 'qr', data: DIGITAL_LINK, format: 'QRCode', symbologyIdentifier: ']Q1', text: DIGITAL_LINK },
  {
    name: 'GS1 DataMatrix (01)(21)',
    symbol: 'gs1-datamatrix',
    data: '(01)06901234567892(21)ABC123',
    format: 'DataMatrix',
    symbologyIdentifier: ']d2',
    text: '0106901234567892' + '21ABC123',
  },
  {
    name: 'GS1 DataMatrix with a variable-length AI not last: (10) is ended by a GS',
    symbol: 'gs1-datamatrix',
    data: '(01)06901234567892(17)271231(10)LOT7(21)SER9',
    format: 'DataMatrix',
    symbologyIdentifier: ']d2',
    text: `01069012345678921727123110LOT7${GS}21SER9`,
  },
  { name: 'GS1-128 SSCC', symbol: 'gs1-128', data: '(00)106141411234567897', format: 'Code128', symbologyIdentifier: ']C1', text: '00106141411234567897' },
  {
    name: 'GS1-128 with (10) before (21), GS separated',
    symbol: 'gs1-128',
    data: '(01)06901234567892(10)LOT(21)SER',
    format: 'Code128',
    symbologyIdentifier: ']C1',
    text: `010690123456789210LOT${GS}21SER`,
  },
  { name: 'plain DataMatrix (Yima code)', symbol: 'datamatrix', data: 'YM1-6F2K9Q7X3WD8', format: 'DataMatrix', symbologyIdentifier: ']d1', text: 'YM1-6F2K9Q7X3WD8' },
  { name: 'plain QR text', symbol: 'qr', data: 'ECODE:10012345678901234', format: 'QRCode', symbologyIdentifier: ']Q1', text: 'ECODE:10012345678901234' },
];

describe('renderSymbol PNG', () => {
  it.each(cases)('decodes $name back to exactly the content, as $symbologyIdentifier', async ({ symbol, data, format, symbologyIdentifier, text }) => {
    const png = await renderSymbol({ symbol, data, format: 'png' });
    const hits = await decodeBarcodes(png);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ format, symbologyIdentifier, text, isMirrored: false });
  });

  it('gives the bracketed element string as the HRI reading of a GS1 DataMatrix', async () => {
    const data = '(01)06901234567892(10)LOT7(21)SER9';
    const [hit] = await decodeBarcodes(await renderSymbol({ symbol: 'gs1-datamatrix', data, format: 'png' }), { textMode: 'HRI' });
    expect(hit?.text).toBe(data);
  });

  it.each(['qr', 'datamatrix'] as const)('encodes non-ASCII %s text as UTF-8 behind ECI 26, so readers need not guess', async (symbol) => {
    const data = '一码追溯 YM^1 №7';
    const [hit] = await decodeBarcodes(await renderSymbol({ symbol, data, format: 'png' }));
    expect(hit).toMatchObject({ text: data, hasECI: true });
  });

  it('draws modules of moduleSize pixels inside a quietZone of blank modules', async () => {
    const { geometry } = encodeSymbol('datamatrix', 'YM123');
    if (geometry.kind !== 'matrix') throw new Error('expected a matrix');
    const size = pngSize(await renderSymbol({ symbol: 'datamatrix', data: 'YM123', format: 'png', moduleSize: 6, quietZone: 3 }));
    expect(size).toEqual({ width: (geometry.columns + 6) * 6, height: (geometry.rows + 6) * 6 });
    const qr = pngSize(await renderSymbol({ symbol: 'qr', data: 'x', format: 'png' }));
    expect(qr).toEqual({ width: (21 + 8) * 8, height: (21 + 8) * 8 }); // version 1, 4X quiet zone, 8 px modules by default
  });

  it('prints the HRI under GS1-128 by default and leaves it off on request', async () => {
    const data = '(00)106141411234567897';
    const withText = pngSize(await renderSymbol({ symbol: 'gs1-128', data, format: 'png', moduleSize: 2 }));
    const bare = pngSize(await renderSymbol({ symbol: 'gs1-128', data, format: 'png', moduleSize: 2, hri: false }));
    expect(withText.width).toBe(bare.width);
    expect(withText.height).toBeGreaterThan(bare.height);
    // 50X bars and the quiet zone above and below (bwip-js may round the bar height up a pixel)
    expect(Math.abs(bare.height - (50 * 2 + 2 * 10 * 2))).toBeLessThanOrEqual(1);
    const [hit] = await decodeBarcodes(await renderSymbol({ symbol: 'gs1-128', data, format: 'png', moduleSize: 2 }));
    expect(hit?.text).toBe('00106141411234567897');
  });

  it('adds the text under a 2D symbol when hri is asked for, and the symbol still decodes', async () => {
    const data = '(01)06901234567892(21)ABC123';
    const plain = pngSize(await renderSymbol({ symbol: 'gs1-datamatrix', data, format: 'png' }));
    const png = await renderSymbol({ symbol: 'gs1-datamatrix', data, format: 'png', hri: true });
    expect(pngSize(png).height).toBeGreaterThan(plain.height);
    expect((await decodeBarcodes(png))[0]?.symbologyIdentifier).toBe(']d2');
  });
});

describe('renderSymbol SVG', () => {
  it('is an SVG on a white background with the same size in pixels as the PNG', async () => {
    const svg = await renderSymbol({ symbol: 'gs1-datamatrix', data: '(01)06901234567892(21)ABC123', format: 'svg' });
    const png = await renderSymbol({ symbol: 'gs1-datamatrix', data: '(01)06901234567892(21)ABC123', format: 'png' });
    const { width, height } = pngSize(png);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain(`viewBox="0 0 ${width} ${height}"`);
    expect(svg).toContain('fill="#FFFFFF"');
    expect(svg).toMatch(/<path d="M/);
  });
});

describe('encodeSymbol (the geometry the PDF draws)', () => {
  it.each(cases)('paints $name so that it decodes to the same content', async ({ symbol, data, symbologyIdentifier, text }) => {
    const hits = await decodeBarcodes(paint(encodeSymbol(symbol, data)));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ symbologyIdentifier, text, isMirrored: false });
  });

  it('keeps the GS1-128 element string as the HRI to print and the standard quiet zones', () => {
    expect(encodeSymbol('gs1-128', '(00)106141411234567897')).toMatchObject({ hri: '(00)106141411234567897', quietZone: 10 });
    expect(encodeSymbol('qr', 'x')).toMatchObject({ quietZone: 4, geometry: { kind: 'matrix', columns: 21, rows: 21 } });
    expect(encodeSymbol('gs1-datamatrix', '(01)06901234567892').quietZone).toBe(1);
  });
});

describe('invalid input', () => {
  const rejects = (input: Parameters<typeof renderSymbol>[0]) => expect(renderSymbol(input)).rejects;

  it('refuses a GTIN with a bad check digit with data: invalid_check_digit, naming the AI', async () => {
    await rejects({ symbol: 'gs1-datamatrix', data: '(01)06901234567893(21)ABC123', format: 'png' }).toMatchObject({
      name: 'LabelError',
      field: 'data',
      code: 'invalid_check_digit',
      message: expect.stringMatching(/AI \(01\).*check digit is wrong/),
    });
    expect(() => encodeSymbol('gs1-128', '(00)106141411234567898')).toThrow(/AI \(00\).*check digit is wrong/);
  });

  it.each(['qr', 'gs1-datamatrix', 'gs1-128', 'datamatrix'] as const)('refuses empty %s data with data: empty', async (symbol) => {
    await rejects({ symbol, data: '', format: 'svg' }).toMatchObject({ field: 'data', code: 'empty', message: expect.stringContaining('empty') });
  });

  it('refuses a QR too long for any version with data: too_long, giving the capacity', async () => {
    await rejects({ symbol: 'qr', data: `https://id.example.cn/${'x'.repeat(2400)}`, format: 'png' }).toMatchObject({
      field: 'data',
      code: 'too_long',
      message: expect.stringContaining('2331 bytes'),
    });
    expect(() => encodeSymbol('datamatrix', '9'.repeat(4000))).toThrow(LabelError);
  });

  it('refuses a GS1-128 over 48 data characters and points to gs1-datamatrix', () => {
    expect(() => encodeSymbol('gs1-128', `(01)06901234567892(10)${'A'.repeat(20)}(21)${'B'.repeat(20)}`)).toThrow(/at most 48 data characters.*gs1-datamatrix/);
  });

  it.each([
    ['01069012345678922', 'not_bracketed', /bracket form/],
    ['(0106901234567892', 'not_bracketed', /\)/],
    ['(01)0690123456789', 'too_short', /AI \(01\)/],
    ['(21)ABC', 'missing_required_ai', /01/],
    ['(01)06901234567892(21)AB C', 'invalid_character', /CSET 82/],
    ['(9999)1', 'unknown_ai', /9999/],
    ['(01)06901234567892(17)251399', 'invalid_gs1', /month/],
  ])('refuses the GS1 element string %s with data: %s', (data, code, message) => {
    try {
      encodeSymbol('gs1-datamatrix', data);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LabelError);
      expect(error).toMatchObject({ field: 'data', code });
      expect((error as LabelError).message).toMatch(message);
    }
  });

  it('refuses bad options, naming the option', async () => {
    await rejects({ symbol: 'ean13' as SymbolKind, data: '1', format: 'png' }).toMatchObject({ field: 'symbol', code: 'unknown_symbol' });
    await rejects({ symbol: 'qr', data: 'x', format: 'gif' as 'png' }).toMatchObject({ field: 'format' });
    await rejects({ symbol: 'qr', data: 'x', format: 'png', moduleSize: 1 }).toMatchObject({ field: 'moduleSize', code: 'out_of_range' });
    await rejects({ symbol: 'qr', data: 'x', format: 'png', moduleSize: 2.5 }).toMatchObject({ field: 'moduleSize' });
    await rejects({ symbol: 'qr', data: 'x', format: 'png', moduleSize: 5 }).toMatchObject({ field: 'moduleSize', message: expect.stringContaining('even') });
    await rejects({ symbol: 'qr', data: 'x', format: 'png', quietZone: 2 }).toMatchObject({ field: 'quietZone', message: expect.stringContaining('at least 4') });
    await rejects({ symbol: 'gs1-128', data: '(00)106141411234567897', format: 'png', quietZone: 5 }).toMatchObject({ field: 'quietZone' });
    await rejects({ symbol: 'datamatrix', data: 'é', format: 'png', hri: true }).toMatchObject({ field: 'hri', code: 'unsupported_character' });
    await rejects({ symbol: 'qr', data: 'a\ud800b', format: 'png' }).toMatchObject({ field: 'data', code: 'invalid_unicode' });
  });
});
