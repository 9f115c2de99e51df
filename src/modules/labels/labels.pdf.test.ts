import type { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBarcodes, greyImage } from '../../../test/zxing.ts';
import { LABEL_LAYOUTS, labelsPerPage, streamLabelPdf, type LabelInput, type LabelLayout } from './labels.pdf.ts';
import { LabelError } from './labels.render.ts';

// No PDF rasterizer is installed here (no pdftoppm, mutool or Ghostscript), so these tests read the
// PDF themselves: the xref table gives each object, the page's content stream is inflated, and its
// filled rectangles (all our labels draw besides text) are painted into a bitmap for zxing.

interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly content: string;
}

function pdfPages(pdf: Buffer): PdfPage[] {
  const text = pdf.toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!startxref) throw new Error('no startxref');
  const xref = text.slice(Number(startxref[1]));
  const head = /^xref\s+0 (\d+)\s+/.exec(xref);
  if (!head) throw new Error('no xref table');
  const offsets = [...xref.slice(head[0].length).matchAll(/(\d{10}) \d{5} [nf]/g)].slice(0, Number(head[1])).map((m) => Number(m[1]));
  const object = (id: number): { dict: string; stream?: Buffer } => {
    const start = offsets[id];
    if (start === undefined) throw new Error(`no object ${id}`);
    const body = text.slice(start, start + 4096);
    const streamAt = body.indexOf('\nstream\n');
    const endAt = body.indexOf('\nendobj');
    if (streamAt < 0 || (endAt >= 0 && endAt < streamAt)) return { dict: body.slice(0, endAt) };
    const dict = body.slice(0, streamAt);
    const from = start + streamAt + '\nstream\n'.length;
    const raw = pdf.subarray(from, from + Number(/\/Length (\d+)/.exec(dict)?.[1]));
    return { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw };
  };
  const pagesId = offsets.findIndex((_, id) => id > 0 && /\/Type \/Pages\b/.test(object(id).dict));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(object(pagesId).dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return kids.map((id) => {
    const dict = object(id).dict;
    const box = /\/MediaBox \[([^\]]*)\]/.exec(dict)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
    const contents = object(Number(/\/Contents (\d+) 0 R/.exec(dict)?.[1])).stream ?? Buffer.alloc(0);
    return { width: box[2] ?? 0, height: box[3] ?? 0, content: contents.toString('latin1') };
  });
}

type Matrix = [number, number, number, number, number, number];

