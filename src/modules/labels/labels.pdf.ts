/**
 * Printable label PDFs, streamed: an A4 sheet of 4 × 8 labels for office printers, or one
 * 60 × 40 mm label per page for thermal label printers.
 *
 * Symbols are drawn as vector paths: the module geometry bwip-js encodes (`encodeSymbol`, the same
 * options as the PNG/SVG renderer) becomes one filled path of rectangles per symbol, at an exact
 * module size in millimetres. A vector symbol stays sharp at any printer resolution, where an
 * embedded bitmap would be resampled by the printer driver and its module edges smeared or
 * unevenly widened; it is also a few hundred bytes instead of a PNG per label. On the thermal
 * layout the module size and position are rounded to the 203 dpi dot grid (8 dots/mm), so each
 * module is a whole number of printer dots.
 *
 * Captions use the PDF's built-in Helvetica (no font file to embed): printable ASCII only, and
 * anything else is refused with an error rather than printed as wrong glyphs.
 */
import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { describeChar, encodeSymbol, isSymbolKind, LabelError, SYMBOL_KINDS, type EncodedSymbol, type SymbolKind } from './labels.render.ts';

/** The page layouts labels can be printed on. */
export type LabelLayout = 'a4-grid' | 'thermal-60x40';

/** One label: its symbol and up to three caption lines printed under it. */
export interface LabelInput {
  readonly symbol: SymbolKind;
  /** A GS1 Digital Link URL or any text (`qr`, `datamatrix`); a bracketed element string (`gs1-*`). */
  readonly data: string;
  /** Human-readable lines under the symbol (the code, GTIN, lot, date): printable ASCII, at most 3. */
  readonly caption: readonly string[];
}

/** Options of {@link streamLabelPdf}. */
export interface StreamLabelPdfInput {
  readonly layout: LabelLayout;
  /** The labels, read one page at a time as the PDF is consumed. */
  readonly labels: AsyncIterable<LabelInput> | Iterable<LabelInput>;
  /** PDF document title (ASCII); default "Yima labels". */
  readonly title?: string;
}

/** A page layout; lengths in millimetres, font sizes in points. */
export interface LayoutSpec {
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly columns: number;
  readonly rows: number;
  /** Page margins around the grid; on A4 the crop marks sit in them. */
  readonly marginX: number;
  readonly marginY: number;
  /** Blank band inside each cell, so that a cut or a label printer's drift never reaches a quiet zone. */
  readonly padding: number;
  readonly captionFontSize: number;
  /** Captions too wide at `captionFontSize` shrink down to this size before they are refused. */
  readonly minCaptionFontSize: number;
  readonly maxCaptionLines: number;
  /** Module sizes and symbol positions are rounded down to multiples of this pitch (printer dots); 0: none. */
  readonly dotPitch: number;
  /** Smallest module (X) printed; data that needs smaller modules to fit is refused. */
  readonly minModule: number;
  /** Largest GS1-128 module, so that a short element string does not become a fence. */
  readonly maxLinearModule: number;
  readonly cropMarks: boolean;
}

/**
 * The layouts. A4: 4 × 8 cells of 48.5 × 34.1 mm (a 2D box of about 20 mm, so a typical code is
 * 16–19 mm square, and 3 caption lines at 7 pt). Thermal: one 60 × 40 mm label (a 2D box of about
 * 25 mm, 3 caption lines at 8 pt).
 */
export const LABEL_LAYOUTS: Readonly<Record<LabelLayout, LayoutSpec>> = Object.freeze({
  'a4-grid': Object.freeze({
    pageWidth: 210,
    pageHeight: 297,
    columns: 4,
    rows: 8,
    marginX: 8,
    marginY: 12,
    padding: 2,
    captionFontSize: 7,
    minCaptionFontSize: 5,
    maxCaptionLines: 3,
    dotPitch: 0,
    minModule: 0.25,
    maxLinearModule: 0.5,
    cropMarks: true,
  }),
  'thermal-60x40': Object.freeze({
    pageWidth: 60,
    pageHeight: 40,
    columns: 1,
    rows: 1,
    marginX: 0,
    marginY: 0,
    padding: 1.5,
    captionFontSize: 8,
    minCaptionFontSize: 5,
    maxCaptionLines: 3,
    // 203 dpi, the common thermal print head: 8 dots per millimetre.
    dotPitch: 0.125,
    minModule: 0.25,
    maxLinearModule: 0.5,
    cropMarks: false,
  }),
});

/**
 * How many labels one page of a layout holds.
 *
 * @example labelsPerPage('a4-grid') // → 32
 */
export function labelsPerPage(layout: LabelLayout): number {
  const spec = layoutSpec(layout);
  return spec.columns * spec.rows;
}

const PT_PER_MM = 72 / 25.4;
const LINE_HEIGHT = 1.2;
/** Space between the symbol (with its quiet zone) and the first caption line, mm. */
const CAPTION_GAP = 0.8;
const FONT = 'Helvetica';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Bytes the returned stream may hold unread before producing the next page waits. */
const HIGH_WATER_MARK = 256 * 1024;

/**
 * Streams a PDF of labels. Labels are pulled from `labels` as pages are produced, and production
 * waits while the consumer is behind, so memory holds one page of labels at a time whatever the
 * count. Invalid labels (bad data, a caption with non-ASCII characters, more than 3 caption lines,
 * data too long for the layout) end the stream with a `LabelError` naming the label's index.
 *
 * @throws LabelError synchronously for an unknown layout.
 * @example
 * async function* labels() {
 *   for (const serial of ['A1', 'A2']) {
 *     yield { symbol: 'qr', data: `https://id.example.cn/01/06901234567892/21/${serial}`, caption: ['GTIN 06901234567892', `SN ${serial}`] } as const;
 *   }
 * }
 * await pipeline(streamLabelPdf({ layout: 'a4-grid', labels: labels() }), createWriteStream('labels.pdf'));
 */
export function streamLabelPdf(input: StreamLabelPdfInput): Readable {
  const layout = layoutSpec(input.layout);
  const title = input.title ?? 'Yima labels';
  if (!PRINTABLE_ASCII.test(title)) throw new LabelError('title', 'unsupported_character', 'title: printable ASCII only');
  const perPage = layout.columns * layout.rows;

  let wake: (() => void) | undefined;
  let cancelled = false;
  const resume = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const out = new Readable({
    highWaterMark: HIGH_WATER_MARK,
    read: resume,
    destroy(error, callback) {
      cancelled = true;
      resume();
      callback(error);
    },
  });

  async function produce(): Promise<void> {
    const doc = new PDFDocument({
      autoFirstPage: false,
      size: [layout.pageWidth * PT_PER_MM, layout.pageHeight * PT_PER_MM],
      margin: 0,
      info: { Title: title, Creator: 'Yima' },
    });
    doc.on('data', (chunk: Buffer) => {
      if (!cancelled) out.push(chunk);
    });
    const ended = new Promise<void>((resolve) => doc.on('end', resolve));
    doc.font(FONT);

    let index = 0;
    for await (const label of input.labels) {
      if (cancelled) return;
      const slot = index % perPage;
      if (slot === 0) {
        // addPage writes the finished page out; wait for the reader before building the next.
        doc.addPage();
        releaseWrittenPage(doc);
        if (out.readableLength >= out.readableHighWaterMark) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          if (cancelled) return;
        }
        if (layout.cropMarks) drawCropMarks(doc, layout);
      }
      drawLabel(doc, layout, slot, planLabel(doc, layout, label, index));
      index++;
      // Give the event loop a turn after every label: pdfkit's output reaches the returned stream on
      // process.nextTick, which a chain of resolved promises would starve (and a server would stall
      // for the whole document).
      await setImmediate();
    }
    if (cancelled) return;
    if (index === 0) throw new LabelError('labels', 'empty', 'labels: none given; a PDF needs at least one label');
    doc.end();
    await ended;
    out.push(null);
  }

  produce().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** The pdfkit internals {@link releaseWrittenPage} touches (pdfkit 0.20). */