/** Paints a page's filled rectangles at `pxPerMm` and collects its text, one string per show-text operator. */
function renderPage(page: PdfPage, pxPerMm: number): { image: ImageData; text: string[] } {
  const scale = pxPerMm / (72 / 25.4);
  const width = Math.ceil(page.width * scale);
  const height = Math.ceil(page.height * scale);
  const grey = new Uint8Array(width * height).fill(255);
  const text: string[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let rects: [number, number, number, number][] = [];
  let operands: string[] = [];
  let inText = false;
  const tokens = page.content.matchAll(/\/[^\s/[\]<>()]+|<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+/g);
  for (const [token] of tokens) {
    if (/^[-+.\d/<([\]]/.test(token)) {
      operands.push(token);
      continue;
    }
    const args = operands;
    const n = args.map(Number);
    operands = [];
    if (token === 'BT' || token === 'ET') inText = token === 'BT';
    else if (inText && (token === 'TJ' || token === 'Tj')) {
      text.push(args.filter((a) => a.startsWith('<')).map((a) => Buffer.from(a.slice(1, -1).replace(/\s/g, ''), 'hex').toString('latin1')).join(''));
    } else if (token === 'q') stack.push(ctm);
    else if (token === 'Q') ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (token === 'cm') {
      const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = n;
      const [A, B, C, D, E, F] = ctm;
      ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
    } else if (token === 're') {
      const [x = 0, y = 0, w = 0, h = 0] = n;
      const [A, B, C, D, E, F] = ctm;
      if (B !== 0 || C !== 0) throw new Error('rotated rectangles are not supported');
      const xs = [A * x + E, A * (x + w) + E];
      const ys = [D * y + F, D * (y + h) + F];
      rects.push([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    } else if (token === 'f' || token === 'f*' || token === 'F') {
      // A pixel is inked when its centre lies inside a rectangle (device space has y up).
      for (const [x1, y1, x2, y2] of rects) {
        const c0 = Math.max(0, Math.round(x1 * scale));
        const c1 = Math.min(width, Math.round(x2 * scale));
        for (let r = Math.max(0, Math.round((page.height - y2) * scale)); r < Math.min(height, Math.round((page.height - y1) * scale)); r++) {
          grey.fill(0, r * width + c0, r * width + c1);
        }
      }
      rects = [];
    } else if (token === 'n' || token === 'S') rects = [];
  }
  return { image: greyImage(grey, width, height), text };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Appends the GS1 mod-10 check digit. */
function withCheckDigit(digits: string): string {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => {
    sum += Number(d) * (i % 2 === 0 ? 3 : 1);
  });
  return digits + String((10 - (sum % 10)) % 10);
}

const GS = '\u001d';

/** A label of each symbology in turn, all different, with what a scanner must read back. */
function sampleLabel(i: number): LabelInput & { expected: { symbologyIdentifier: string; text: string } } {
  const serial = String(100000 + i);
  switch (i % 4) {
    case 0: {
      const data = `https://id.example.cn/01/06901234567892/10/L2025A/21/${serial}`;
      return { symbol: 'qr', data, caption: ['GTIN 06901234567892', `LOT L2025A SN ${serial}`], expected: { symbologyIdentifier: ']Q1', text: data } };
    }
    case 1:
      return {
        symbol: 'gs1-datamatrix',
        data: `(01)06901234567892(17)271231(10)L2025A(21)${serial}`,
        caption: ['GTIN 06901234567892', `LOT L2025A SN ${serial}`, 'EXP 2027-12-31'],
        expected: { symbologyIdentifier: ']d2', text: `01069012345678921727123110L2025A${GS}21${serial}` },
      };
    case 2: {
      const sscc = withCheckDigit(`1069014${String(i).padStart(10, '0')}`);
      return { symbol: 'gs1-128', data: `(00)${sscc}`, caption: [`CARTON ${i}`], expected: { symbologyIdentifier: ']C1', text: `00${sscc}` } };
    }
    default: {
      const data = `YM1-${serial}-7QX3WD8`;
      return { symbol: 'datamatrix', data, caption: [data], expected: { symbologyIdentifier: ']d1', text: data } };
    }
  }
}

describe('streamLabelPdf', () => {
  it.each([
    ['a4-grid', 1, 1],
    ['a4-grid', 32, 1],
    ['a4-grid', 33, 2],
    ['a4-grid', 65, 3],
    ['thermal-60x40', 1, 1],
    ['thermal-60x40', 3, 3],
  ] as const)('prints %s with %i labels on %i pages, a whole PDF file', async (layout, count, pages) => {
    const pdf = await collect(streamLabelPdf({ layout, labels: from(Array.from({ length: count }, (_, i) => sampleLabel(i))) }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    const parsed = pdfPages(pdf);
    expect(parsed).toHaveLength(pages);
    expect(Math.ceil(count / labelsPerPage(layout))).toBe(pages);
    const spec = LABEL_LAYOUTS[layout];
    expect(parsed[0]?.width).toBeCloseTo((spec.pageWidth * 72) / 25.4, 3);
    expect(parsed[0]?.height).toBeCloseTo((spec.pageHeight * 72) / 25.4, 3);
  });

  it('prints a full A4 sheet whose 32 symbols all decode, unmirrored, with their captions and GS1-128 HRI', async () => {
    const labels = Array.from({ length: 32 }, (_, i) => sampleLabel(i));
    const [page] = pdfPages(await collect(streamLabelPdf({ layout: 'a4-grid', labels })));
    if (!page) throw new Error('no page');
    const { image, text } = renderPage(page, 10);
    const hits = await decodeBarcodes(image);
    expect(hits.map((h) => h.isMirrored)).not.toContain(true);
    const read = new Map(hits.map((h) => [h.text, h.symbologyIdentifier]));
    for (const label of labels) expect(read.get(label.expected.text), label.data).toBe(label.expected.symbologyIdentifier);
    expect(hits).toHaveLength(32);
    for (const label of labels) {
      for (const line of label.caption) expect(text).toContain(line);
      if (label.symbol === 'gs1-128') expect(text).toContain(label.data);
    }
  });

  it('prints one label per thermal page, each decoding to its own content', async () => {
    const labels = Array.from({ length: 4 }, (_, i) => sampleLabel(i));
    const pages = pdfPages(await collect(streamLabelPdf({ layout: 'thermal-60x40', labels: from(labels) })));
    expect(pages).toHaveLength(4);
    for (const [i, page] of pages.entries()) {
      const label = labels[i];
      if (!label) throw new Error('no label');
      const { image, text } = renderPage(page, 8); // 203 dpi, a thermal head
      const hits = await decodeBarcodes(image);
      expect(hits.map((h) => [h.symbologyIdentifier, h.text])).toEqual([[label.expected.symbologyIdentifier, label.expected.text]]);
      expect(text).toEqual([...(label.symbol === 'gs1-128' ? [label.data] : []), ...label.caption]);
    }
  });

  it('draws thermal modules on whole 203 dpi dots and 2D symbols of at least 15 mm', async () => {
    const pdf = await collect(streamLabelPdf({ layout: 'thermal-60x40', labels: [sampleLabel(1)] }));
    const cm = /^([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm$/m.exec(pdfPages(pdf)[0]?.content.split('0 g\n')[1] ?? '');
    const [moduleMm, , xMm, yMm] = (cm?.slice(1) ?? []).map((v) => (Number(v) * 25.4) / 72);
    for (const length of [moduleMm, xMm, yMm]) {
      const dots = (length ?? 0.1) * 8;
      expect(Math.abs(dots - Math.round(dots))).toBeLessThan(0.01);
    }
    // (01)(17)(10)(21) needs a 24 x 24 DataMatrix
    expect(24 * (moduleMm ?? 0)).toBeGreaterThanOrEqual(15);
  });

  describe('refuses what it cannot print, ending the stream with a LabelError', () => {
    const fails = (layout: LabelLayout, labels: readonly LabelInput[]) => expect(collect(streamLabelPdf({ layout, labels: from(labels) }))).rejects;
    const good = { symbol: 'qr', data: 'https://id.example.cn/01/06901234567892', caption: ['GTIN 06901234567892'] } as const;

    it('a caption the built-in font cannot show, naming the label, line and character', async () => {
      await fails('a4-grid', [good, { ...good, caption: ['GTIN 06901234567892', 'Lot café'] }]).toMatchObject({
        name: 'LabelError',
        field: 'labels[1].caption[1]',
        code: 'unsupported_character',
        message: expect.stringMatching(/"é" \(U\+00E9\) at position 8.*Helvetica.*ASCII/),
      });
      await fails('thermal-60x40', [{ ...good, caption: ['批次 L2025A'] }]).toMatchObject({ field: 'labels[0].caption[0]', message: expect.stringContaining('U+6279') });
    });

    it('bad symbol data midway, with the label index', async () => {
      await fails('a4-grid', [good, good, { symbol: 'gs1-datamatrix', data: '(01)06901234567893', caption: [] }]).toMatchObject({
        field: 'labels[2].data',
        code: 'invalid_check_digit',
      });
      await fails('a4-grid', [{ ...good, data: '' }]).toMatchObject({ field: 'labels[0].data', code: 'empty' });
      await fails('a4-grid', [{ ...good, symbol: 'pdf417' as 'qr' }]).toMatchObject({ field: 'labels[0].symbol', code: 'unknown_symbol' });
    });

    it('more than three caption lines, or a line too wide even at 5 pt', async () => {
      await fails('a4-grid', [{ ...good, caption: ['1', '2', '3', '4'] }]).toMatchObject({ field: 'labels[0].caption', code: 'too_many_lines' });
      await fails('a4-grid', [{ ...good, caption: ['W'.repeat(60)] }]).toMatchObject({ field: 'labels[0].caption[0]', code: 'too_wide' });
    });

    it('data whose modules would be smaller than 0.25 mm on the label', async () => {
      await fails('a4-grid', [{ ...good, data: `https://id.example.cn/${'x'.repeat(600)}` }]).toMatchObject({ field: 'labels[0].data', code: 'too_long_for_layout' });
      await fails('thermal-60x40', [{ symbol: 'gs1-128', data: '(01)06901234567892(10)LOT2025A(21)SN100001', caption: [] }]).toMatchObject({
        field: 'labels[0].data',
        code: 'too_long_for_layout',
        message: expect.stringContaining('use gs1-datamatrix'),
      });
    });

    it('no labels at all', async () => {
      await fails('a4-grid', []).toMatchObject({ field: 'labels', code: 'empty' });
    });

    it('an unknown layout, at once', () => {
      expect(() => streamLabelPdf({ layout: 'a5' as LabelLayout, labels: [] })).toThrow(LabelError);
    });
  });

  it('stops pulling labels while the reader is behind, and releases the source when destroyed', async () => {
    let pulled = 0;
    let released = false;
    async function* endless(): AsyncGenerator<LabelInput> {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield sampleLabel(i * 4 + 2);
        }
      } finally {
        released = true;
      }
    }
    const stream = streamLabelPdf({ layout: 'a4-grid', labels: endless() });
    stream.once('readable', () => undefined); // start it without consuming
    let stalled = -1;
    for (let waited = 0; waited < 20_000 && stalled !== pulled; waited += 250) {
      stalled = pulled;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(pulled).toBe(stalled);
    expect(stalled).toBeGreaterThan(32);
    expect(stream.readableLength).toBeGreaterThanOrEqual(256 * 1024);
    expect(stream.readableLength).toBeLessThan(512 * 1024); // the stream buffers 256 KiB and one page, then waits
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(released).toBe(true);
  });

  // 3,000 labels show flat memory; `npm run bench -- labels` times 10,000.
  it('streams 3,000 labels in flat memory', { timeout: 300_000 }, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const count = 3_000;
    const heap: number[] = [];
    async function* labels(): AsyncGenerator<LabelInput> {
      for (let i = 0; i < count; i++) {
        if (i % 500 === 0) {
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
        yield sampleLabel(i);
      }
    }
    const started = performance.now();
    let bytes = 0;
    let pages = 0;
    let tail = '';
    for await (const chunk of streamLabelPdf({ layout: 'a4-grid', labels: labels() })) {
      const text = (chunk as Buffer).toString('latin1');
      bytes += text.length;
      pages += text.match(/\/Type \/Page\n/g)?.length ?? 0;
      tail = (tail + text).slice(-16);
    }
    const seconds = (performance.now() - started) / 1000;
    const mb = heap.map((h) => Math.round(h / 1e5) / 10);
    console.log(`${count} labels (a4-grid, 4 symbologies): ${seconds.toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB, ${pages} pages; heap after GC every 500 labels (MB): ${mb.join(' ')}`);
    expect(pages).toBe(Math.ceil(count / 32));
    expect(tail.trimEnd().endsWith('%%EOF')).toBe(true);
    const [, first = 0] = heap;
    expect(Math.max(...heap.slice(1)) - first).toBeLessThan(8e6);
  });
});