interface PdfKitInternals {
  readonly _root?: { readonly data?: { readonly Pages?: { readonly data?: { readonly Kids?: unknown[] } } } };
}

/**
 * pdfkit keeps every page's dictionary (and through it the page's resources) in the page tree
 * until the document ends, about 3 KB a page: 30 MB for 10,000 thermal labels. Only the
 * reference's "n 0 R" is needed once the page is written, so drop its data.
 */
function releaseWrittenPage(doc: PDFKit.PDFDocument): void {
  const kids = (doc as unknown as PdfKitInternals)._root?.data?.Pages?.data?.Kids;
  const written = kids?.[kids.length - 2];
  if (typeof written === 'object' && written !== null && 'data' in written) Object.assign(written, { data: {} });
}

function layoutSpec(layout: LabelLayout): LayoutSpec {
  if (!Object.hasOwn(LABEL_LAYOUTS, layout)) {
    throw new LabelError('layout', 'unknown_layout', `layout: expected one of ${Object.keys(LABEL_LAYOUTS).join(', ')}, got ${JSON.stringify(layout)}`);
  }
  return LABEL_LAYOUTS[layout];
}

/** A label measured for its cell: module size and caption sizes decided, in mm and pt. */
interface LabelPlan {
  readonly encoded: EncodedSymbol;
  /** Module size, mm. */
  readonly module: number;
  /** Symbol size with its quiet zone, mm (GS1-128: bars only, HRI below). */
  readonly width: number;
  readonly height: number;
  /** GS1-128 bar height, mm. */
  readonly barHeight: number;
  /** Text lines under the symbol: the GS1-128 HRI first, then the caption. */
  readonly lines: readonly { readonly text: string; readonly size: number }[];
}

function cellWidth(layout: LayoutSpec): number {
  return (layout.pageWidth - 2 * layout.marginX) / layout.columns;
}

function cellHeight(layout: LayoutSpec): number {
  return (layout.pageHeight - 2 * layout.marginY) / layout.rows;
}

function lineHeight(fontSize: number): number {
  return (fontSize * LINE_HEIGHT) / PT_PER_MM;
}

function snap(length: number, pitch: number): number {
  return pitch > 0 ? Math.floor(length / pitch + 1e-9) * pitch : length;
}

function planLabel(doc: PDFKit.PDFDocument, layout: LayoutSpec, label: LabelInput, index: number): LabelPlan {
  const at = `labels[${index}]`;
  if (typeof label !== 'object' || label === null) throw new LabelError(at, 'not_an_object', `${at}: expected { symbol, data, caption }`);
  if (!isSymbolKind(label.symbol)) {
    throw new LabelError(`${at}.symbol`, 'unknown_symbol', `${at}.symbol: expected one of ${SYMBOL_KINDS.join(', ')}, got ${JSON.stringify(label.symbol)}`);
  }
  if (!Array.isArray(label.caption)) throw new LabelError(`${at}.caption`, 'not_an_array', `${at}.caption: expected an array of text lines`);
  const caption: readonly unknown[] = label.caption;
  if (caption.length > layout.maxCaptionLines) {
    throw new LabelError(`${at}.caption`, 'too_many_lines', `${at}.caption: ${caption.length} lines; a label holds at most ${layout.maxCaptionLines}`);
  }

  let encoded: EncodedSymbol;
  try {
    encoded = encodeSymbol(label.symbol, label.data);
  } catch (error) {
    if (error instanceof LabelError) throw new LabelError(`${at}.${error.field}`, error.code, `${at}.${error.message}`);
    throw error;
  }

  const contentWidth = cellWidth(layout) - 2 * layout.padding;
  const contentHeight = cellHeight(layout) - 2 * layout.padding;
  const symbolArea = contentHeight - layout.maxCaptionLines * lineHeight(layout.captionFontSize) - CAPTION_GAP;
  const { geometry, quietZone } = encoded;
  const tooBig = (needed: string): LabelError =>
    new LabelError(`${at}.data`, 'too_long_for_layout', `${at}.data: too much data for a label of this layout: ${needed} at the smallest module of ${layout.minModule} mm`);

  const lines: { text: string; size: number }[] = [];
  let module: number;
  let width: number;
  let height: number;
  let barHeight = 0;
  if (geometry.kind === 'matrix') {
    const span = Math.max(geometry.columns, geometry.rows) + 2 * quietZone;
    module = snap(Math.min(contentWidth, symbolArea) / span, layout.dotPitch);
    if (module < layout.minModule - 1e-9) throw tooBig(`${geometry.columns} x ${geometry.rows} modules need ${(span * layout.minModule).toFixed(1)} mm, the label has ${Math.min(contentWidth, symbolArea).toFixed(1)} mm`);
    width = (geometry.columns + 2 * quietZone) * module;
    height = (geometry.rows + 2 * quietZone) * module;
  } else {
    const span = geometry.modules + 2 * quietZone;
    module = snap(Math.min(layout.maxLinearModule, contentWidth / span), layout.dotPitch);
    if (module < layout.minModule - 1e-9) throw tooBig(`${span} modules with quiet zones need ${(span * layout.minModule).toFixed(1)} mm, the label has ${contentWidth.toFixed(1)} mm; use gs1-datamatrix`);
    width = span * module;
    const hri = encoded.hri ?? encoded.data;
    lines.push({ text: hri, size: fitText(doc, hri, contentWidth, layout, `${at}.data`) });
    barHeight = snap(symbolArea - lineHeight(layout.captionFontSize), layout.dotPitch);
    height = barHeight;
  }

  caption.forEach((line, i) => {
    const field = `${at}.caption[${i}]`;
    if (typeof line !== 'string') throw new LabelError(field, 'not_a_string', `${field}: expected text, got ${typeof line}`);
    checkAscii(line, field);
    lines.push({ text: line, size: fitText(doc, line, contentWidth, layout, field) });
  });
  return { encoded, module, width, height, barHeight, lines };
}

function checkAscii(text: string, field: string): void {
  if (PRINTABLE_ASCII.test(text)) return;
  let position = 0;
  for (const ch of text) {
    position++;
    if (!PRINTABLE_ASCII.test(ch)) {
      throw new LabelError(
        field,
        'unsupported_character',
        `${field}: ${describeChar(ch)} at position ${position} cannot be printed: label captions use the PDF built-in ${FONT} font, printable ASCII only (U+0020-U+007E)`,
      );
    }
  }
}

/** The caption font size that fits `width` mm: the layout's size, shrunk in half points to its minimum. */
function fitText(doc: PDFKit.PDFDocument, text: string, width: number, layout: LayoutSpec, field: string): number {
  const perPoint = doc.fontSize(1).widthOfString(text) / PT_PER_MM;
  if (perPoint * layout.captionFontSize <= width) return layout.captionFontSize;
  const size = Math.floor((width / perPoint) * 2) / 2;
  if (size < layout.minCaptionFontSize) {
    throw new LabelError(
      field,
      'too_wide',
      `${field}: ${JSON.stringify(text)} is ${(perPoint * layout.minCaptionFontSize).toFixed(1)} mm wide at ${layout.minCaptionFontSize} pt, the label has ${width.toFixed(1)} mm; shorten it`,
    );
  }
  return size;
}

/** A number for a content stream: at most 4 decimals, no exponent. */
function num(value: number): string {
  return String(Math.round(value * 10000) / 10000);
}

function drawLabel(doc: PDFKit.PDFDocument, layout: LayoutSpec, slot: number, plan: LabelPlan): void {
  const column = slot % layout.columns;
  const row = Math.floor(slot / layout.columns);
  const left = layout.marginX + column * cellWidth(layout) + layout.padding;
  const top = layout.marginY + row * cellHeight(layout) + layout.padding;
  const contentWidth = cellWidth(layout) - 2 * layout.padding;
  const contentHeight = cellHeight(layout) - 2 * layout.padding;

  const textHeight = plan.lines.reduce((sum, line) => sum + lineHeight(line.size), 0);
  const blockHeight = plan.height + CAPTION_GAP + textHeight;
  const x = snap(left + (contentWidth - plan.width) / 2, layout.dotPitch);
  const y = snap(top + Math.max(0, (contentHeight - blockHeight) / 2), layout.dotPitch);
  const { geometry, quietZone } = plan.encoded;

  // pdfkit's page space has its origin at the top left, y down, in points.
  const ox = (x + quietZone * plan.module) * PT_PER_MM;
  const m = plan.module * PT_PER_MM;
  const ops: string[] = ['q', '0 g'];
  if (geometry.kind === 'matrix') {
    const oy = (y + quietZone * plan.module) * PT_PER_MM;
    ops.push(`${num(m)} 0 0 ${num(m)} ${num(ox)} ${num(oy)} cm`);
    // One rectangle per horizontal run of dark modules, in module units.
    const { columns, rows, dark } = geometry;
    for (let r = 0; r < rows; r++) {
      let c = 0;
      while (c < columns) {
        if (dark[r * columns + c] === 1) {
          const start = c;
          while (c < columns && dark[r * columns + c] === 1) c++;
          ops.push(`${start} ${r} ${c - start} 1 re`);
        } else {
          c++;
        }
      }
    }
  } else {
    ops.push(`${num(m)} 0 0 ${num(plan.barHeight * PT_PER_MM)} ${num(ox)} ${num(y * PT_PER_MM)} cm`);
    let position = 0;
    geometry.widths.forEach((w, i) => {
      if (i % 2 === 0) ops.push(`${position} 0 ${w} 1 re`);
      position += w;
    });
  }
  ops.push('f', 'Q');
  doc.addContent(ops.join('\n'));

  const centre = left + contentWidth / 2;
  let lineTop = y + plan.height + CAPTION_GAP;
  for (const line of plan.lines) {
    doc.fontSize(line.size);
    const w = doc.widthOfString(line.text) / PT_PER_MM;
    doc.text(line.text, (centre - w / 2) * PT_PER_MM, (lineTop + ((LINE_HEIGHT - 1) * line.size) / 2 / PT_PER_MM) * PT_PER_MM, { lineBreak: false });
    lineTop += lineHeight(line.size);
  }
}

/** Short hairlines in the page margins on every cell boundary, for a guillotine or a ruler. */
function drawCropMarks(doc: PDFKit.PDFDocument, layout: LayoutSpec): void {
  const ops = ['q', '0.25 w', '0.5 G'];
  const line = (x1: number, y1: number, x2: number, y2: number): void => {
    ops.push(`${num(x1 * PT_PER_MM)} ${num(y1 * PT_PER_MM)} m ${num(x2 * PT_PER_MM)} ${num(y2 * PT_PER_MM)} l`);
  };
  const inset = 2;
  for (let i = 0; i <= layout.columns; i++) {
    const x = layout.marginX + i * cellWidth(layout);
    line(x, inset, x, layout.marginY - inset);
    line(x, layout.pageHeight - layout.marginY + inset, x, layout.pageHeight - inset);
  }
  for (let j = 0; j <= layout.rows; j++) {
    const y = layout.marginY + j * cellHeight(layout);
    line(Math.min(inset, layout.marginX / 4), y, layout.marginX - inset, y);
    line(layout.pageWidth - layout.marginX + inset, y, layout.pageWidth - Math.min(inset, layout.marginX / 4), y);
  }
  ops.push('S', 'Q');
  doc.addContent(ops.join('\n'));
}
